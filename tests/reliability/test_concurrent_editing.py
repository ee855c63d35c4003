"""Two editors with the same story open: the second to save learns of the first's version, and
no save ever silently replaces another."""

import html
import re

import pytest

from django.conf import settings
from django.test import Client
from django.urls import reverse

from dateline.news.models import ArticlePage
from tests.admin_forms import article_form
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class EditingSession:
    """One editor's browser tab with the story's edit form open."""

    def __init__(self, user, story):
        self.client = Client()
        self.client.force_login(user)
        self.url = reverse("wagtailadmin_pages:edit", args=[story.pk])
        self.page = self.client.get(self.url).content.decode()
        self.loaded = {name: self.hidden(name)
                       for name in ("loaded_revision_id", "loaded_revision_created_at")}

    def hidden(self, name):
        return html.unescape(re.search(rf'name="{name}" value="([^"]*)"', self.page).group(1))

    def save(self, story, paragraph, **buttons):
        return self.client.post(self.url, {**article_form(story, paragraph=paragraph),
                                           **self.loaded, **buttons})

    def autosave(self, story, paragraph):
        """What Wagtail's autosave posts, then what static/dateline/js/editing-session.js
        does with the answer: the form names the revision its autosave wrote."""
        form = {**article_form(story, paragraph=paragraph), **self.loaded}
        if "autosaved_revision_id" in self.loaded:
            form["overwrite_revision_id"] = self.loaded["autosaved_revision_id"]
        answer = self.client.post(self.url, form, HTTP_ACCEPT="application/json").json()
        assert answer["success"], answer
        self.loaded["autosaved_revision_id"] = str(answer["revision_id"])

    def messages_after(self, response):
        return html.unescape(self.client.get(response.url).content.decode())


@pytest.fixture
def story(desk):
    return ArticlePage.objects.get(pk=desk.published.pk)


@pytest.fixture
def first(desk, story):
    return EditingSession(desk.editor, story)


@pytest.fixture
def second(desk, story):
    return EditingSession(UserFactory(editor=True, first_name="Ana", last_name="Beridze"), story)


def live_text(story):
    return ArticlePage.objects.get(pk=story.pk).body.render_as_block()


def test_editing_sessions_are_on_and_the_edit_form_carries_its_revision(first, story):
    assert settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL > 0
    assert "data-w-session-interval-value" in first.page
    assert first.loaded["loaded_revision_id"] == str(story.latest_revision_id)


def test_the_other_session_is_told_of_a_newer_version_while_it_edits(first, second, story):
    second.save(story, "Ferries will run three times a day.")
    ping_url = html.unescape(re.search(r'data-w-swap-src-value="([^"]+)"', first.page).group(1))
    ping = first.client.post(ping_url, {"revision_id": first.hidden("revision_id"),
                                        "revision_created_at": first.hidden(
                                            "revision_created_at")}).json()
    newer = ArticlePage.objects.get(pk=story.pk).latest_revision_id
    assert [other["revision_id"] for other in ping["other_sessions"]] == [newer]
    assert "Ana Beridze" in ping["html"]


def test_an_autosave_from_an_out_of_date_form_is_refused(first, second, story):
    second.save(story, "Ferries will run three times a day.")
    revisions_before = story.revisions.count()
    response = first.client.post(first.url, {**article_form(story, paragraph="Two a day."),
                                             **first.loaded}, HTTP_ACCEPT="application/json")
    assert response.json()["error_code"] == "invalid_revision"
    assert story.revisions.count() == revisions_before


def test_saving_over_a_newer_version_keeps_both_and_says_whose_it_was(first, second, story):
    second.save(story, "Ferries will run three times a day.")
    response = first.save(story, "Ferries will run twice a day.")
    contents = [revision.as_object().body.render_as_block()
                for revision in story.revisions.order_by("-created_at", "-pk")[:2]]
    assert "twice a day" in contents[0]
    assert "three times a day" in contents[1]
    assert "Ana Beridze saved a newer version" in first.messages_after(response)


def test_publishing_from_an_out_of_date_form_is_refused(first, second, story):
    before = live_text(story)
    second.save(story, "Ferries will run three times a day.")
    response = first.save(story, "Ferries will run twice a day.",
                          **{"action-publish": "action-publish"})
    assert live_text(story) == before
    latest = ArticlePage.objects.get(pk=story.pk).get_latest_revision_as_object()
    assert "twice a day" in latest.body.render_as_block()
    told = first.messages_after(response)
    assert "Not published: Ana Beridze saved a newer version" in told
    assert "has been updated" not in told, told  # no green "saved" beside the red "not published"


def test_publishing_after_ones_own_autosaves_goes_live(first, story):
    first.autosave(story, "Ferries will run once a day.")
    first.autosave(story, "Ferries will run twice a day.")
    response = first.save(story, "Ferries will run twice a day, said the port.",
                          **{"action-publish": "action-publish"})
    assert "twice a day, said the port" in live_text(story)
    assert "saved a newer version" not in first.messages_after(response)


def test_publishing_after_an_autosave_is_refused_when_another_editor_saved_since(first, second,
                                                                                story):
    first.autosave(story, "Ferries will run twice a day.")
    second.save(story, "Ferries will run three times a day.")
    before = live_text(story)
    response = first.save(story, "Ferries will run twice a day.",
                          **{"action-publish": "action-publish"})
    assert live_text(story) == before
    assert "Not published: Ana Beridze saved a newer version" in first.messages_after(response)


def test_the_same_editor_in_another_tab_is_another_version(desk, first, story):
    first.autosave(story, "Ferries will run twice a day.")
    other_tab = EditingSession(desk.editor, story)
    other_tab.save(story, "Ferries will run three times a day.")
    before = live_text(story)
    response = first.save(story, "Ferries will run twice a day.",
                          **{"action-publish": "action-publish"})
    assert live_text(story) == before
    assert "Not published:" in first.messages_after(response)


def test_a_revision_named_as_ones_own_autosave_must_be_ones_own(first, second, story):
    """A form cannot pass another editor's newer revision off as its own autosave."""
    second.save(story, "Ferries will run three times a day.")
    first.loaded["autosaved_revision_id"] = str(
        ArticlePage.objects.get(pk=story.pk).latest_revision_id)
    before = live_text(story)
    first.save(story, "Ferries will run twice a day.", **{"action-publish": "action-publish"})
    assert live_text(story) == before


def test_an_up_to_date_form_publishes_as_usual(first, story):
    first.save(story, "Ferries will run twice a day.", **{"action-publish": "action-publish"})
    assert "twice a day" in live_text(story)


def test_an_out_of_date_form_that_does_not_validate_is_not_said_to_be_saved(first, second,
                                                                           story):
    second.save(story, "Ferries will run three times a day.")
    response = first.save(story, "Ferries will run twice a day.", title="")
    assert response.status_code == 200
    assert "saved a newer version" not in response.content.decode()


RACES = 12


def test_no_race_between_two_editors_silently_overwrites_a_version(desk, story,
                                                                    report_figure):
    """Each round both editors open the story, then save or publish one after the other;
    the later save must keep the earlier version as a revision and say whose it was."""
    silent = 0
    for race in range(RACES):
        first = EditingSession(desk.editor, story)
        second = EditingSession(UserFactory(editor=True, first_name="Ana",
                                            last_name=f"Beridze {race}"), story)
        buttons = {"action-publish": "action-publish"} if race % 2 else {}
        second.save(story, f"Round {race}: three ferries.", **buttons)
        response = first.save(story, f"Round {race}: two ferries.", **buttons)
        kept = [revision.as_object().body.render_as_block()
                for revision in story.revisions.order_by("-created_at", "-pk")[:2]]
        told = f"Ana Beridze {race} saved a newer version" in first.messages_after(response)
        if not (told and f"Round {race}: three ferries." in kept[1]
                and f"Round {race}: two ferries." in kept[0]):
            silent += 1
    report_figure("concurrent edits: silent overwrites", f"{silent} of {RACES} races")
    assert silent == 0

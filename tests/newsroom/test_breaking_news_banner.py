"""The breaking-news banner shows on every public page between its start and end, and nowhere
outside them."""

import datetime
import re

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from dateline.newsroom.banner import showing_banner
from dateline.newsroom.models import BreakingNewsBanner
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def in_hours(hours):
    return timezone.now() + datetime.timedelta(hours=hours)


@pytest.fixture
def story(newsroom):
    return ArticlePageFactory(parent=newsroom.section, title="Earthquake shakes the valley")


def banner(story, starts, ends, **fields):
    return BreakingNewsBanner.objects.create(article=story, starts_at=in_hours(starts),
                                             ends_at=in_hours(ends), **fields)


def public_pages(newsroom, story):
    return [newsroom.home.url, newsroom.section.url, story.url, newsroom.about.url,
            newsroom.on_this_day.url, "/search/?q=valley", "/corrections/",
            f"/archive/{timezone.localtime().year}/", "/no-such-page/"]


def test_a_running_banner_shows_on_every_public_page(client, newsroom, story):
    banner(story, starts=-1, ends=2, label=BreakingNewsBanner.Label.LIVE)
    for url in public_pages(newsroom, story):
        html = client.get(url).content.decode()
        assert 'class="breaking-banner"' in html, url
        assert f'href="{story.url}">Earthquake shakes the valley</a>' in html, url
        assert ">Live</strong>" in html, url


@pytest.mark.parametrize("starts, ends", [(1, 3), (-3, -1)])
def test_no_page_shows_a_banner_before_it_starts_or_after_it_ends(client, newsroom, story,
                                                                  starts, ends):
    banner(story, starts=starts, ends=ends)
    for url in public_pages(newsroom, story):
        assert 'class="breaking-banner"' not in client.get(url).content.decode(), url


def test_a_banner_for_an_unpublished_story_does_not_show(client, newsroom, story):
    banner(story, starts=-1, ends=2)
    story.unpublish()
    assert 'class="breaking-banner"' not in client.get(newsroom.home.url).content.decode()


def test_the_banner_that_started_last_wins_and_can_carry_its_own_text(client, newsroom, story):
    later = ArticlePageFactory(parent=newsroom.section, title="Aftershock reported")
    banner(story, starts=-2, ends=2)
    banner(later, starts=-1, ends=2, text="Aftershock: what we know so far")
    html = client.get(newsroom.home.url).content.decode()
    assert "Aftershock: what we know so far" in html
    assert "Earthquake shakes the valley</a>" not in html.split("<main")[0]


def test_a_banner_must_end_after_it_starts(story):
    with pytest.raises(ValidationError):
        BreakingNewsBanner(article=story, starts_at=in_hours(2), ends_at=in_hours(1)).full_clean()


def test_a_remembered_answer_never_outlives_the_next_start_or_end(newsroom, story):
    upcoming = banner(story, starts=1, ends=2)
    before_start = upcoming.starts_at - datetime.timedelta(seconds=1)
    assert showing_banner(newsroom.site, now=before_start) is None
    shown = showing_banner(newsroom.site, now=upcoming.starts_at)
    assert shown["headline"] == story.title
    assert showing_banner(newsroom.site, now=upcoming.ends_at) is None


def test_an_embargoed_story_takes_its_banner_live_with_it(newsroom):
    embargoed = ArticlePageFactory(parent=newsroom.section, embargoed=True)
    banner(embargoed, starts=-1, ends=48)
    assert showing_banner(newsroom.site) is None
    assert showing_banner(newsroom.site, now=embargoed.published_at)["url"] == embargoed.url


def test_an_editor_sets_a_banner_in_the_admin_and_a_bad_time_is_a_form_error(
        admin_client, newsroom, story):
    add_url = "/admin/snippets/newsroom/breakingnewsbanner/add/"
    local = "%Y-%m-%d %H:%M"
    fields = {"label": "breaking", "article": story.pk, "text": "", "ending": "at_a_time"}
    refused = admin_client.post(add_url, {
        **fields, "starts_at": timezone.localtime(in_hours(1)).strftime(local),
        "ends_at": timezone.localtime(in_hours(-1)).strftime(local),
    })
    assert refused.status_code == 200
    assert not BreakingNewsBanner.objects.exists()

    accepted = admin_client.post(add_url, {
        **fields, "starts_at": timezone.localtime(in_hours(-1)).strftime(local),
        "ends_at": timezone.localtime(in_hours(1)).strftime(local),
    })
    assert accepted.status_code == 302
    assert 'class="breaking-banner"' in admin_client.get(newsroom.home.url).content.decode()


def test_a_banner_chosen_to_run_until_removed_shows_until_it_is_deleted(client, newsroom,
                                                                       story):
    running = BreakingNewsBanner.objects.create(article=story, starts_at=in_hours(-1),
                                                ends_at=None)
    assert showing_banner(newsroom.site)["headline"] == story.title
    assert showing_banner(newsroom.site, now=in_hours(24 * 400))["headline"] == story.title
    running.delete()
    assert 'class="breaking-banner"' not in client.get(newsroom.home.url).content.decode()


BANNER_ADD_URL = "/admin/snippets/newsroom/breakingnewsbanner/add/"


def banner_form(story, **fields):
    local = "%Y-%m-%d %H:%M"
    return {"label": "breaking", "article": story.pk, "text": "",
            "starts_at": timezone.localtime(in_hours(-1)).strftime(local), "ends_at": "",
            **{name: timezone.localtime(value).strftime(local)
               if isinstance(value, datetime.datetime) else value
               for name, value in fields.items()}}


@pytest.mark.parametrize("fields", [
    {},  # no choice made: the end is never implied
    {"ending": "at_a_time"},  # a set time, but none given
    {"ending": "until_removed", "ends_at": in_hours(2)},  # both: which one is meant?
    {"ending": "sometime"},
])
def test_the_admin_asks_how_a_banner_ends_and_refuses_an_unclear_answer(admin_client,
                                                                         newsroom, story,
                                                                         fields):
    response = admin_client.post(BANNER_ADD_URL, banner_form(story, **fields))
    assert response.status_code == 200
    assert "error" in response.content.decode()
    assert not BreakingNewsBanner.objects.exists()


def test_an_editor_chooses_until_removed_and_the_listing_says_so(admin_client, newsroom,
                                                                 story):
    form = admin_client.get(BANNER_ADD_URL).content.decode()
    assert 'value="until_removed"' in form
    assert not re.search(r'name="ending"[^>]*checked', form)

    response = admin_client.post(BANNER_ADD_URL, banner_form(story, ending="until_removed"))
    assert response.status_code == 302
    banner = BreakingNewsBanner.objects.get()
    assert banner.ends_at is None
    listing = admin_client.get("/admin/snippets/newsroom/breakingnewsbanner/").content.decode()
    assert "Until removed" in listing
    edit = admin_client.get(f"/admin/snippets/newsroom/breakingnewsbanner/edit/{banner.pk}/")
    assert re.search(r'value="until_removed"[^>]*checked', edit.content.decode())


def test_each_edition_shows_only_its_own_banner(client, editions, settings):
    settings.LANGUAGES = [("en", "English"), ("fa", "Persian")]
    banner(editions.story, starts=-1, ends=2, text="The bridge is open")
    banner(editions.fa_only_story, starts=-1, ends=2)
    english = client.get(editions.english_only_story.url).content.decode()
    persian = client.get(editions.fa_only_story.url).content.decode()
    assert ">The bridge is open</a>" in english
    assert editions.fa_only_story.title not in english.split('class="breaking-banner"')[1][:400]
    banner_html = persian.split('class="breaking-banner"')[1][:400]
    assert f'href="{editions.fa_only_story.url}">{editions.fa_only_story.title}</a>' in banner_html
    assert "The bridge is open" not in persian


def test_an_editor_translates_a_banner_into_the_persian_edition(admin_client, editions,
                                                                settings):
    settings.LANGUAGES = [("en", "English"), ("fa", "Persian")]
    english = banner(editions.story, starts=-1, ends=2, text="The bridge is open")
    assert 'class="breaking-banner"' not in client_html(admin_client, editions.fa_only_story)

    response = admin_client.post(
        f"/admin/translation/submit/snippet/newsroom/breakingnewsbanner/{english.pk}/",
        {"locales": [editions.fa_home.locale_id]})
    assert response.status_code == 302
    translated = english.get_translation(editions.fa_home.locale)
    # The translation points at the story's Persian translation, for the editor to reword.
    assert translated.article_id == editions.fa_story.pk
    translated.text = "پل باز شد"
    translated.save()

    persian = client_html(admin_client, editions.fa_only_story)
    assert f'href="{editions.fa_story.url}">پل باز شد</a>' in persian
    assert "The bridge is open" not in persian
    assert ">The bridge is open</a>" in client_html(admin_client, editions.english_only_story)


def client_html(client, page):
    return client.get(page.url).content.decode()

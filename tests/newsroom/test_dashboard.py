"""The admin's home is the newsroom's: where to write, what is unfinished, what goes live later,
what went out today, and what the copy desk finds in live stories."""

import datetime

import pytest

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import LockedPagesPanel, RecentEditsPanel
from wagtail.models import GroupPagePermission

from dateline.news.dates import format_date
from dateline.news.models import ArticlePage
from dateline.newsroom.dashboard import NEWSROOM_PANELS, newsroom_home
from tests.factories import ArticlePageFactory, UserFactory

pytestmark = pytest.mark.django_db


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def site_time(desk, value):
    """A time as the site shows it, in the site's zone (London in the tests)."""
    with timezone.override(desk.settings.zone()):
        return format_date(value, "datetime")


def panel(html, panel_id):
    """The HTML of one dashboard panel, by its id."""
    start = html.index(f'id="{panel_id}')
    end = html.find('class="w-panel ', start)
    return html[start:end if end != -1 else len(html)]


def test_write_a_story_links_to_a_new_article_in_each_section(client, desk):
    html = panel(dashboard(client, desk.contributor), "write-story")
    for section in (desk.section, desk.other_section):
        add = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
        assert f'href="{add}"' in html
        assert section.title in html


def test_write_a_story_leaves_out_sections_the_user_may_not_file_in(client, desk):
    # A stringer who may file in one section only.
    desk_group = Group.objects.create(name="Caucasus stringers")
    desk_group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=desk_group, page=desk.section,
                                       permission=Permission.objects.get(codename="add_page"))
    stringer = UserFactory(username="stringer")
    stringer.groups.add(desk_group)

    html = panel(dashboard(client, stringer), "write-story")
    assert desk.section.title in html
    assert desk.other_section.title not in html


def test_my_drafts_lists_the_users_unpublished_stories_and_not_a_colleagues(client, desk):
    html = panel(dashboard(client, desk.contributor), "my-drafts")
    assert desk.own_draft.title in html
    assert reverse("wagtailadmin_pages:edit", args=[desk.own_draft.pk]) in html
    assert desk.others_draft.title not in html
    assert desk.published.title not in html


def test_my_drafts_says_so_when_nothing_is_unfinished(client, desk):
    html = panel(dashboard(client, desk.editor), "my-drafts")
    assert "No unfinished stories" in html


def test_awaiting_my_review_lists_a_submitted_story_for_an_editor_and_not_its_writer(client,
                                                                                   desk):
    html = panel(dashboard(client, desk.editor), "awaiting-review")
    assert "Awaiting your review" in html
    assert desk.in_review.title in html
    assert reverse("wagtailadmin_pages:edit", args=[desk.in_review.pk]) in html
    assert desk.own_draft.title not in html
    assert 'id="awaiting-review' not in dashboard(client, desk.other_contributor)


def test_scheduled_lists_a_story_with_its_go_live_time_in_the_sites_style(client, desk):
    at = timezone.now() + datetime.timedelta(hours=3)
    story = desk.own_draft
    story.go_live_at = at
    story.save_revision(user=desk.editor).publish(user=desk.editor)

    html = panel(dashboard(client, desk.editor), "scheduled")
    assert story.title in html
    assert site_time(desk, at) in html
    assert "Scheduled by" in html


def test_scheduled_lists_a_live_story_whose_publication_time_is_ahead(client, desk):
    story = ArticlePageFactory(parent=desk.section, embargoed=True, authors=[desk.author],
                               title="Budget figures released at noon")
    html = panel(dashboard(client, desk.editor), "scheduled")
    assert story.title in html
    assert site_time(desk, story.published_at) in html


def test_published_today_lists_todays_stories_with_section_and_byline(client, desk):
    # The desk's story went out two hours ago, which is yesterday just after midnight.
    start_of_today = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    ArticlePage.objects.filter(pk=desk.published.pk).update(published_at=start_of_today)
    yesterday = ArticlePageFactory(parent=desk.section, authors=[desk.author],
                                   title="Old ferry news",
                                   published_at=timezone.now() - datetime.timedelta(days=2))
    html = panel(dashboard(client, desk.editor), "published-today")
    assert desk.published.title in html
    assert desk.author.title in html
    assert desk.section.title in html
    assert yesterday.title not in html


def test_copy_desk_findings_name_a_live_story_with_a_fault_and_what_it_is(client, desk):
    faulty = ArticlePageFactory(parent=desk.section, authors=[desk.author],
                                title="Harbour reopens",
                                standfirst="Lorem ipsum dolor sit amet, the harbour reopens.")
    html = panel(dashboard(client, desk.editor), "copy-desk-findings")
    assert faulty.title in html
    assert "Standfirst: “Lorem” This is lorem ipsum" in html
    assert "Must fix" in html
    assert desk.published.title not in html


def test_the_newsroom_home_replaces_recent_edits_and_keeps_everyone_elses_panels():
    class FirstRunChecklist(Component):
        order = 10

    theirs = FirstRunChecklist()
    panels = [RecentEditsPanel(), LockedPagesPanel(), theirs]
    newsroom_home(None, panels)
    kinds = [type(panel) for panel in panels]
    assert RecentEditsPanel not in kinds
    assert LockedPagesPanel in kinds
    assert theirs in panels
    assert all(kind in kinds for kind in NEWSROOM_PANELS)


def test_copy_desk_findings_are_read_again_once_a_story_is_published(client, desk):
    assert "Harbour reopens" not in panel(dashboard(client, desk.editor), "copy-desk-findings")
    faulty = ArticlePageFactory(parent=desk.section, authors=[desk.author], draft=True,
                                title="Harbour reopens", standfirst="Lorem ipsum, reopened.")
    faulty.save_revision(user=desk.editor).publish(user=desk.editor)
    assert "Harbour reopens" in panel(dashboard(client, desk.editor), "copy-desk-findings")

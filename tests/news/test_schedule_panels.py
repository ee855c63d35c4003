"""The story's editor says where it stands on the clock and opens a scheduling dialog whose
date pickers open inside their fields."""

import datetime
import json
import re

import pytest

from django.utils import timezone

from wagtail.admin.panels import PublishingPanel
from wagtail.models import Page

from dateline.news.dates import format_date
from dateline.news.models import ArticlePage
from dateline.news.schedule_panels import InFieldDateTimeInput
from tests.admin_forms import PUBLISH, article_form, edit_url
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def publishing_panel(editor_client, story):
    html = editor_client.get(edit_url(story)).content.decode()
    return html[html.index("data-schedule-status"):].split("</div>", 1)[0]


def site_time(newsroom, value):
    with timezone.override(newsroom.settings.zone()):
        return format_date(value, "datetime")


def test_a_draft_says_it_goes_live_when_published(editor_client, draft):
    assert "Not scheduled: the story goes live when it is published." in publishing_panel(
        editor_client, draft)


def test_a_scheduled_story_says_when_it_goes_live_in_the_sites_style(editor_client, draft,
                                                                       newsroom):
    at = (timezone.now() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    with timezone.override(newsroom.settings.zone()):
        typed = timezone.localtime(at).strftime("%Y-%m-%d %H:%M")
    response = editor_client.post(edit_url(draft), article_form(draft, go_live_at=typed,
                                                                **PUBLISH))
    assert response.status_code == 302
    panel = publishing_panel(editor_client, draft)
    assert f"Scheduled to go live on {site_time(newsroom, at)}." in panel
    assert "Scheduled by" in panel


def test_a_go_live_time_saved_in_a_draft_says_it_is_not_in_effect_yet(editor_client, draft,
                                                                        newsroom):
    at = (timezone.now() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    draft.go_live_at = at
    draft.save_revision()
    panel = publishing_panel(editor_client, draft)
    assert f"Go-live time {site_time(newsroom, at)} is set but not yet in effect" in panel


def test_a_live_story_with_a_later_publication_time_says_when_readers_see_it(editor_client,
                                                                              newsroom):
    story = ArticlePageFactory(parent=newsroom.section, embargoed=True,
                               authors=[newsroom.author])
    panel = publishing_panel(editor_client, story)
    assert f"readers see it from {site_time(newsroom, story.published_at)}" in panel


def test_the_panel_opens_wagtails_scheduling_dialog(editor_client, draft):
    html = editor_client.get(edit_url(draft)).content.decode()
    assert 'data-a11y-dialog-show="schedule-publishing-dialog"' in publishing_panel(
        editor_client, draft)
    assert html.count('id="schedule-publishing-dialog"') == 1
    assert html.count('name="go_live_at"') == 1


def test_the_dialogs_pickers_open_inside_their_own_fields(editor_client, draft):
    html = editor_client.get(edit_url(draft)).content.decode()
    configs = {name: json.loads(config) for name, config in re.findall(
        r'initDateTimeChooser\("id_(go_live_at|expire_at)", (\{.*?\})\);', html)}
    assert configs["go_live_at"]["parentID"] == (
        '#schedule-publishing-dialog [data-contentpath="go_live_at"] [data-field-input]')
    assert configs["expire_at"]["parentID"] == (
        '#schedule-publishing-dialog [data-contentpath="expire_at"] [data-field-input]')
    assert "news/admin/schedule.css" in html


def test_the_article_replaces_wagtails_own_scheduling_dialog_and_keeps_the_rest():
    # ArticlePage.settings_panels drops Page.settings_panels[0]: it must be the dialog.
    assert Page.settings_panels[0].construct().__class__ is PublishingPanel
    panels = ArticlePage.settings_panels
    assert isinstance(panels[0], PublishingPanel)
    assert all(isinstance(child.widget, InFieldDateTimeInput) for child in panels[0].children)
    assert panels[1:] == Page.settings_panels[1:]

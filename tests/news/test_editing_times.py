"""Times typed in the story editor: read in the site's zone, a new note's time is now, and no
note, update or publication time lies ahead of the story's publication, where it would hide
something from readers without a word."""

import datetime
import html
import re
import zoneinfo

import pytest

from django.utils import timezone

from dateline.news.models import ArticleCorrection, ArticlePage
from tests.admin_forms import PUBLISH, article_form, edit_url, formset

pytestmark = pytest.mark.django_db

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
TYPED = "%Y-%m-%d %H:%M"


@pytest.fixture
def in_tehran(newsroom):
    newsroom.settings.time_zone = "Asia/Tehran"
    newsroom.settings.save()
    return newsroom


def typed(moment):
    """A time as an editor types it, in the site's zone."""
    return moment.astimezone(TEHRAN).strftime(TYPED)


def with_note(draft, noted_at, text="The ferry leaves at nine, not ten.", **fields):
    return article_form(draft, **formset("corrections", [
        {"kind": "correction", "noted_at": noted_at, "text": text}]), **fields)


def note_errors(response):
    return response.context["form"].formsets["corrections"].forms[0].errors


def test_a_new_note_starts_at_now_in_the_sites_zone(editor_client, in_tehran, draft):
    page = editor_client.get(edit_url(draft)).content.decode()
    field = re.search(r'<input[^>]*name="corrections-__prefix__-noted_at"[^>]*>', page).group(0)
    shown = datetime.datetime.strptime(re.search(r'value="([^"]+)"', field).group(1), TYPED)
    now_in_tehran = timezone.now().astimezone(TEHRAN).replace(tzinfo=None)
    assert abs(now_in_tehran - shown) < datetime.timedelta(minutes=2)


def test_a_note_timed_now_is_kept_and_read_in_the_sites_zone(editor_client, in_tehran, draft):
    now = timezone.now().replace(second=0, microsecond=0)
    response = editor_client.post(edit_url(draft), with_note(draft, typed(now), **PUBLISH))
    assert response.status_code == 302
    [note] = ArticleCorrection.objects.filter(article=draft)
    assert note.noted_at == now
    story = ArticlePage.objects.get(pk=draft.pk)
    assert story.live
    assert "not ten" in html.unescape(editor_client.get(story.url).content.decode())
    assert "not ten" in html.unescape(editor_client.get("/corrections/").content.decode())


def test_a_note_timed_in_the_future_is_refused_beside_its_field(editor_client, in_tehran, draft):
    later = timezone.now() + datetime.timedelta(hours=3)
    response = editor_client.post(edit_url(draft), with_note(draft, typed(later), **PUBLISH))
    assert response.status_code == 200
    [error] = note_errors(response)["noted_at"]
    assert "in the future" in error and "hidden" in error
    assert later.astimezone(TEHRAN).strftime("%H:%M") in error  # said in the site's zone
    assert not ArticleCorrection.objects.filter(article=draft).exists()
    assert not ArticlePage.objects.get(pk=draft.pk).live


def test_an_update_time_in_the_future_is_refused(editor_client, in_tehran, draft):
    later = timezone.now() + datetime.timedelta(hours=1)
    response = editor_client.post(edit_url(draft), article_form(
        draft, updated_at=typed(later), **PUBLISH))
    assert response.status_code == 200
    assert "has not happened" in response.context["form"].errors["updated_at"][0]
    assert not ArticlePage.objects.get(pk=draft.pk).live


def test_a_publication_time_in_the_future_is_refused(editor_client, in_tehran, draft):
    later = timezone.now() + datetime.timedelta(hours=1)
    response = editor_client.post(edit_url(draft), article_form(
        draft, published_at=typed(later), **PUBLISH))
    assert response.status_code == 200
    assert "schedule it" in response.context["form"].errors["published_at"][0]


def test_a_publication_time_up_to_the_scheduled_go_live_is_taken(editor_client, in_tehran, draft):
    go_live = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(hours=2)
    response = editor_client.post(edit_url(draft), article_form(
        draft, published_at=typed(go_live), go_live_at=typed(go_live), **PUBLISH))
    assert response.status_code == 302
    story = ArticlePage.objects.get(pk=draft.pk)
    assert not story.live
    assert story.get_latest_revision().approved_go_live_at == go_live

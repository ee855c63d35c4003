"""Date-time fields across the admin name the zone their times are read in, and offer "Now" in
that zone; the headline fills in the slug as in stock Wagtail."""

import datetime
import html
import re
import zoneinfo

import pytest

from django.urls import reverse

from wagtail.users.models import UserProfile

from dateline.newsroom.widgets import utc_offset
from tests.admin_forms import edit_url

pytestmark = pytest.mark.django_db


def zones_named(page):
    return set(re.findall(r'data-dateline-zone="([^"]+)"', page))


def test_the_story_editor_names_the_sites_zone_beside_each_time(editor_client, newsroom, draft):
    newsroom.settings.time_zone = "Asia/Tehran"
    newsroom.settings.save()
    page = html.unescape(editor_client.get(edit_url(draft)).content.decode())
    assert zones_named(page) == {"Asia/Tehran"}
    # Published at, updated at, and the note's time in the new-note template.
    assert page.count("Time in Asia/Tehran (UTC+03:30)") >= 3
    assert "dateline/js/zoned-datetime" in page
    # "Now" writes the time as the field reads it.
    assert set(re.findall(r'data-dateline-format="([^"]+)"', page)) == {"%Y-%m-%d %H:%M"}


def test_an_editor_who_chose_a_zone_sees_that_zone(client, desk):
    UserProfile.objects.update_or_create(user=desk.editor,
                                         defaults={"current_time_zone": "America/Los_Angeles"})
    client.force_login(desk.editor)
    page = client.get(edit_url(desk.published)).content.decode()
    assert zones_named(page) == {"America/Los_Angeles"}


def test_the_banners_times_name_the_zone_too(editor_client, newsroom):
    newsroom.settings.time_zone = "Pacific/Kiritimati"
    newsroom.settings.save()
    page = editor_client.get(reverse("wagtailsnippets_newsroom_breakingnewsbanner:add"))
    assert zones_named(page.content.decode()) == {"Pacific/Kiritimati"}


@pytest.mark.parametrize(("zone", "offset"), [
    ("Asia/Tehran", "UTC+03:30"), ("America/Los_Angeles", "UTC−08:00"),
    ("Pacific/Kiritimati", "UTC+14:00"), ("UTC", "UTC+00:00"),
])
@pytest.mark.database_independent
def test_offsets_are_written_out_with_hours_and_minutes(zone, offset):
    winter = datetime.datetime(2026, 12, 7, 12, tzinfo=zoneinfo.ZoneInfo(zone))
    assert utc_offset(winter) == offset


@pytest.mark.parametrize(("model", "parent"), [("articlepage", "section"),
                                               ("authorpage", "authors")])
def test_the_headline_or_name_fills_in_the_slug(editor_client, newsroom, model, parent):
    url = reverse("wagtailadmin_pages:add", args=["news", model, getattr(newsroom, parent).pk])
    page = editor_client.get(url).content.decode()
    title = re.search(r'<input[^>]*name="title"[^>]*>', page).group(0)
    # Wagtail's TitleFieldPanel: the title drives the slug field through its sync controller.
    assert "w-sync" in title and "#id_slug" in html.unescape(title)

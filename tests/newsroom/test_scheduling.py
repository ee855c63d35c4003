"""The worker's scheduler publishes what is due, once, in UTC; the admin reads times in the
site's time zone, across clock changes."""

import datetime
import zoneinfo
from unittest import mock

import pytest

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import PageLogEntry, Revision
from wagtail.users.models import UserProfile

from dateline.news.models import ArticlePage
from dateline.newsroom.scheduling import publish_due
from tests.admin_forms import PUBLISH, article_form, edit_url
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
MINUTE = datetime.timedelta(minutes=1)


def scheduled_story(newsroom, at):
    story = ArticlePageFactory(parent=newsroom.section, draft=True, authors=[newsroom.author],
                               published_at=None)
    story.go_live_at = at
    story.save_revision().publish()
    return ArticlePage.objects.get(pk=story.pk)


def publish_due_at(moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return publish_due()


def test_a_story_goes_live_when_its_time_comes_and_only_once(newsroom):
    at = timezone.now() + datetime.timedelta(hours=1)
    story = scheduled_story(newsroom, at)

    assert publish_due_at(at - MINUTE).published == 0
    assert publish_due_at(at).published == 1
    assert publish_due_at(at + MINUTE).published == 0

    story.refresh_from_db()
    assert story.live
    assert story.live_revision == story.latest_revision
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()
    assert PageLogEntry.objects.filter(page=story, action="wagtail.publish.scheduled").count() == 1
    assert story.published_at == at


def test_an_expired_story_is_taken_down_once(newsroom):
    story = ArticlePageFactory(parent=newsroom.section, authors=[newsroom.author])
    story.expire_at = timezone.now() + datetime.timedelta(hours=1)
    story.save_revision().publish()

    assert publish_due_at(story.expire_at - MINUTE).expired == 0
    assert publish_due_at(story.expire_at).expired == 1
    assert publish_due_at(story.expire_at + MINUTE).expired == 0
    story.refresh_from_db()
    assert not story.live
    assert story.expired


def test_a_story_that_fails_to_publish_does_not_hold_back_the_rest(newsroom):
    at = timezone.now() + datetime.timedelta(hours=1)
    broken = scheduled_story(newsroom, at)
    fine = scheduled_story(newsroom, at + MINUTE)
    original_publish = Revision.publish

    def publish(revision, **kwargs):
        if revision.object_id == str(broken.pk):
            raise RuntimeError("the revision's content no longer loads")
        return original_publish(revision, **kwargs)

    with mock.patch.object(Revision, "publish", publish):
        done = publish_due_at(at + 2 * MINUTE)
    assert (done.published, done.failed) == (1, 1)
    assert ArticlePage.objects.get(pk=fine.pk).live
    assert Revision.objects.filter(approved_go_live_at__isnull=False).count() == 1


def schedule_in_admin(client, newsroom, story, typed):
    return client.post(edit_url(story), article_form(story, authors=[newsroom.author],
                                                     go_live_at=typed, **PUBLISH))


def approved_go_live_at(story):
    return Revision.objects.get(object_id=str(story.pk),
                                approved_go_live_at__isnull=False).approved_go_live_at


@pytest.mark.parametrize("server_zone", ["UTC", "America/New_York"])
def test_the_admin_reads_go_live_times_in_the_site_time_zone_not_the_servers(
        editor_client, newsroom, draft, settings, server_zone):
    settings.TIME_ZONE = server_zone
    newsroom.settings.time_zone = "Asia/Tehran"  # UTC+03:30 all year
    newsroom.settings.save()
    year = timezone.now().year + 1
    schedule_in_admin(editor_client, newsroom, draft, f"{year}-06-01 09:00")
    assert approved_go_live_at(draft) == datetime.datetime(year, 6, 1, 5, 30, tzinfo=datetime.UTC)


def test_an_editor_who_chose_a_time_zone_types_times_in_it(editor_client, newsroom, draft):
    profile = UserProfile.get_for_user(get_user_model().objects.get(username="chief"))
    profile.current_time_zone = "Asia/Tokyo"
    profile.save()
    year = timezone.now().year + 1
    schedule_in_admin(editor_client, newsroom, draft, f"{year}-06-01 09:00")
    assert approved_go_live_at(draft) == datetime.datetime(year, 6, 1, 0, 0, tzinfo=datetime.UTC)


def next_last_sunday(month):
    """The next last Sunday of ``month``: the day Europe/London changes its clocks."""
    year = timezone.now().year
    while True:
        last_day = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
        sunday = last_day - datetime.timedelta(days=(last_day.weekday() - 6) % 7)
        if sunday > timezone.now().date() + datetime.timedelta(days=1):
            return sunday
        year += 1


# London's clocks go forward at 01:00 GMT on the last Sunday of March (01:00-02:00 never
# happens) and back at 02:00 BST on the last Sunday of October (01:00-02:00 happens twice).
@pytest.mark.parametrize(("month", "typed", "utc"), [
    (3, "00:59", datetime.time(0, 59)),
    (3, "02:00", datetime.time(1, 0)),
    (10, "00:59", datetime.time(23, 59)),  # still summer time: the evening before in UTC
    (10, "02:00", datetime.time(2, 0)),
])
def test_go_live_times_around_a_clock_change_are_stored_and_published_at_the_right_instant(
        editor_client, newsroom, draft, month, typed, utc):
    day = next_last_sunday(month)
    response = schedule_in_admin(editor_client, newsroom, draft, f"{day} {typed}")
    assert response.status_code == 302

    instant = approved_go_live_at(draft)
    utc_day = day - datetime.timedelta(days=1) if utc.hour == 23 else day
    assert instant == datetime.datetime.combine(utc_day, utc, tzinfo=datetime.UTC)
    assert instant.astimezone(LONDON).strftime("%H:%M") == typed
    assert publish_due_at(instant - datetime.timedelta(seconds=1)).published == 0
    assert publish_due_at(instant).published == 1


@pytest.mark.parametrize(("month", "hour"), [(3, "the skipped"), (10, "the repeated")])
def test_a_go_live_time_in_the_hour_a_clock_change_skips_or_repeats_is_refused(
        editor_client, newsroom, draft, month, hour):
    day = next_last_sunday(month)
    response = schedule_in_admin(editor_client, newsroom, draft, f"{day} 01:30")
    assert response.status_code == 200, f"01:30 in {hour} hour was accepted"
    assert "may be ambiguous or it may not exist" in response.content.decode()
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()

import datetime
from io import StringIO

import pytest
from django_tasks import default_task_backend

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from dateline.importers.feeds import reading
from dateline.importers.feeds.polling import poll_feed
from dateline.importers.fetching import Fetched
from dateline.importers.models import FeedSubscription
from dateline.importers.wagtail_hooks import poll_saved_subscription
from dateline.news.models import ArticlePage

pytestmark = pytest.mark.django_db
URL = "https://wire.example.org/feed.xml"
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><guid>w1</guid><title>Dam opens</title><pubDate>Mon, 06 May 2024 07:08:09 GMT</pubDate>
<description>The dam opened.</description></item></channel></rss>"""


@pytest.fixture(autouse=True)
def queued_polls(settings):
    """Tasks are queued, not run, as with the worker; the test runs them itself."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()

    def polls():
        # Wagtail queues tasks of its own (search and reference indexes) as pages are saved.
        return [result for result in default_task_backend.results
                if result.task.func is poll_feed.func]

    return polls


@pytest.fixture
def feed_online(monkeypatch):
    monkeypatch.setattr(reading, "fetch", lambda url: Fetched(url, FEED, "application/rss+xml"))


def subscribe(*args):
    output = StringIO()
    call_command("import_feed", URL, "--section", "caucasus", "--subscribe", *args,
                 stdout=output)
    return output.getvalue()


def run(result):
    return poll_feed.call(*result.args)


def test_subscribing_saves_the_subscription_and_queues_a_poll_now(newsroom, queued_polls):
    output = subscribe("--every", "30", "--publish")
    subscription = FeedSubscription.objects.get()
    assert (subscription.section_id, subscription.publish, subscription.every_minutes) == (
        newsroom.section.pk, True, 30)
    assert "polls it now and every 30 minutes" in output
    [first_poll] = queued_polls()
    assert first_poll.task.run_after is None
    assert not ArticlePage.objects.exists()


def test_a_poll_imports_the_feed_and_queues_the_next_one(newsroom, queued_polls, feed_online):
    subscribe("--every", "30", "--publish")
    outcome = run(queued_polls()[0])
    assert outcome == "1 imported, 0 updated"
    assert ArticlePage.objects.get(title="Dam opens").live
    subscription = FeedSubscription.objects.get()
    assert subscription.last_error == ""
    next_poll = queued_polls()[1]
    assert next_poll.task.run_after == subscription.last_polled_at + datetime.timedelta(
        minutes=30)


def test_a_failing_poll_records_the_error_and_tries_again_later(newsroom, queued_polls):
    FeedSubscription.objects.create(url="http://127.0.0.1:9/feed", section=newsroom.section,
                                    next_poll_at=timezone.now())
    subscription = FeedSubscription.objects.get()
    outcome = poll_feed.call(subscription.pk, subscription.next_poll_at.isoformat())
    subscription.refresh_from_db()
    assert outcome.startswith("failed")
    assert "non-public address" in subscription.last_error
    assert len(queued_polls()) == 1


def test_resubscribing_supersedes_the_pending_poll(newsroom, queued_polls, feed_online):
    subscribe("--every", "30")
    subscribe("--every", "15")
    assert FeedSubscription.objects.get().every_minutes == 15
    assert run(queued_polls()[0]) == "superseded"
    assert run(queued_polls()[1]) == "1 imported, 0 updated"


def test_only_addresses_can_be_subscribed_to(newsroom, tmp_path):
    with pytest.raises(CommandError, match="Only a feed's http"):
        call_command("import_feed", str(tmp_path / "feed.xml"), "--section", "caucasus",
                     "--subscribe")


def test_polling_more_often_than_every_five_minutes_is_refused(newsroom):
    with pytest.raises(CommandError, match="--every 5 or more"):
        subscribe("--every", "1")


def test_a_subscription_saved_in_the_admin_is_polled_at_once(newsroom, queued_polls):
    subscription = FeedSubscription.objects.create(url=URL, section=newsroom.section)
    poll_saved_subscription(None, subscription)
    [poll] = queued_polls()
    assert poll.args == [subscription.pk, subscription.next_poll_at.isoformat()]

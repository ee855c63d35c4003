"""Subscribed feeds are polled by the worker, each poll enqueueing the next one.

A subscription remembers when its next poll is due, and a poll runs only if it is that one:
re-subscribing or editing the interval starts a new chain, and the old chain's pending poll
then finds it was superseded and stops, so a feed is never polled by two chains at once.
"""

import datetime
import zoneinfo

from django_tasks import task

from django.utils import timezone

from dateline.importers.feeds.importing import FeedImport
from dateline.importers.feeds.reading import FeedError, read_feed
from dateline.importers.models import FeedSubscription


def schedule_poll(subscription, *, at=None):
    """Makes ``at`` (default: now) the subscription's next poll and enqueues it."""
    due = at or timezone.now()
    subscription.next_poll_at = due
    subscription.save(update_fields=["next_poll_at"])
    when = {"run_after": due} if at is not None else {}
    poll_feed.using(**when).enqueue(subscription.pk, due.isoformat())


@task()
def poll_feed(subscription_id, due):
    subscription = FeedSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None or subscription.next_poll_at != datetime.datetime.fromisoformat(due):
        return "superseded"
    try:
        feed = read_feed(subscription.url)
        zone = zoneinfo.ZoneInfo(subscription.time_zone) if subscription.time_zone else None
        report = FeedImport(source=feed.source, section=subscription.section,
                            publish=subscription.publish, zone=zone).run(feed.entries)
        subscription.last_error = ""
        outcome = f"{len(report.imported)} imported, {len(report.updated)} updated"
    except FeedError as error:
        subscription.last_error = str(error)
        outcome = f"failed: {error}"
    subscription.last_polled_at = timezone.now()
    subscription.save(update_fields=["last_polled_at", "last_error"])
    schedule_poll(subscription, at=subscription.last_polled_at
                  + datetime.timedelta(minutes=subscription.every_minutes))
    return outcome

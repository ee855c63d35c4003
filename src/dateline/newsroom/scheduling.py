"""Scheduled publishing: pages go live and expire when their time comes, each exactly once.

Wagtail's own ``publish_scheduled`` publishes in several commits (schedule cleared, page saved,
log written), so a crash between them loses or half-publishes a story. Here each item is one
transaction that first re-reads and locks its row: a crash rolls the item back whole, and a
rerun, or a second worker, finds it either still due or already done. Times are compared in
UTC; the site's time zone matters only when an editor types them.
"""

import dataclasses
import logging

from django.db import transaction
from django.utils import timezone

from wagtail.models import Page, Revision

logger = logging.getLogger(__name__)


# What became of one item in a round.
DONE, NOT_DUE, FAILED = "done", "not due", "failed"


@dataclasses.dataclass
class Round:
    """What one pass over the schedule did."""

    published: int
    expired: int
    failed: int


def due_revisions(now):
    return Revision.objects.filter(approved_go_live_at__lte=now).order_by("approved_go_live_at")


def expired_pages(now):
    return Page.objects.filter(live=True, expire_at__lte=now).order_by("expire_at")


def publish_due():
    """Unpublishes every live page whose expiry has come, then publishes every revision whose
    go-live time has come, oldest first."""
    now = timezone.now()
    expiring = [_attempt(_expire, pk, now)
                for pk in list(expired_pages(now).values_list("pk", flat=True))]
    going_live = [_attempt(_go_live, pk, now)
                  for pk in list(due_revisions(now).values_list("pk", flat=True))]
    return Round(published=going_live.count(DONE), expired=expiring.count(DONE),
                 failed=(expiring + going_live).count(FAILED))


def _attempt(change, pk, now):
    # One bad item (say, content that no longer loads) must not hold back the rest of the round.
    try:
        with transaction.atomic():
            return change(pk, now)
    except Exception:
        logger.exception("Scheduled publishing failed: %s %s", change.__name__, pk)
        return FAILED


def _expire(page_id, now):
    # skip_locked: on PostgreSQL another worker holding the row is already doing this item.
    # SQLite ignores the lock; its transactions take the database's single write lock instead.
    page = (expired_pages(now).select_for_update(skip_locked=True).filter(pk=page_id)
            .specific().first())
    if page is None:
        return NOT_DUE
    page.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
    logger.info("Expired %r (page %s)", page.title, page.pk)
    return DONE


def _go_live(revision_id, now):
    revision = (due_revisions(now).select_for_update(skip_locked=True).filter(pk=revision_id)
                .first())
    if revision is None:
        return NOT_DUE
    # Publishing clears approved_go_live_at on all the object's revisions in this transaction,
    # which is what makes the item no longer due for anyone else.
    revision.publish(log_action="wagtail.publish.scheduled")
    logger.info("Published %r (revision %s) as scheduled", revision.object_str, revision.pk)
    return DONE

"""Approving an issue and handing it to the mailroom, by an editor or on schedule.

The mailroom's bulk sender (``mailroom.bulk``) keeps one delivery per recipient and sends them
in the worker; a mailing is keyed by the issue, so handing the same issue over twice (two
workers, a crash after the hand-over) adds nobody twice. Recipients are read as the issue is
handed over: confirmed subscriptions only.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dateline.newsletters.assembly import assemble_due
from dateline.newsletters.models import Issue, Subscription

logger = logging.getLogger(__name__)

COMPOSER = "dateline.newsletters.mail.compose_issue"


def recipients(newsletter):
    """(address, subscription id) of every confirmed reader of the list, streamed."""
    rows = (Subscription.objects.receiving().filter(newsletter=newsletter)
            .order_by("pk").values_list("subscriber__email", "pk"))
    return ((address, str(pk)) for address, pk in rows.iterator(chunk_size=2000))


def approve(issue, user):
    """Approves the issue; it leaves now, or at its ``send_at``."""
    issue.status = Issue.APPROVED
    issue.approved_by = user
    issue.approved_at = timezone.now()
    issue.save(update_fields=["status", "approved_by", "approved_at"])
    if issue.send_at is None or issue.send_at <= timezone.now():
        return hand_over(issue)
    return None


def hand_over(issue):
    """Gives the approved issue's mailing to the mailroom, once; the mailing, or None when the
    issue was handed over already or has no story."""
    from dateline.mailroom.bulk import enqueue_mailing

    with transaction.atomic():
        issue = (Issue.objects.select_for_update().select_related("newsletter")
                 .filter(pk=issue.pk, status=Issue.APPROVED).first())
        if issue is None:
            return None
        if not issue.stories():
            # An empty briefing is no briefing: back to the editors.
            logger.warning("Issue %s (%s) has no readable story; left as a draft", issue.pk,
                           issue.subject)
            issue.status = Issue.DRAFT
            issue.save(update_fields=["status"])
            return None
        mailing = enqueue_mailing(key=issue.mailing_key, composer=COMPOSER,
                                  recipients=recipients(issue.newsletter),
                                  subject=issue.subject)
        issue.status = Issue.SENT
        issue.sent_at = timezone.now()
        issue.save(update_fields=["status", "sent_at"])
    logger.info("Issue %s (%s) handed to the mailroom", issue.pk, issue.subject)
    return mailing


def send_due(now=None):
    """One round of the worker: assembles the scheduled issues whose time has come, then hands
    over every approved issue whose time has come. How many were handed over."""
    now = now or timezone.now()
    assemble_due(now)
    due = (Issue.objects.filter(status=Issue.APPROVED)
           .filter(Q(send_at__isnull=True) | Q(send_at__lte=now)).order_by("pk"))
    handed = 0
    for issue in due:
        try:
            handed += hand_over(issue) is not None
        except Exception:
            # One issue that cannot be handed over must not hold back the others.
            logger.exception("Issue %s could not be handed to the mailroom", issue.pk)
    return handed

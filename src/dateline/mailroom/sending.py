"""The worker's mail round: read the bounce mailbox, then send what is due of every mailing,
repeating while a round leaves more due (dateline.mailroom.bulk, dateline.mailroom.bounces)."""

import logging
import mailbox

from dateline.mailroom.bounces import read_bounce_mailbox
from dateline.mailroom.bulk import Round, send_due

logger = logging.getLogger(__name__)


def send_mailings(*, wait=0):
    """One pass: bounces first, so that no address that bounced for good is sent to again, then
    rounds of sending until nothing is due. Returns (reports acted on, Round totals), or None
    when another process is sending."""
    try:
        reports = read_bounce_mailbox()
    except (OSError, mailbox.Error) as error:
        # A mailbox that is gone or unreadable must not hold up the sending.
        logger.error("The bounce mailbox DATELINE_BOUNCE_MAILDIR cannot be read: %r", error)
        reports = 0
    total = Round()
    while True:
        done = send_due(wait=wait)
        if done is None:
            return (reports, total) if total.accepted or total.failed or reports else None
        total.accepted += done.accepted
        total.retrying += done.retrying
        total.failed += done.failed
        total.finished += done.finished
        total.problem = done.problem
        if done.problem or not done.more_due:
            return reports, total

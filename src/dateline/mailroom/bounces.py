"""What comes back: delivery status notifications (bounces, RFC 3464) and complaint reports
(ARF, RFC 5965), read from the maildir DATELINE_BOUNCE_MAILDIR names or posted to the webhook
(dateline.mailroom.views), and turned into the mailroom's signals.

A permanent failure (status 5.x.x) fails the delivery and sends ``address_bounced(permanent=
True)``, on which the lists unsubscribe the address; a transient one (4.x.x) whose remote
server has given up sends the delivery again later, with backoff; a "delayed" notice changes
nothing, as the remote server is still trying. A complaint sends ``address_complained``.
Reports name the message they answer by its Message-ID, which finds the delivery, and the
recipient even when a complaint report leaves it out (as Yahoo's and Outlook's do).
"""

import dataclasses
import email
import email.policy
import logging
import mailbox
from email.utils import parseaddr

from django.conf import settings

from dateline.mailroom.bulk import retry_later
from dateline.mailroom.models import Delivery
from dateline.mailroom.signals import address_bounced, address_complained

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class Report:
    """One recipient's bounce or complaint. ``kind``: "bounce" or "complaint"; ``action``:
    the DSN's "failed", "delayed", "delivered", …"""

    kind: str
    address: str
    message_id: str = ""
    permanent: bool = False
    action: str = "failed"
    reason: str = ""


def read_reports(raw):
    """The reports in one message (bytes), an empty list when it is neither a DSN nor an
    ARF report."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    if message.get_content_type() != "multipart/report":
        return []
    report_type = (message.get_param("report-type") or "").lower()
    parts = message.get_payload()
    if not isinstance(parts, list):
        return []
    original = _original_headers(parts)
    message_id = (original.get("Message-ID") or "").strip()
    if report_type == "delivery-status":
        return _delivery_status(parts, message_id)
    if report_type == "feedback-report":
        return _feedback(parts, original, message_id)
    return []


def _delivery_status(parts, message_id):
    reports = []
    for part in parts:
        if part.get_content_type() != "message/delivery-status":
            continue
        # The first block is about the message, each further one about one recipient.
        for block in part.get_payload()[1:]:
            address = _address(block.get("Final-Recipient") or block.get("Original-Recipient"))
            status = (block.get("Status") or "").strip()
            if not address or not status:
                continue
            action = (block.get("Action") or "").strip().lower()
            diagnostic = " ".join((block.get("Diagnostic-Code") or "").split())
            reports.append(Report(
                kind="bounce", address=address, message_id=message_id,
                permanent=status.startswith("5"), action=action,
                reason=f"{status} {diagnostic}".strip()))
    return reports


def _feedback(parts, original, message_id):
    for part in parts:
        if part.get_content_type() != "message/feedback-report":
            continue
        fields = _fields(part)
        address = _address(fields.get("Original-Rcpt-To") or "")
        if not address and message_id:
            address = (Delivery.objects.filter(message_id=message_id)
                       .values_list("address", flat=True).first() or "")
        if not address:
            address = _address(original.get("To") or "")
        if not address:
            return []
        return [Report(kind="complaint", address=address, message_id=message_id,
                       reason=(fields.get("Feedback-Type") or "abuse").strip())]
    return []


def _fields(part):
    """The header fields of a message/feedback-report part, which the email package reads as a
    message/* part holding one message of only headers, or as text."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return payload[0] if payload else email.message.Message()
    return email.message_from_string(payload or "")


def _original_headers(parts):
    """The headers of the message the report is about: attached whole (message/rfc822) or
    only its headers (text/rfc822-headers)."""
    for part in parts[1:]:
        content_type = part.get_content_type()
        if content_type == "message/rfc822":
            attached = part.get_payload()
            if isinstance(attached, list) and attached:
                return attached[0]
        if content_type == "text/rfc822-headers":
            return email.message_from_string(part.get_payload(decode=True).decode(
                part.get_content_charset() or "utf-8", errors="replace"))
    return email.message.Message()


def _address(field):
    """The address of a recipient field, ``rfc822; someone@example.org`` or a plain one."""
    _type, _sep, value = field.rpartition(";") if ";" in field else ("", "", field)
    return parseaddr(value.strip())[1].strip()


def apply(report, source):
    """Acts on one report: what the module's docstring says."""
    if report.kind == "complaint":
        address_complained.send(sender=source, address=report.address)
        return
    if report.action not in ("failed", ""):
        return
    delivery = _delivery(report)
    if report.permanent:
        if delivery:
            Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.BOUNCED,
                                                            last_error=report.reason)
    elif delivery and delivery.state == Delivery.State.ACCEPTED:
        retry_later(delivery, report.reason)
    address_bounced.send(sender=source, address=report.address, permanent=report.permanent,
                         reason=report.reason)


def _delivery(report):
    if report.message_id:
        found = Delivery.objects.filter(message_id=report.message_id).first()
        if found:
            return found
    return (Delivery.objects.filter(address__iexact=report.address,
                                    state=Delivery.State.ACCEPTED)
            .order_by("-accepted_at").first())


def read_bounce_mailbox(path=None):
    """Acts on each unread message in the maildir at ``path`` (DATELINE_BOUNCE_MAILDIR) and
    marks it read ("S"); one that holds no report is also flagged ("F") for a person to look
    at. Nothing is deleted. Returns the number of reports acted on."""
    path = path or settings.BOUNCE_MAILDIR
    if not path:
        return 0
    box = mailbox.Maildir(path, factory=None, create=False)
    acted = 0
    for key in box.keys():
        message = box.get_message(key)
        if "S" in message.get_flags():
            continue
        reports = read_reports(box.get_bytes(key))
        for report in reports:
            apply(report, "mailbox")
        acted += len(reports)
        if not reports:
            logger.info("%s in %s is no bounce or complaint report; flagged it", key, path)
            message.add_flag("F")
        message.set_subdir("cur")
        message.add_flag("S")
        box[key] = message
    return acted

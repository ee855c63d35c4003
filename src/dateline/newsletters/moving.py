"""Moving subscribers in and out: the CSV exports of Mailchimp, Substack and Ghost read into a
list, and any list written out as CSV.

Each service's export is read by its own column names, with the consent it records: who is
subscribed and since when, who left. A file is read whole before anything is written: a
missing column, an address that is not one, a date that does not read, or a file that is not
CSV at all refuses the import with the line numbers, and nothing is imported. Someone who left
a list here is never put back on it by an import.
"""

import csv
import dataclasses
import datetime
import io

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from dateline.newsletters.models import Subscriber, Subscription
from dateline.newsletters.signup import normalised

# Problems listed in a refusal; the rest are counted.
PROBLEMS_SHOWN = 10


class ImportRefused(Exception):
    """The file cannot be imported; the message says where and why."""


@dataclasses.dataclass
class Record:
    email: str
    subscribed: bool
    signed_up_at: datetime.datetime | None
    confirmed_at: datetime.datetime | None
    unsubscribed_at: datetime.datetime | None
    reason: str = Subscription.IMPORTED


def moment(value):
    """A time as the services write it: Mailchimp's ``2024-03-05 08:12:44`` (UTC), Substack's
    and Ghost's ISO 8601 ``2024-03-05T08:12:44.000Z``; None when empty."""
    value = (value or "").strip()
    if not value:
        return None
    parsed = parse_datetime(value.replace("Z", "+00:00"))
    if parsed is None:
        raise ValueError(_("%(value)r is not a date and time") % {"value": value})
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=datetime.UTC)


def yes(value):
    return (value or "").strip().lower() in ("true", "1", "yes", "t")


class Format:
    name = ""
    email_column = ""
    required = ()

    @classmethod
    def matches(cls, columns):
        return set(cls.required) <= set(columns)


class Mailchimp(Format):
    """An audience export: one file per status (subscribed, unsubscribed, cleaned), told
    apart by their columns."""

    name = "mailchimp"
    label = "Mailchimp"
    email_column = "Email Address"
    required = ("Email Address", "OPTIN_TIME", "CONFIRM_TIME")

    @staticmethod
    def record(row):
        left = moment(row.get("UNSUB_TIME")) or moment(row.get("CLEAN_TIME"))
        was_left = "UNSUB_TIME" in row or "CLEAN_TIME" in row
        signed_up = (moment(row["OPTIN_TIME"]) or moment(row["CONFIRM_TIME"])
                     or moment(row.get("LAST_CHANGED")))
        reason = Subscription.BOUNCED if "CLEAN_TIME" in row else Subscription.IMPORTED
        return Record(row["Email Address"], not was_left, signed_up,
                      moment(row["CONFIRM_TIME"]) or signed_up, left, reason)


class Substack(Format):
    """Settings → Exports → the subscribers' e-mail list."""

    name = "substack"
    label = "Substack"
    email_column = "email"
    required = ("email", "active_subscription", "email_disabled", "created_at")

    @staticmethod
    def record(row):
        created = moment(row["created_at"])
        return Record(row["email"], not yes(row["email_disabled"]), created, created, None)


class Ghost(Format):
    """Members → Export."""

    name = "ghost"
    label = "Ghost"
    email_column = "email"
    required = ("email", "subscribed_to_emails", "created_at")

    @staticmethod
    def record(row):
        created = moment(row["created_at"])
        deleted = moment(row.get("deleted_at"))
        subscribed = yes(row["subscribed_to_emails"]) and deleted is None
        return Record(row["email"], subscribed, created, created, deleted)


FORMATS = {each.name: each for each in (Mailchimp, Substack, Ghost)}


def read(data, format_name="auto"):
    """The records of an export (bytes or text), or ImportRefused."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportRefused(_("The file is not UTF-8 text, as the services export it "
                                  "(%(error)s).") % {"error": error}) from None
    data = data.lstrip("\ufeff")
    try:
        reader = csv.DictReader(io.StringIO(data, newline=""), strict=True)
        columns = [name.strip() for name in (reader.fieldnames or [])]
    except csv.Error as error:
        raise ImportRefused(_("The file is not CSV: %(error)s") % {"error": error}) from None
    if not columns:
        raise ImportRefused(_("The file is empty."))
    kind = choose_format(columns, format_name)
    reader.fieldnames = columns
    records, problems, seen = [], [], set()
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                problems.append(_("line %(line)s has more fields than the header")
                                % {"line": line})
                continue
            try:
                record = kind.record(row)
                record.email = normalised(record.email)
                validate_email(record.email)
            except (ValueError, ValidationError) as error:
                message = error.messages[0] if isinstance(error, ValidationError) else error
                problems.append(_("line %(line)s: %(problem)s (%(email)s)") % {
                    "line": line, "problem": message,
                    "email": row.get(kind.email_column) or _("no address")})
                continue
            if record.email.lower() not in seen:
                seen.add(record.email.lower())
                records.append(record)
    except csv.Error as error:
        problems.append(_("line %(line)s is not CSV: %(error)s")
                        % {"line": reader.line_num, "error": error})
    if problems:
        shown = "; ".join(problems[:PROBLEMS_SHOWN])
        more = len(problems) - PROBLEMS_SHOWN
        raise ImportRefused(
            _("Nothing was imported: %(count)s problem(s) in the %(service)s file: "
              "%(shown)s%(more)s")
            % {"count": len(problems), "service": kind.label, "shown": shown,
               "more": _(" and %(more)s more") % {"more": more} if more > 0 else ""})
    return kind, records


def choose_format(columns, format_name):
    if format_name != "auto":
        kind = FORMATS[format_name]
        missing = [column for column in kind.required if column not in columns]
        if missing:
            raise ImportRefused(_("This is not a %(service)s export: it has no %(missing)s "
                                  "column.") % {"service": kind.label,
                                                "missing": ", ".join(missing)})
        return kind
    for kind in FORMATS.values():
        if kind.matches(columns):
            return kind
    raise ImportRefused(_(
        "The columns (%(columns)s) are not those of a Mailchimp, Substack or Ghost export. "
        "Mailchimp's has \"Email Address\", OPTIN_TIME and CONFIRM_TIME; Substack's email, "
        "active_subscription, email_disabled and created_at; Ghost's email, "
        "subscribed_to_emails and created_at.") % {"columns": ", ".join(columns[:8])})


@dataclasses.dataclass
class Imported:
    service: str
    subscribed: int = 0
    unsubscribed: int = 0
    kept_unsubscribed: int = 0


def import_records(kind, records, newsletter):
    """Writes the records onto ``newsletter`` in one transaction."""
    result = Imported(kind.label)
    source = f"import from {kind.label}"
    with transaction.atomic():
        existing = {subscriber.email.lower(): subscriber for subscriber in
                    Subscriber.objects.filter(email__in=[r.email for r in records])}
        for record in records:
            subscriber = existing.get(record.email.lower())
            if subscriber is None:
                subscriber = Subscriber.objects.filter(email__iexact=record.email).first()
            if subscriber is None:
                subscriber = Subscriber.objects.create(
                    email=record.email, created_at=record.signed_up_at or timezone.now())
            subscription, created = Subscription.objects.get_or_create(
                subscriber=subscriber, newsletter=newsletter,
                defaults={"source": source, "signed_up_at": record.signed_up_at
                          or timezone.now()})
            if not record.subscribed:
                if subscription.status != Subscription.UNSUBSCRIBED:
                    subscription.unsubscribe(record.reason, record.unsubscribed_at)
                    subscription.save()
                result.unsubscribed += 1
            elif not created and subscription.status == Subscription.UNSUBSCRIBED:
                # They left here: an old export's consent does not bring them back.
                result.kept_unsubscribed += 1
            else:
                if subscription.status != Subscription.CONFIRMED:
                    subscription.confirm(record.confirmed_at or record.signed_up_at)
                    subscription.save()
                result.subscribed += 1
    return result


EXPORT_COLUMNS = ["email", "newsletter", "status", "signed_up_at", "confirmed_at",
                  "unsubscribed_at", "unsubscribe_reason", "source"]


def export_rows(subscriptions):
    yield EXPORT_COLUMNS
    for subscription in subscriptions.select_related("subscriber", "newsletter").order_by(
            "newsletter__slug", "subscriber__email").iterator(chunk_size=2000):
        yield [subscription.subscriber.email, subscription.newsletter.slug, subscription.status,
               *(value.isoformat() if value else "" for value in (
                   subscription.signed_up_at, subscription.confirmed_at,
                   subscription.unsubscribed_at)),
               subscription.unsubscribe_reason, subscription.source]


def write_csv(subscriptions, out):
    writer = csv.writer(out)
    for row in export_rows(subscriptions):
        writer.writerow(row)

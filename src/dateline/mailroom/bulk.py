"""Mailings: one message for each of many recipients (a newsletter's issue), sent by the worker
through one reused connection to the mail server, at DATELINE_MAIL_RATE messages a second.

Each recipient's delivery is a row that goes pending → sending → accepted: "sending" is
committed, with the message's Message-ID, before the message is handed to the mail server, and
"accepted" once the server has said 250, in the same transaction as the next message's
"sending" (one commit a message instead of two). A sender killed anywhere therefore leaves at
most one row per open connection in "sending" whose message the server may have taken, and
never an accepted message unrecorded as sent nor an unsent one recorded as sent. The next round
sends the "sending" rows again, with the Message-ID they were first sent with: SMTP cannot say
whether the server took the first copy, but if it did, the recipient holds two copies of one
message (same Message-ID), which mail clients and Gmail show as one.

A refusal the server means for good (5xx) fails the delivery; a temporary one (4xx), a dropped
connection or a composer that raises sends the delivery again later, backing off from a minute
to a couple of hours, and fails it after ``MOST_ATTEMPTS``.
"""

import collections
import concurrent.futures
import dataclasses
import datetime
import itertools
import logging
import smtplib
import threading
import time

from django import db
from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.module_loading import import_string

from dateline.locks import exclusive
from dateline.mailroom.letters import new_message_id
from dateline.mailroom.models import Delivery, Mailing
from dateline.mailroom.outbox import mail_is_set_up, reason
from dateline.mailroom.signals import address_bounced

logger = logging.getLogger(__name__)

ENQUEUE_CHUNK = 1000
# Backoff after the nth failed attempt: FIRST_RETRY × 2^(n-1), at most LONGEST_RETRY; the
# delivery fails after MOST_ATTEMPTS (about four hours of trying).
FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_RETRY = datetime.timedelta(hours=2)
MOST_ATTEMPTS = 8
# One sender at a time: the lock is held for a round, and a round ends well before the lock
# would expire (it expires only in Redis; a dead sender's file or advisory lock goes with it).
SENDING_LOCK_SECONDS = 600
ROUND_SECONDS = SENDING_LOCK_SECONDS / 2
UNFINISHED = (Delivery.State.PENDING, Delivery.State.SENDING)


def enqueue_mailing(*, key, composer, recipients, subject=""):
    """The mailing ``key``, with a pending delivery for each ``(address, recipient_ref)`` in
    ``recipients``, taken in chunks so that any number fits in memory. Idempotent on ``key``:
    when the mailing exists, it is returned and ``recipients`` is not read. One transaction, so
    a mailing is never seen, or sent, with part of its recipients. An address given twice is
    sent one message. ``composer`` is the dotted path of ``compose(mailing, delivery)``, which
    returns the ``EmailMultiAlternatives`` for ``delivery.address``."""
    # A wrong path fails here, in the caller's hands, not later in the worker.
    import_string(composer)
    now = timezone.now()
    with transaction.atomic():
        mailing, created = Mailing.objects.get_or_create(
            key=key, defaults={"composer": composer, "subject": subject})
        if not created:
            return mailing
        recipients = iter(recipients)
        while chunk := list(itertools.islice(recipients, ENQUEUE_CHUNK)):
            Delivery.objects.bulk_create(
                [Delivery(mailing=mailing, address=address.strip(), recipient_ref=str(ref),
                          next_attempt_at=now)
                 for address, ref in chunk],
                ignore_conflicts=True)
    return mailing


@dataclasses.dataclass
class Round:
    """What one round of sending did."""

    accepted: int = 0
    retrying: int = 0
    failed: int = 0
    finished: list = dataclasses.field(default_factory=list)
    # More was due when the round's time ran out.
    more_due: bool = False
    # Why the round stopped early: the mail server could not be reached.
    problem: str = ""
    # Lanes count from their own threads.
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock, repr=False,
                                             compare=False)

    def count(self, outcome):
        with self.lock:
            setattr(self, outcome, getattr(self, outcome) + 1)

    def __str__(self):
        text = (f"{self.accepted} accepted, {self.retrying} to be retried, "
                f"{self.failed} failed")
        if self.finished:
            text += f"; finished: {', '.join(self.finished)}"
        if self.problem:
            text += f"; stopped: {self.problem}"
        return text


def send_due(*, wait=0):
    """Sends what is due of every mailing, for up to ``ROUND_SECONDS``; a Round, or None when
    another process is sending (or mail is not set up, when nothing can be sent)."""
    if not mail_is_set_up():
        return None
    with exclusive("mail-sending", SENDING_LOCK_SECONDS, wait=wait) as held:
        if not held:
            return None
        done = Round()
        try:
            _send(done, time.monotonic() + ROUND_SECONDS)
        except ConnectionFailed as failure:
            done.problem = str(failure)
            done.more_due = True
        finally:
            done.finished = _finish_mailings()
        return done


class ConnectionFailed(Exception):
    """The mail server cannot be reached or will not take mail from us: the round ends, and
    the next one tries again."""


class Refused(Exception):
    """The mail server refused one message; ``permanent`` for a 5xx answer, ``recipient`` when
    it refused the address rather than the message."""

    def __init__(self, message, *, permanent, recipient=False):
        super().__init__(message)
        self.permanent = permanent
        self.recipient = recipient


def _send(done, deadline):
    pace = Pace(settings.MAIL_RATE)
    lanes = [Lane(pace) for _lane in range(settings.MAIL_CONNECTIONS)]
    mailings = {}
    try:
        while True:
            # The batch is read with every acceptance so far recorded.
            for lane in lanes:
                lane.ledger.commit()
            due = list(
                Delivery.objects
                .filter(state__in=UNFINISHED, next_attempt_at__lte=timezone.now(),
                        mailing__state=Mailing.State.SENDING)
                .order_by("next_attempt_at", "pk")[:settings.MAIL_BATCH])
            if not due:
                return
            for delivery in due:
                if delivery.mailing_id not in mailings:
                    mailing = Mailing.objects.get(pk=delivery.mailing_id)
                    mailings[mailing.pk] = (mailing, import_string(mailing.composer))
                delivery.mailing, delivery.compose = mailings[delivery.mailing_id]
            if len(lanes) == 1:
                lanes[0].run(due, deadline, done)
            else:
                _send_in_parallel(lanes, due, deadline, done)
            if done.more_due:
                return
    finally:
        for lane in lanes:
            lane.close()


def _send_in_parallel(lanes, due, deadline, done):
    """Sends the batch ``due`` through every lane at once, each lane in its own thread with its
    own database connection, taking the next delivery as it finishes one; returns when the
    batch is sent (or the round must end), with each lane's last acceptance still held."""
    queue = collections.deque(due)
    lock = threading.Lock()

    def take():
        with lock:
            return queue.popleft() if queue else None

    def work(lane):
        try:
            lane.run(iter(take, None), deadline, done)
        finally:
            # The lane's acceptance is committed on this thread's connection, which then
            # closes: Django keeps one per thread.
            lane.ledger.commit()
            db.connections.close_all()

    with concurrent.futures.ThreadPoolExecutor(len(lanes)) as pool:
        outcomes = [pool.submit(work, lane) for lane in lanes]
        for outcome in concurrent.futures.as_completed(outcomes):
            if outcome.exception() is not None:
                # One lane's failure (the server unreachable) ends the others' batch too.
                with lock:
                    queue.clear()
    for outcome in outcomes:
        outcome.result()


class Lane:
    """One connection to the mail server and the acceptance it holds: what a round sends
    through, one message at a time, so that at most one of its messages is ever in doubt."""

    def __init__(self, pace):
        self.pace = pace
        self.connection = Connection()
        self.ledger = Ledger()

    def run(self, deliveries, deadline, done):
        for delivery in deliveries:
            if time.monotonic() > deadline:
                done.more_due = True
                return
            _deliver(delivery, delivery.compose, self.connection, self.pace, self.ledger,
                     done)

    def close(self):
        self.ledger.commit()
        self.connection.close()


def _deliver(delivery, compose, connection, pace, ledger, done):
    message_id = delivery.message_id or new_message_id()
    try:
        message = compose(delivery.mailing, delivery)
        if not message.to:
            message.to = [delivery.address]
        message.extra_headers["Message-ID"] = message_id
        if settings.BOUNCE_ADDRESS:
            # The envelope sender, where bounces go; the From header stays the site's.
            message.extra_headers.setdefault("From", message.from_email)
            message.from_email = settings.BOUNCE_ADDRESS
    except Exception as error:
        # A fault in the caller's composer: kept for the fix, and retried after it.
        logger.exception("Composing %s for %s failed", delivery.mailing.key, delivery.address)
        if _claim(delivery, message_id, ledger):
            _retry(delivery, f"Composing the message failed: {error!r}", done)
        return
    connection.open()
    if not _claim(delivery, message_id, ledger):
        return
    pace.wait()
    try:
        connection.send(message)
    except Refused as refusal:
        if refusal.permanent:
            _fail(delivery, str(refusal), done)
            if refusal.recipient:
                address_bounced.send(sender="smtp", address=delivery.address, permanent=True,
                                     reason=str(refusal))
        else:
            _retry(delivery, str(refusal), done)
            if refusal.recipient:
                address_bounced.send(sender="smtp", address=delivery.address,
                                     permanent=False, reason=str(refusal))
        return
    except ConnectionFailed as failure:
        # The message may have reached the server before the connection broke: in doubt, like
        # a killed sender's, and sent again later with the same Message-ID.
        _retry(delivery, str(failure), done)
        return
    ledger.accepted(delivery)
    done.count("accepted")


class Ledger:
    """Holds the last acceptance until the next claim commits it (or the round ends): the
    row stays "sending" meanwhile, so a kill in between sends that message again, as it would
    a kill just before the 250 was recorded."""

    def __init__(self):
        self.waiting = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.commit()

    def accepted(self, delivery):
        self.commit()
        self.waiting = (delivery.pk, timezone.now())

    def commit(self):
        if self.waiting:
            pk, accepted_at = self.waiting
            Delivery.objects.filter(pk=pk).update(
                state=Delivery.State.ACCEPTED, accepted_at=accepted_at, last_error="")
            self.waiting = None


def _claim(delivery, message_id, ledger):
    """Records that the message is about to be handed to the server (committed before it is),
    with the acceptance ``ledger`` holds; False when another sender has moved the delivery on
    since it was read."""
    with transaction.atomic():
        ledger.commit()
        claimed = Delivery.objects.filter(
            pk=delivery.pk, state=delivery.state, attempts=delivery.attempts,
        ).update(state=Delivery.State.SENDING, message_id=message_id,
                 attempts=F("attempts") + 1)
    delivery.attempts += 1
    delivery.message_id = message_id
    return bool(claimed)


def _retry(delivery, error, done):
    if delivery.attempts >= MOST_ATTEMPTS:
        _fail(delivery, f"Gave up after {delivery.attempts} attempts: {error}", done,
              temporary=True)
        return
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.PENDING, last_error=error,
        next_attempt_at=timezone.now() + backoff(delivery.attempts))
    done.count("retrying")


def _fail(delivery, error, done, *, temporary=False):
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.FAILED,
                                                    last_error=error, temporary=temporary)
    done.count("failed")


def backoff(attempts):
    """How long to wait after the ``attempts``-th failed attempt."""
    return min(FIRST_RETRY * 2 ** (max(attempts, 1) - 1), LONGEST_RETRY)


def retry_later(delivery, error):
    """Sends an accepted delivery again later (a remote server gave up for now), or fails it
    once it has had its attempts; what a transient bounce does."""
    done = Round()
    _retry(delivery, error, done)
    return not done.failed


def retry_failed(mailing):
    """Sends the mailing's deliveries that failed after temporary refusals again, from their
    first attempt, at the next round; how many."""
    with transaction.atomic():
        again = Delivery.objects.filter(mailing=mailing, state=Delivery.State.FAILED,
                                        temporary=True).update(
            state=Delivery.State.PENDING, attempts=0, temporary=False,
            next_attempt_at=timezone.now())
        if again:
            Mailing.objects.filter(pk=mailing.pk).update(state=Mailing.State.SENDING,
                                                         finished_at=None)
    return again


def _finish_mailings():
    now = timezone.now()
    unfinished = Delivery.objects.filter(mailing=OuterRef("pk"), state__in=UNFINISHED)
    finished = list(Mailing.objects.filter(state=Mailing.State.SENDING)
                    .exclude(Exists(unfinished)).values_list("key", flat=True))
    Mailing.objects.filter(key__in=finished, state=Mailing.State.SENDING).update(
        state=Mailing.State.FINISHED, finished_at=now)
    return finished


class Pace:
    """Spaces messages out to ``rate`` a second (0: no limit), counting from the first, over
    every lane."""

    def __init__(self, rate):
        self.interval = 1 / rate if rate else 0
        self.next = None
        self.lock = threading.Lock()

    def wait(self):
        if not self.interval:
            return
        with self.lock:
            now = time.monotonic()
            slot = max(self.next, now) if self.next is not None else now
            self.next = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


class Connection:
    """One connection to the mail server (Django's SMTP backend, as DATELINE_EMAIL_URL sets
    it up) for every message of a round, opened again after the server drops it."""

    def __init__(self):
        self.backend = get_connection(fail_silently=False)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def open(self):
        try:
            self.backend.open()
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise ConnectionFailed(reason(error)) from error

    def close(self):
        try:
            self.backend.close()
        except (OSError, smtplib.SMTPException):
            logger.info("The mail server's connection did not close cleanly", exc_info=True)

    def send(self, message):
        try:
            self.backend.send_messages([message])
        except smtplib.SMTPRecipientsRefused as error:
            code = min(code for code, _text in error.recipients.values())
            raise Refused(reason(error), permanent=code >= 500, recipient=True) from error
        except smtplib.SMTPDataError as error:
            raise Refused(reason(error), permanent=error.smtp_code >= 500) from error
        except (OSError, smtplib.SMTPException) as error:
            # Disconnected, or refused the sender: the connection is not to be trusted.
            self.close()
            raise ConnectionFailed(reason(error)) from error

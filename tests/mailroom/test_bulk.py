"""Mailings go out through a real SMTP server on loopback: each recipient once, over one
connection, at the configured rate, each acceptance recorded with its Message-ID; refusals
fail or retry with backoff, and the mailing is idempotent on its key."""

import datetime
import time
from io import StringIO

import pytest

from django.core.management import CommandError, call_command
from django.utils import timezone

from dateline.mailroom import bulk
from dateline.mailroom.bulk import backoff, enqueue_mailing, send_due
from dateline.mailroom.models import Delivery, Mailing
from dateline.mailroom.outbox import NO_MAIL
from dateline.mailroom.sending import send_mailings
from dateline.mailroom.signals import address_bounced
from tests.conftest import free_port, send_mail_through
from tests.mailroom.briefing import COMPOSER, FAILING_COMPOSER

pytestmark = pytest.mark.django_db


def readers(count, start=0):
    return ((f"reader{number}@example.org", str(number)) for number in range(start, count))


@pytest.fixture
def bounced():
    heard = []

    def receiver(sender, address, permanent, reason, **kwargs):
        heard.append((sender, address, permanent, reason))

    address_bounced.connect(receiver)
    yield heard
    address_bounced.disconnect(receiver)


def test_enqueuing_twice_under_one_key_is_one_mailing_and_reads_the_recipients_once():
    taken = []

    def recipients():
        for address, ref in readers(2500):
            taken.append(address)
            yield address, ref
        # Said twice: one message.
        yield "reader7@example.org", "7"

    first = enqueue_mailing(key="newsletter-issue:1", composer=COMPOSER,
                            recipients=recipients(), subject="Morning briefing")
    again = enqueue_mailing(key="newsletter-issue:1", composer=COMPOSER,
                            recipients=recipients())
    assert again.pk == first.pk
    assert len(taken) == 2500
    assert Delivery.objects.filter(mailing=first).count() == 2500
    assert set(Delivery.objects.values_list("state", flat=True)) == {"pending"}
    assert Delivery.objects.get(address="reader42@example.org").recipient_ref == "42"


def test_a_wrong_composer_is_refused_when_enqueuing_and_nothing_is_kept():
    with pytest.raises(ImportError):
        enqueue_mailing(key="newsletter-issue:2", composer="tests.mailroom.briefing.nothing",
                        recipients=readers(3))
    assert not Mailing.objects.exists()


def test_every_recipient_gets_one_message_over_one_connection_with_its_message_id_recorded(
        mail_server, settings):
    settings.MAIL_BATCH = 7
    mailing = enqueue_mailing(key="newsletter-issue:3", composer=COMPOSER,
                              recipients=readers(30), subject="Morning briefing")
    reports, done = send_mailings()
    assert (reports, done.accepted, done.failed, done.retrying) == (0, 30, 0, 0)
    assert done.finished == ["newsletter-issue:3"]

    received = mail_server.received
    assert sorted(message.rcpt_tos[0] for message in received) == sorted(
        address for address, _ref in readers(30))
    assert len({message.peer for message in received}) == 1
    recorded = dict(Delivery.objects.values_list("address", "message_id"))
    for message in received:
        assert message.message["Message-ID"] == recorded[message.rcpt_tos[0]]
        assert message.message["Subject"] == "Morning briefing"
        assert (f"subscriber {message.message['X-Recipient-Ref']}."
                in message.part("text/plain"))
    assert set(Delivery.objects.values_list("state", flat=True)) == {"accepted"}
    assert not Delivery.objects.filter(accepted_at=None).exists()
    mailing.refresh_from_db()
    assert mailing.state == "finished" and mailing.finished_at is not None

    _reports, again = send_mailings()
    assert (again.accepted, again.finished) == (0, [])
    assert len(mail_server.received) == 30


def test_the_rate_spaces_the_messages_out(mail_server, settings):
    settings.MAIL_RATE = 20
    enqueue_mailing(key="newsletter-issue:4", composer=COMPOSER, recipients=readers(11))
    started = time.monotonic()
    send_due()
    # Eleven messages at twenty a second: ten gaps of 50 ms at least.
    assert time.monotonic() - started >= 0.5
    assert len(mail_server.received) == 11


def test_bounces_go_back_to_the_bounce_address_while_from_stays_the_sites(mail_server,
                                                                          settings):
    settings.BOUNCE_ADDRESS = "bounces@example.org"
    enqueue_mailing(key="newsletter-issue:5", composer=COMPOSER, recipients=readers(1))
    send_due()
    [received] = mail_server.received
    assert received.mail_from == "bounces@example.org"
    assert received.message["From"] == "Dateline <newsroom@example.org>"


def test_a_refused_address_fails_and_bounces_and_a_deferred_one_backs_off(
        start_mail_server, settings, monkeypatch, bounced):
    server = start_mail_server(refuse={"gone@example.org"}, defer={"grey@example.org"})
    send_mail_through(settings, monkeypatch, server.url())
    recipients = [("gone@example.org", "1"), ("grey@example.org", "2"),
                  ("here@example.org", "3")]
    mailing = enqueue_mailing(key="newsletter-issue:6", composer=COMPOSER,
                              recipients=recipients)
    before = timezone.now()
    done = send_due()
    assert (done.accepted, done.failed, done.retrying, done.finished) == (1, 1, 1, [])
    assert [message.rcpt_tos for message in server.received] == [["here@example.org"]]

    gone = Delivery.objects.get(address="gone@example.org")
    assert gone.state == "failed" and "550 5.1.1" in gone.last_error
    grey = Delivery.objects.get(address="grey@example.org")
    assert grey.state == "pending" and grey.attempts == 1 and "451 4.7.1" in grey.last_error
    assert before + backoff(1) <= grey.next_attempt_at <= timezone.now() + backoff(1)
    assert [(sender, address, permanent) for sender, address, permanent, _reason in bounced] \
        == [("smtp", "gone@example.org", True), ("smtp", "grey@example.org", False)]

    # Not due yet: nothing is sent.
    assert send_due().retrying == 0
    # Due again, refused again: it waits twice as long.
    Delivery.objects.filter(pk=grey.pk).update(next_attempt_at=timezone.now())
    send_due()
    grey.refresh_from_db()
    assert grey.attempts == 2
    assert grey.next_attempt_at >= timezone.now() + backoff(2) - datetime.timedelta(seconds=5)

    # Its last attempt: failed for good, and the mailing is done.
    Delivery.objects.filter(pk=grey.pk).update(next_attempt_at=timezone.now(),
                                               attempts=bulk.MOST_ATTEMPTS - 1)
    done = send_due()
    grey.refresh_from_db()
    assert grey.state == "failed" and grey.last_error.startswith("Gave up after 8 attempts")
    assert grey.temporary
    assert done.finished == ["newsletter-issue:6"]
    mailing.refresh_from_db()
    assert mailing.state == "finished"


def test_backoff_doubles_from_a_minute_up_to_two_hours():
    assert [backoff(attempts).total_seconds() / 60 for attempts in range(1, 10)] == [
        1, 2, 4, 8, 16, 32, 64, 120, 120]


def test_a_message_in_flight_when_the_sender_died_goes_again_with_its_message_id(
        mail_server):
    mailing = enqueue_mailing(key="newsletter-issue:7", composer=COMPOSER,
                              recipients=readers(2))
    Delivery.objects.filter(mailing=mailing, address="reader0@example.org").update(
        state="sending", message_id="<in-flight.1@example.org>", attempts=1)
    send_due()
    by_address = {message.rcpt_tos[0]: message.message for message in mail_server.received}
    assert by_address["reader0@example.org"]["Message-ID"] == "<in-flight.1@example.org>"
    assert by_address["reader1@example.org"]["Message-ID"] != "<in-flight.1@example.org>"
    resent = Delivery.objects.get(address="reader0@example.org")
    assert (resent.state, resent.attempts) == ("accepted", 2)


def test_a_failing_composer_retries_later_and_sends_nothing(mail_server):
    enqueue_mailing(key="newsletter-issue:8", composer=FAILING_COMPOSER,
                    recipients=readers(2))
    done = send_due()
    assert (done.accepted, done.retrying) == (0, 2)
    assert mail_server.received == []
    assert all("no template for newsletter-issue:8" in error
               for error in Delivery.objects.values_list("last_error", flat=True))


def test_an_unreachable_mail_server_stops_the_round_and_costs_no_attempt(settings,
                                                                         monkeypatch):
    send_mail_through(settings, monkeypatch, f"smtp://127.0.0.1:{free_port()}?tls=off")
    enqueue_mailing(key="newsletter-issue:9", composer=COMPOSER, recipients=readers(3))
    done = send_due()
    assert done.accepted == 0 and "could not be reached" in done.problem
    assert list(Delivery.objects.values_list("state", "attempts").distinct()) == [
        ("pending", 0)]


def test_nothing_is_sent_while_mail_is_not_set_up(settings):
    settings.EMAIL_BACKEND = NO_MAIL
    enqueue_mailing(key="newsletter-issue:10", composer=COMPOSER, recipients=readers(3))
    assert send_due() is None
    assert set(Delivery.objects.values_list("state", flat=True)) == {"pending"}


def test_send_mailings_says_what_it_sent_and_refuses_without_mail(mail_server, settings):
    enqueue_mailing(key="newsletter-issue:11", composer=COMPOSER, recipients=readers(3))
    output = StringIO()
    call_command("send_mailings", stdout=output)
    assert output.getvalue() == ("Bounce and complaint reports acted on: 0. Sent: 3 accepted, "
                                 "0 to be retried, 0 failed; finished: newsletter-issue:11.\n")
    assert len(mail_server.received) == 3
    settings.EMAIL_BACKEND = NO_MAIL
    with pytest.raises(CommandError, match="E-mail is not set up"):
        call_command("send_mailings")

"""An approved issue goes out through the mailroom's bulk sender to confirmed readers only, each
mail with RFC 8058 one-click unsubscribe, received by a real SMTP server on loopback.

Not collected yet (its name does not start with test_): ``dateline.mailroom.bulk`` comes from
another branch. Rename it to test_sending.py once that branch is merged."""

import datetime
import re

import pytest

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from dateline.newsletters import assembly, sending
from dateline.newsletters.models import Issue, Subscriber, Subscription
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def subscribe(email, newsletter, status):
    subscriber = Subscriber.objects.create(email=email)
    return Subscription.objects.create(subscriber=subscriber, newsletter=newsletter,
                                       status=status)


def deliver():
    """What the worker does: hand over what is due, then send the queued deliveries."""
    sending.send_due()
    call_command("send_mailings", verbosity=0)


def test_an_approved_issue_reaches_confirmed_readers_only(lists, stories, mail_server):
    confirmed = subscribe("reader@example.org", lists.morning, Subscription.CONFIRMED)
    subscribe("pending@example.org", lists.morning, Subscription.PENDING)
    subscribe("left@example.org", lists.morning, Subscription.UNSUBSCRIBED)
    subscribe("other-list@example.org", lists.alerts, Subscription.CONFIRMED)
    issue = Issue.objects.create(newsletter=lists.morning, subject="Monday's briefing")
    assembly.fill(issue)
    sending.approve(issue, UserFactory(editor=True))
    deliver()

    assert [m.rcpt_tos for m in mail_server.received] == [["reader@example.org"]]
    [received] = mail_server.received
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [unsubscribe] = re.findall(r"<(https?://[^>]+)>", received.message["List-Unsubscribe"])
    assert "The bridge opens to traffic" in received.part("text/plain")
    assert "The bridge opens to traffic" in received.part("text/html")
    issue.refresh_from_db()
    assert issue.status == Issue.SENT

    # Handed over twice, sent once.
    issue.status = Issue.APPROVED
    issue.save()
    deliver()
    assert len(mail_server.received) == 1

    assert Client().post(unsubscribe.split("://", 1)[1].partition("/")[1]
                         + unsubscribe.split("://", 1)[1].partition("/")[2],
                         {"List-Unsubscribe": "One-Click"}).status_code == 200
    confirmed.refresh_from_db()
    assert confirmed.status == Subscription.UNSUBSCRIBED


def test_a_scheduled_briefing_without_approval_goes_out_at_its_time(lists, stories,
                                                                   mail_server):
    subscribe("reader@example.org", lists.morning, Subscription.CONFIRMED)
    now = timezone.now()
    lists.morning.send_time = (now - datetime.timedelta(minutes=5)).astimezone(
        assembly.site_zone()).time()
    lists.morning.send_without_approval = True
    lists.morning.save()
    deliver()
    [received] = mail_server.received
    assert received.message["Subject"].startswith("Morning briefing, ")

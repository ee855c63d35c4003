"""The admin's mailings screen: each mailing's deliveries by state, its progress and times, and
its failures with the mail server's answer, for Administrators and the Newsletter role only (it
shows addresses); a failure after temporary refusals is sent again from there."""

import pytest

from django.core.management import call_command
from django.urls import reverse

from dateline.mailroom.bulk import enqueue_mailing
from dateline.mailroom.models import Delivery, Mailing
from tests.factories import UserFactory
from tests.newsletters.test_privacy import newsletter_staff

pytestmark = pytest.mark.django_db

GREYLISTED = "Gave up after 8 attempts: 451 4.7.1 Greylisted, try again later"
UNKNOWN = "550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown"


@pytest.fixture
def mailing():
    """A briefing to three readers: one accepted, one given up on after temporary refusals,
    one bounced."""
    mailing = enqueue_mailing(
        key="newsletter-issue:test", composer="tests.mailroom.briefing.compose",
        subject="Monday's briefing",
        recipients=[("taken@example.org", "1"), ("grey@example.com", "2"),
                    ("gone@example.net", "3")])
    deliveries = mailing.deliveries
    deliveries.filter(address="taken@example.org").update(state=Delivery.State.ACCEPTED)
    deliveries.filter(address="grey@example.com").update(
        state=Delivery.State.FAILED, temporary=True, attempts=8, last_error=GREYLISTED)
    deliveries.filter(address="gone@example.net").update(
        state=Delivery.State.BOUNCED, last_error=UNKNOWN)
    return mailing


@pytest.mark.parametrize("who", [lambda: UserFactory(administrator=True), newsletter_staff])
def test_administrators_and_the_newsletter_role_see_each_mailing_and_its_failures(
        client, mailing, who):
    client.force_login(who())
    # The sidebar's menu, as the page hands it to the sidebar's script.
    assert "/admin/mailings/" in client.get(reverse("wagtailadmin_home")).text
    listing = client.get(reverse("mailroom_mailings"))
    assert listing.status_code == 200
    assert "Monday&#x27;s briefing" in listing.text
    [row] = listing.context["mailings"]
    assert (row.pending, row.sending, row.accepted, row.failed, row.bounced) == (0, 0, 1, 1, 1)
    assert row.progress == 100

    detail = client.get(reverse("mailroom_mailing", args=[mailing.pk]))
    assert detail.status_code == 200
    assert "grey@example.com" in detail.text and "451 4.7.1 Greylisted" in detail.text
    assert "gone@example.net" in detail.text and "550 5.1.1" in detail.text
    assert "taken@example.org" not in detail.text
    assert reverse("mailroom_retry", args=[mailing.pk]) in detail.text


@pytest.mark.parametrize("who", [lambda: UserFactory(editor=True),
                                 lambda: UserFactory(contributor=True)])
def test_editors_and_contributors_see_no_mailing_and_no_address(client, mailing, who):
    client.force_login(who())
    assert "/admin/mailings/" not in client.get(reverse("wagtailadmin_home")).text
    for response in (client.get(reverse("mailroom_mailings")),
                     client.get(reverse("mailroom_mailing", args=[mailing.pk])),
                     client.post(reverse("mailroom_retry", args=[mailing.pk]))):
        assert response.status_code == 404
        assert "@example" not in response.content.decode()
    assert mailing.deliveries.get(address="grey@example.com").state == Delivery.State.FAILED


def test_a_temporary_failure_is_sent_again_and_a_permanent_one_is_not(client, mailing,
                                                                      mail_server):
    Mailing.objects.filter(pk=mailing.pk).update(state=Mailing.State.FINISHED)
    client.force_login(newsletter_staff())
    answer = client.post(reverse("mailroom_retry", args=[mailing.pk]), follow=True)
    assert "1 delivery will be sent again" in answer.text
    call_command("send_mailings", verbosity=0)

    assert [message.rcpt_tos for message in mail_server.received] == [["grey@example.com"]]
    states = dict(mailing.deliveries.values_list("address", "state"))
    assert states == {"taken@example.org": "accepted", "grey@example.com": "accepted",
                      "gone@example.net": "bounced"}
    assert Mailing.objects.get(pk=mailing.pk).state == Mailing.State.FINISHED

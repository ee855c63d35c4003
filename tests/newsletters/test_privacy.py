"""Subscribers' addresses are for Administrators and the Newsletter role only; one subscriber's
data is exported or erased on request, by command or in the admin; bounces and complaints
reported by the mailroom take an address off every list."""

import io
import json

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from dateline.mailroom.signals import address_bounced, address_complained
from dateline.newsletters import links
from dateline.newsletters.models import Subscriber, Subscription
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(lists):
    subscriber = Subscriber.objects.create(email="reader@example.org")
    for newsletter in (lists.morning, lists.alerts):
        subscription = Subscription(subscriber=subscriber, newsletter=newsletter,
                                    source="sign-up form")
        subscription.confirm()
        subscription.save()
    return subscriber


def newsletter_staff():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Newsletter"))
    return user


@pytest.mark.parametrize(("who", "sees"), [
    (lambda: UserFactory(administrator=True), True),
    (newsletter_staff, True),
    (lambda: UserFactory(editor=True), False),
    (lambda: UserFactory(contributor=True), False),
])
def test_only_administrators_and_the_newsletter_role_see_subscribers(reader, client, who,
                                                                    sees):
    client.force_login(who())
    for name in ("subscriber", "subscription"):
        listing = client.get(reverse(f"wagtailsnippets_newsletters_{name}:list"))
        assert (listing.status_code == 200) is sees
        assert ("reader@example.org" in listing.text) is sees
    data = client.get(reverse("newsletters_subscriber_data", args=[reader.pk]))
    assert (data.status_code == 200) is sees


def test_editors_define_lists_and_compose_issues(client):
    client.force_login(UserFactory(editor=True))
    assert client.get(reverse("wagtailsnippets_newsletters_newsletter:add")).status_code == 200
    assert client.get(reverse("wagtailsnippets_newsletters_issue:add")).status_code == 200


def test_a_readers_data_is_exported_by_command_and_in_the_admin(reader, client):
    out = io.StringIO()
    call_command("export_subscriber_data", "READER@example.org", stdout=out)
    data = json.loads(out.getvalue())
    assert data["email"] == "reader@example.org"
    assert [(s["newsletter"], s["status"]) for s in data["subscriptions"]] == [
        ("Breaking alerts", "confirmed"), ("Morning briefing", "confirmed")]
    assert data["subscriptions"][0]["confirmed"]

    client.force_login(newsletter_staff())
    download = client.get(reverse("newsletters_subscriber_data", args=[reader.pk]))
    assert download["Content-Disposition"] == (
        'attachment; filename="reader-at-exampleorg.json"')
    assert json.loads(download.content) == data


def test_erasing_a_reader_leaves_nothing_and_their_links_lead_nowhere(reader):
    unsubscribe = links.unsubscribe_path(reader.subscriptions.first().pk)
    out = io.StringIO()
    call_command("erase_subscriber", "reader@example.org", "--dry-run", stdout=out)
    assert "Would erase reader@example.org and 2 subscription(s)" in out.getvalue()
    assert Subscriber.objects.exists()
    call_command("erase_subscriber", "reader@example.org", stdout=out)
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
    assert Client().post(unsubscribe).status_code == 404
    with pytest.raises(CommandError, match="No subscriber has the address"):
        call_command("erase_subscriber", "reader@example.org")


def test_the_admin_erases_a_reader_after_asking(reader, client):
    client.force_login(UserFactory(administrator=True))
    erase = reverse("newsletters_erase_subscriber", args=[reader.pk])
    asked = client.get(erase)
    assert "cannot be undone" in asked.text
    assert Subscriber.objects.exists()
    client.post(erase)
    assert not Subscriber.objects.exists()


def test_a_permanent_bounce_takes_the_address_off_every_list(reader):
    address_bounced.send(sender=None, address="READER@example.org", permanent=False,
                         reason="452 mailbox full")
    assert set(Subscription.objects.values_list("status", flat=True)) == {"confirmed"}
    address_bounced.send(sender=None, address="READER@example.org", permanent=True,
                         reason="550 5.1.1 no such user")
    assert set(Subscription.objects.values_list("status", "unsubscribe_reason")) == {
        ("unsubscribed", "bounced")}


def test_a_complaint_takes_the_address_off_every_list(reader):
    address_complained.send(sender=None, address="reader@example.org")
    assert set(Subscription.objects.values_list("status", "unsubscribe_reason")) == {
        ("unsubscribed", "complained")}

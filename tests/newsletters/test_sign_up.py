"""Signing up with double opt-in, against a real SMTP server: the confirmation letter arrives,
its link works once and only on the reader's own click, nothing else is sent before; the form
answers alike whoever signs up, stops robots and floods, and says plainly when mail is not set
up; readers manage their lists and leave with one click (RFC 8058) from a signed link."""

import pytest

from django.test import Client
from django.urls import reverse

from dateline.mailroom.outbox import NO_MAIL
from dateline.newsletters import links, signup
from dateline.newsletters.models import Subscriber, Subscription
from tests.newsletters.conftest import links_in

pytestmark = pytest.mark.django_db

SIGN_UP = reverse("newsletters:sign_up")


def sign_up(client, email, *newsletters, **extra):
    return client.post(SIGN_UP, {"email": email, "newsletters": [n.pk for n in newsletters],
                                 **extra}, REMOTE_ADDR=extra.pop("ip", "203.0.113.7"))


def confirmation_link(mail_server, email):
    [letter] = [m for m in mail_server.received if m.rcpt_tos == [email]]
    [link] = links_in(letter.part("text/plain"), "confirm")
    assert f'href="{link}"' in letter.part("text/html")
    return link


def test_a_sign_up_mails_a_link_that_confirms_once_and_only_by_the_readers_click(
        client, lists, mail_server):
    response = sign_up(client, "Nino@Example.ORG", lists.morning, lists.alerts)
    assert response.status_code == 200
    assert "Check your inbox" in response.text
    subscriptions = Subscription.objects.filter(subscriber__email="Nino@example.org")
    assert {s.status for s in subscriptions} == {Subscription.PENDING}
    assert not Subscription.objects.receiving().exists()

    link = confirmation_link(mail_server, "Nino@example.org")
    [letter] = mail_server.received
    assert letter.message["Subject"] == "Confirm your newsletters from The Test Gazette"
    assert "Morning briefing" in letter.part("text/plain")
    assert link.startswith("http://localhost/newsletters/confirm/")
    path = link.removeprefix("http://localhost")

    # A mail scanner opening the link confirms nothing.
    opened = Client().get(path)
    assert opened.status_code == 200
    assert "Yes, send them to me" in opened.text
    assert not Subscription.objects.receiving().exists()

    reader = Client(enforce_csrf_checks=True)
    page = reader.get(path)
    token = page.cookies["csrftoken"].value
    confirmed = reader.post(path, {"csrfmiddlewaretoken": page.context["csrf_token"]},
                            HTTP_COOKIE=f"csrftoken={token}")
    assert confirmed.status_code == 200
    assert "You are signed up" in confirmed.text
    assert set(Subscription.objects.receiving().values_list("newsletter__slug", flat=True)) \
        == {"morning", "alerts"}
    assert all(s.confirmed_at for s in Subscription.objects.receiving())

    again = Client().post(path)
    assert again.status_code == 410
    assert "This link no longer works" in again.text
    assert len(mail_server.received) == 1


def test_a_forged_or_mangled_confirmation_link_confirms_nothing(client, lists, mail_server):
    sign_up(client, "nino@example.org", lists.morning)
    subscriber = Subscriber.objects.get()
    forged = links.CONFIRM.sign(f"{subscriber.pk}.guessed-nonce")
    assert Client().post(reverse("newsletters:confirm", args=[forged])).status_code == 410
    mangled = confirmation_link(mail_server, "nino@example.org").rstrip("/")[:-3] + "xyz/"
    assert Client().post(mangled.removeprefix("http://localhost")).status_code == 410
    assert not Subscription.objects.receiving().exists()


def test_the_answer_is_the_same_for_new_pending_and_confirmed_addresses(client, lists,
                                                                       mail_server):
    first = sign_up(client, "nino@example.org", lists.morning)
    link = confirmation_link(mail_server, "nino@example.org")
    Client().post(link.removeprefix("http://localhost"))
    again = sign_up(client, "nino@example.org", lists.morning, ip="198.51.100.9")
    stranger = sign_up(client, "someone@example.org", lists.morning, ip="192.0.2.1")
    assert first.text == again.text == stranger.text
    # Already confirmed: no second letter to the reader.
    assert [m.rcpt_tos for m in mail_server.received] == [["nino@example.org"],
                                                          ["someone@example.org"]]


def test_a_filled_honeypot_is_answered_alike_and_does_nothing(client, lists, mail_server):
    robot = sign_up(client, "victim@example.org", lists.morning, nickname="Best offers")
    person = sign_up(client, "reader@example.org", lists.morning)
    assert robot.status_code == person.status_code == 200
    assert robot.text == person.text
    assert not Subscriber.objects.filter(email="victim@example.org").exists()
    assert [m.rcpt_tos for m in mail_server.received] == [["reader@example.org"]]


def test_an_address_gets_a_few_letters_an_hour_and_a_network_a_few_more(client, lists,
                                                                       mail_server):
    for attempt in range(signup.ADDRESS_LIMIT + 2):
        answer = sign_up(client, "target@example.org", lists.morning, ip=f"192.0.2.{attempt}")
        assert answer.status_code == 200
    assert len(mail_server.received) == signup.ADDRESS_LIMIT

    for number in range(signup.NETWORK_LIMIT - signup.ADDRESS_LIMIT - 2):
        assert sign_up(client, f"r{number}@example.org", lists.morning,
                       ip=f"192.0.2.{number + 100}").status_code == 200
    refused = sign_up(client, "late@example.org", lists.morning, ip="192.0.2.250")
    assert refused.status_code == 429
    assert "Too many sign-ups" in refused.text
    assert refused["Retry-After"] == "3600"
    assert not Subscriber.objects.filter(email="late@example.org").exists()
    # Another network is not held up.
    assert sign_up(client, "late@example.org", lists.morning,
                   ip="2001:db8::1").status_code == 200


def test_a_bad_address_or_no_list_is_a_form_error_not_a_failure(client, lists, mail_server):
    bad = sign_up(client, "not an address", lists.morning)
    assert bad.status_code == 400
    assert "Enter a valid email address" in bad.text
    none = sign_up(client, "reader@example.org")
    assert none.status_code == 400
    assert "Choose at least one newsletter" in none.text
    assert mail_server.received == []


def test_without_mail_the_form_says_so_plainly(client, lists, settings):
    settings.EMAIL_BACKEND = NO_MAIL
    page = client.get(SIGN_UP)
    assert "Newsletters are not being sent yet" in page.text
    assert "e-mail is not set up" in page.text
    assert 'name="email"' not in page.text
    refused = sign_up(client, "reader@example.org", lists.morning)
    assert refused.status_code == 503
    assert not Subscriber.objects.exists()


def test_the_front_page_and_stories_offer_the_sign_up_box(client, lists, stories,
                                                         mail_server):
    for path in ("/", stories.bridge.url):
        page = client.get(path)
        assert 'class="newsletter-box"' in page.text
        assert f'action="{SIGN_UP}"' in page.text
        assert "Morning briefing" in page.text
        assert 'name="nickname"' in page.text
    # The box posts without a CSRF token: the cached page carries none.
    reader = Client(enforce_csrf_checks=True)
    assert sign_up(reader, "reader@example.org", lists.morning).status_code == 200


def confirmed(email, *newsletters):
    subscriber = Subscriber.objects.create(email=email)
    for newsletter in newsletters:
        subscription = Subscription(subscriber=subscriber, newsletter=newsletter)
        subscription.confirm()
        subscription.save()
    return subscriber


def test_one_click_unsubscribe_takes_a_post_without_a_token(lists):
    subscriber = confirmed("reader@example.org", lists.morning, lists.alerts)
    morning = subscriber.subscriptions.get(newsletter=lists.morning)
    path = links.unsubscribe_path(morning.pk)
    mail_client = Client(enforce_csrf_checks=True)

    asked = mail_client.get(path)
    assert asked.status_code == 200
    assert Subscription.objects.get(pk=morning.pk).status == Subscription.CONFIRMED

    done = mail_client.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    morning.refresh_from_db()
    assert morning.status == Subscription.UNSUBSCRIBED
    assert morning.unsubscribe_reason == Subscription.BY_READER
    assert subscriber.subscriptions.get(newsletter=lists.alerts).status == "confirmed"
    # Twice is harmless.
    assert mail_client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200


def test_an_unsubscribe_link_is_signed_for_one_subscription(lists):
    subscriber = confirmed("reader@example.org", lists.morning)
    subscription = subscriber.subscriptions.get()
    tampered = reverse("newsletters:unsubscribe", args=[f"{subscription.pk}:forged"])
    assert Client().post(tampered).status_code == 404
    assert Client().post(links.unsubscribe_path(0)).status_code == 404
    assert Subscription.objects.get().status == Subscription.CONFIRMED


def test_a_reader_manages_their_lists_from_a_link_without_an_account(lists):
    subscriber = confirmed("reader@example.org", lists.morning)
    path = links.manage_path(subscriber.subscriptions.get().pk)
    reader = Client()
    page = reader.get(path)
    assert page.status_code == 200
    assert "reader@example.org" in page.text
    saved = reader.post(path, {"newsletters": [lists.alerts.pk]}, follow=True)
    assert "Your newsletters are saved" in saved.text
    statuses = dict(subscriber.subscriptions.values_list("newsletter__slug", "status"))
    assert statuses == {"morning": "unsubscribed", "alerts": "confirmed"}

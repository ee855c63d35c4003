"""Bounces and complaints come back as real reports (Postfix's, Gmail's and Exim's delivery
status notifications, Yahoo's and Outlook's ARF complaints) in a maildir, or as JSON posted to
the webhook, and become the mailroom's signals and the deliveries' states."""

import json
import mailbox
from pathlib import Path

import pytest

from django.utils import timezone

from dateline.mailroom.bounces import read_bounce_mailbox, read_reports
from dateline.mailroom.bulk import enqueue_mailing
from dateline.mailroom.models import Delivery
from dateline.mailroom.sending import send_mailings
from dateline.mailroom.signals import address_bounced, address_complained
from tests.mailroom.briefing import COMPOSER

pytestmark = pytest.mark.django_db

REPORTS = Path(__file__).parent / "reports"
WEBHOOK = "/mailroom/bounces/"
SECRET = "s3cret-from-the-provider"


def report(name):
    return (REPORTS / name).read_bytes()


@pytest.fixture
def heard():
    events = []

    def bounced(sender, address, permanent, reason, **kwargs):
        events.append(("bounced", sender, address, permanent, reason))

    def complained(sender, address, **kwargs):
        events.append(("complained", sender, address))

    address_bounced.connect(bounced)
    address_complained.connect(complained)
    yield events
    address_bounced.disconnect(bounced)
    address_complained.disconnect(complained)


def sent_briefing(*recipients):
    """A mailing whose deliveries the server accepted, with the given Message-IDs."""
    mailing = enqueue_mailing(key="newsletter-issue:20", composer=COMPOSER,
                              recipients=((address, str(number)) for number, (address, _id)
                                          in enumerate(recipients)))
    for address, message_id in recipients:
        Delivery.objects.filter(mailing=mailing, address=address).update(
            state="accepted", message_id=message_id, attempts=1, accepted_at=timezone.now())
    return mailing


def test_postfix_unknown_user_is_a_permanent_bounce_of_its_message():
    [bounce] = read_reports(report("postfix-unknown-user.eml"))
    assert (bounce.kind, bounce.address, bounce.permanent, bounce.action) == (
        "bounce", "leyla@mail.example.net", True, "failed")
    assert bounce.message_id == "<176509884101.3191.1148@news.example.org>"
    assert bounce.reason.startswith("5.1.1 smtp; 550 5.1.1 <leyla@mail.example.net>")


def test_gmail_over_quota_is_transient_and_names_the_attached_message():
    [bounce] = read_reports(report("gmail-mailbox-full.eml"))
    assert (bounce.address, bounce.permanent, bounce.action) == (
        "arash.example@gmail.com", False, "failed")
    assert bounce.message_id == "<176509884102.3191.2210@news.example.org>"
    assert "4.2.2" in bounce.reason


def test_exim_delay_warning_is_read_as_delayed():
    [bounce] = read_reports(report("exim-delayed.eml"))
    assert (bounce.address, bounce.permanent, bounce.action) == (
        "nino@slow.example.com", False, "delayed")


def test_complaints_name_the_recipient_from_the_report_or_from_the_recorded_delivery():
    [outlook] = read_reports(report("outlook-complaint.eml"))
    assert (outlook.kind, outlook.address, outlook.reason) == (
        "complaint", "shirin@outlook.example", "abuse")
    # Yahoo redacts the recipient: the Message-ID finds whom the mailroom sent it to.
    sent_briefing(("farid@yahoo.example", "<176509884104.3191.4478@news.example.org>"))
    [yahoo] = read_reports(report("yahoo-complaint.eml"))
    assert (yahoo.kind, yahoo.address) == ("complaint", "farid@yahoo.example")


def test_a_readers_reply_is_no_report():
    assert read_reports(report("reader-reply.eml")) == []


def test_the_bounce_maildir_is_read_once_and_acted_on(tmp_path, settings, heard):
    settings.BOUNCE_MAILDIR = str(tmp_path / "bounces")
    box = mailbox.Maildir(settings.BOUNCE_MAILDIR, create=True)
    names = ("postfix-unknown-user.eml", "gmail-mailbox-full.eml", "exim-delayed.eml",
             "outlook-complaint.eml", "reader-reply.eml")
    keys = {name: box.add(report(name)) for name in names}
    sent_briefing(("leyla@mail.example.net", "<176509884101.3191.1148@news.example.org>"),
                  ("arash.example@gmail.com", "<176509884102.3191.2210@news.example.org>"),
                  ("nino@slow.example.com", "<176509884103.3191.3317@news.example.org>"))

    assert read_bounce_mailbox() == 4
    assert sorted(event[:4] for event in heard) == [
        ("bounced", "mailbox", "arash.example@gmail.com", False),
        ("bounced", "mailbox", "leyla@mail.example.net", True),
        ("complained", "mailbox", "shirin@outlook.example"),
    ]
    states = {delivery.address: delivery for delivery in Delivery.objects.all()}
    assert states["leyla@mail.example.net"].state == "bounced"
    assert "User unknown" in states["leyla@mail.example.net"].last_error
    # Gmail gave up for now: sent again later.
    assert states["arash.example@gmail.com"].state == "pending"
    assert states["arash.example@gmail.com"].next_attempt_at > timezone.now()
    # Exim is still trying: nothing changes.
    assert states["nino@slow.example.com"].state == "accepted"

    box = mailbox.Maildir(settings.BOUNCE_MAILDIR, create=False)
    flags = {name: box.get_message(keys[name]).get_flags() for name in names}
    assert flags == {**dict.fromkeys(names, "S"), "reader-reply.eml": "FS"}
    assert sorted(box.get_message(key).get_subdir() for key in keys.values()) == ["cur"] * 5

    heard.clear()
    assert read_bounce_mailbox() == 0
    assert heard == []


def post(client, payload, secret=SECRET, **headers):
    if secret is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(WEBHOOK, body, content_type="application/json", **headers)


EVENTS = {"events": [
    {"type": "bounce", "address": "leyla@mail.example.net", "permanent": True,
     "status": "5.1.1", "reason": "no such user"},
    {"type": "bounce", "address": "arash.example@gmail.com", "status": "4.2.2"},
    {"type": "complaint", "address": "shirin@outlook.example"},
]}


def test_the_webhook_turns_events_into_signals(client, settings, heard):
    settings.MAIL_WEBHOOK_SECRET = SECRET
    response = post(client, EVENTS)
    assert response.status_code == 200
    assert response.json() == {"bounces": 2, "complaints": 1}
    assert heard == [
        ("bounced", "webhook", "leyla@mail.example.net", True, "5.1.1 no such user"),
        ("bounced", "webhook", "arash.example@gmail.com", False, "4.2.2"),
        ("complained", "webhook", "shirin@outlook.example"),
    ]
    heard.clear()
    assert post(client, {"type": "complaint", "address": "b@example.org"}).status_code == 200
    assert heard == [("complained", "webhook", "b@example.org")]


def test_the_webhook_refuses_a_missing_or_wrong_secret_and_is_off_without_one(
        client, settings, heard):
    settings.MAIL_WEBHOOK_SECRET = SECRET
    assert post(client, EVENTS, secret=None).status_code == 401
    assert post(client, EVENTS, secret="guess").status_code == 401
    assert client.get(WEBHOOK).status_code == 405
    settings.MAIL_WEBHOOK_SECRET = ""
    assert post(client, EVENTS, secret="").status_code == 404
    assert heard == []


@pytest.mark.parametrize(("payload", "says"), [
    ("{not json", "Expecting property name"),
    ({"events": [EVENTS["events"][0], {"type": "open", "address": "a@example.org"}]},
     'Event 1: "type" must be "bounce" or "complaint".'),
    ({"events": [{"type": "bounce", "address": "nobody"}]},
     'Event 0: "address" must be an e-mail address.'),
    ({"type": "bounce", "address": "a@example.org", "permanent": "yes"},
     'Event 0: "permanent" must be true or false.'),
    ([1], "Event 0 is not an object."),
])
def test_a_bad_webhook_post_is_refused_whole_saying_why(client, settings, heard, payload, says):
    settings.MAIL_WEBHOOK_SECRET = SECRET
    response = post(client, payload)
    assert response.status_code == 400
    assert says in response.json()["error"]
    assert heard == []


def test_a_missing_bounce_maildir_is_logged_and_holds_up_no_sending(tmp_path, settings,
                                                                    mail_server, caplog):
    settings.BOUNCE_MAILDIR = str(tmp_path / "no-such-maildir")
    enqueue_mailing(key="newsletter-issue:21", composer=COMPOSER,
                    recipients=[("reader@example.org", "1")])
    reports, done = send_mailings()
    assert (reports, done.accepted) == (0, 1)
    assert "DATELINE_BOUNCE_MAILDIR cannot be read" in caplog.text

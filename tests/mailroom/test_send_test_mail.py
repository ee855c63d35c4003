"""`dateline send_test_mail ADDRESS`: the operator's check that mail leaves, through a real SMTP
server on loopback."""

from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from dateline.mailroom.outbox import NO_MAIL
from tests.conftest import send_mail_through

pytestmark = pytest.mark.django_db


def test_the_test_letter_arrives_and_its_message_id_is_printed(mail_server):
    output = StringIO()
    call_command("send_test_mail", "desk@example.org", stdout=output)
    [received] = mail_server.received
    assert received.rcpt_tos == ["desk@example.org"]
    assert received.message["Message-ID"] in output.getvalue()
    assert "Dateline <newsroom@example.org>" in received.part("text/plain")
    assert "<code>dateline send_test_mail</code>" in received.part("text/html")


def test_without_mail_it_says_what_to_set(settings):
    settings.EMAIL_BACKEND = NO_MAIL
    with pytest.raises(CommandError, match="E-mail is not set up: set DATELINE_EMAIL_URL"):
        call_command("send_test_mail", "desk@example.org")


def test_a_refusal_is_said_with_the_servers_reason(start_mail_server, settings, monkeypatch):
    server = start_mail_server(refuse=["desk@example.org"])
    send_mail_through(settings, monkeypatch, server.url())
    with pytest.raises(CommandError, match="refused the recipient: desk@example.org: 550 .* "
                                           "Nothing was sent."):
        call_command("send_test_mail", "desk@example.org")


def test_a_bad_address_is_refused_before_anything_is_sent(mail_server):
    with pytest.raises(CommandError, match="is not an e-mail address"):
        call_command("send_test_mail", "desk@")
    assert mail_server.received == []

"""Letters leave through a real SMTP server on loopback (aiosmtpd): plain, STARTTLS and TLS
from the start, with SMTP AUTH, one connection for many messages, each Message-ID known as the
server accepts it, and every failure said in words."""

import smtplib

import pytest

from dateline.mailroom.letters import address, compose
from dateline.mailroom.outbox import MailNotSent, Outbox, mail_is_set_up
from tests.conftest import send_mail_through

pytestmark = pytest.mark.database_independent

PASSWORD = "p@ss:w/rd %#?&"


def letter(to="reader@example.org", subject_name="Ledger", username="nino"):
    return compose("newsroom/mail/password_reset", {
        "username": username, "link": "https://news.example.org/admin/x/",
        "site_name": subject_name, "hours": 72,
    }, to=[to])


def test_a_letter_has_both_parts_a_message_id_of_the_sender_and_a_date(mail_server):
    with Outbox() as outbox:
        message_id = outbox.send(letter())
    [received] = mail_server.received
    assert received.mail_from == "newsroom@example.org"
    assert received.rcpt_tos == ["reader@example.org"]
    headers = received.message
    assert headers["Message-ID"] == message_id
    assert message_id.endswith("@example.org>")
    assert headers["Date"] is not None
    assert headers["From"] == "Dateline <newsroom@example.org>"
    assert headers.get_content_type() == "multipart/alternative"
    assert "https://news.example.org/admin/x/" in received.part("text/plain")
    assert 'href="https://news.example.org/admin/x/"' in received.part("text/html")


def test_persian_names_and_subjects_arrive_intact(mail_server):
    to = address("نینو کاپانادزه, دبیر", "nino@example.org")
    with Outbox() as outbox:
        outbox.send(letter(to=to, subject_name="روزنامه خزر"))
    [received] = mail_server.received
    raw = received.message.as_bytes()
    # Encoded for the wire (RFC 2047), decoded the same on arrival.
    assert "روزنامه".encode() not in raw.split(b"\n\n", 1)[0]
    # Django 5.2 folds an encoded subject onto the header's second line; mail clients drop the
    # folding whitespace, as here.
    assert received.message["Subject"].strip() == "Reset your password for روزنامه خزر"
    assert received.message["To"].addresses[0].display_name == "نینو کاپانادزه, دبیر"
    assert received.message["To"].addresses[0].addr_spec == "nino@example.org"
    assert "روزنامه خزر" in received.part("text/html")


def test_one_connection_carries_many_letters(mail_server):
    with Outbox() as outbox:
        ids = [outbox.send(letter(to=f"reader-{n}@example.org")) for n in range(5)]
    received = mail_server.received
    assert [message.message["Message-ID"] for message in received] == ids
    assert len(set(ids)) == 5
    assert len({message.peer for message in received}) == 1


def test_starttls_with_auth_and_a_percent_encoded_password(start_mail_server, settings,
                                                            monkeypatch):
    server = start_mail_server(encryption="starttls", users={"desk@example.org": PASSWORD})
    monkeypatch.setenv("SSL_CERT_FILE", str(start_mail_server.certificate.path))
    send_mail_through(settings, monkeypatch, server.url("desk@example.org", PASSWORD))
    assert settings.EMAIL_USE_TLS and settings.EMAIL_HOST_PASSWORD == PASSWORD
    with Outbox() as outbox:
        outbox.send(letter())
    assert len(server.received) == 1
    assert [login for _mechanism, login in server.accounts.attempts] == ["desk@example.org"]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_tls_from_the_start_with_auth(start_mail_server, settings, monkeypatch):
    server = start_mail_server(encryption="ssl", users={"desk": PASSWORD})
    monkeypatch.setenv("SSL_CERT_FILE", str(start_mail_server.certificate.path))
    send_mail_through(settings, monkeypatch, server.url("desk", PASSWORD))
    with Outbox() as outbox:
        outbox.send(letter())
    assert len(server.received) == 1


def test_a_wrong_password_is_said_plainly(start_mail_server, settings, monkeypatch):
    server = start_mail_server(encryption="starttls", users={"desk": PASSWORD})
    monkeypatch.setenv("SSL_CERT_FILE", str(start_mail_server.certificate.path))
    send_mail_through(settings, monkeypatch, server.url("desk", "wrong"))
    with pytest.raises(MailNotSent, match="refused the user name and password"):
        with Outbox() as outbox:
            outbox.send(letter())
    assert server.received == []


def test_a_certificate_nobody_vouches_for_is_refused(start_mail_server, settings, monkeypatch):
    server = start_mail_server(encryption="starttls", users={"desk": PASSWORD})
    send_mail_through(settings, monkeypatch, server.url("desk", PASSWORD))
    with pytest.raises(MailNotSent, match="could not be reached: .*CERTIFICATE_VERIFY_FAILED"):
        with Outbox() as outbox:
            outbox.send(letter())
    assert server.received == []


def test_a_server_that_demands_tls_refuses_plain_smtp(start_mail_server, settings, monkeypatch):
    server = start_mail_server(encryption="starttls")
    send_mail_through(settings, monkeypatch, server.url(tls="off"))
    with pytest.raises(MailNotSent, match="refused"):
        with Outbox() as outbox:
            outbox.send(letter())
    assert server.received == []


def test_a_refused_recipient_is_named_and_the_outbox_goes_on(start_mail_server, settings,
                                                             monkeypatch):
    server = start_mail_server(refuse=["gone@example.org"])
    send_mail_through(settings, monkeypatch, server.url())
    with Outbox() as outbox:
        with pytest.raises(MailNotSent, match="refused the recipient: gone@example.org: 550"):
            outbox.send(letter(to="gone@example.org"))
        outbox.send(letter(to="here@example.org"))
    assert [message.rcpt_tos for message in server.received] == [["here@example.org"]]


def test_an_unreachable_server_is_said_plainly(settings, monkeypatch):
    from tests.conftest import free_port

    send_mail_through(settings, monkeypatch, f"smtp://127.0.0.1:{free_port()}?tls=off")
    with pytest.raises(MailNotSent, match="could not be reached"):
        with Outbox() as outbox:
            outbox.send(letter())


def test_without_mail_nothing_pretends_to_send(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    assert not mail_is_set_up()
    with pytest.raises(MailNotSent, match="not set up"):
        with Outbox() as outbox:
            outbox.send(letter())


def test_the_reason_names_the_server_not_the_password(settings):
    from dateline.mailroom.outbox import reason

    settings.EMAIL_HOST, settings.EMAIL_PORT = "mail.example.org", 587
    said = reason(smtplib.SMTPAuthenticationError(535, b"5.7.8 bad credentials"))
    assert said == ("The mail server mail.example.org:587 refused the user name and password "
                    "in DATELINE_EMAIL_URL (535).")


def test_names_and_subjects_are_taken_literally_and_kept_on_one_line(mail_server):
    name = "Tom & Jerry's <desk>\r\nBcc: victim@example.org"
    with Outbox() as outbox:
        outbox.send(letter(to=address(name, "tom@example.org"), subject_name=name,
                           username="Tom & Jerry's"))
    [received] = mail_server.received
    assert received.rcpt_tos == ["tom@example.org"]
    assert received.message["Bcc"] is None
    assert received.message["Subject"].strip() == (
        "Reset your password for Tom & Jerry's <desk> Bcc: victim@example.org")
    assert received.message["To"].addresses[0].display_name == (
        "Tom & Jerry's <desk> Bcc: victim@example.org")
    assert "Tom &amp; Jerry&#x27;s &lt;desk&gt;" in received.part("text/html")
    # The plain-text part is text: nothing in it is HTML-escaped.
    assert "your account: Tom & Jerry's\r\n" in received.part("text/plain")


def test_after_the_server_goes_away_the_next_letter_opens_a_new_connection(settings,
                                                                            monkeypatch):
    from tests.conftest import free_port
    from tests.mailserver import MailServer

    port = free_port()
    first = MailServer(port).__enter__()
    send_mail_through(settings, monkeypatch, first.url())
    with Outbox() as outbox:
        outbox.send(letter(to="before@example.org"))
        first.__exit__(None, None, None)
        with pytest.raises(MailNotSent):
            outbox.send(letter(to="lost@example.org"))
        with MailServer(port) as second:
            outbox.send(letter(to="after@example.org"))
    assert [message.rcpt_tos for message in first.received] == [["before@example.org"]]
    assert [message.rcpt_tos for message in second.received] == [["after@example.org"]]

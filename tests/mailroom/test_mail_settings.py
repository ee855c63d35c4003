"""DATELINE_EMAIL_URL and DATELINE_EMAIL_FROM become Django's mail settings, and a URL that
cannot work stops the start with a sentence naming the variable, never the password."""

import pytest

from dateline.settings import engines

pytestmark = pytest.mark.database_independent

SENDER = "The Caspian Ledger <newsroom@example.org>"


def mail_settings(monkeypatch, url, sender=SENDER):
    for name, value in (("DATELINE_EMAIL_URL", url), ("DATELINE_EMAIL_FROM", sender)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return engines.mail()


def refusal(monkeypatch, url, sender=SENDER):
    with pytest.raises(engines.BadMailSetting) as refused:
        mail_settings(monkeypatch, url, sender)
    return str(refused.value)


def test_without_a_url_no_mail_leaves_the_site(monkeypatch):
    assert mail_settings(monkeypatch, None, None) == {"EMAIL_BACKEND": engines.NO_MAIL_BACKEND}


def test_smtp_takes_starttls_on_the_submission_port(monkeypatch):
    assert mail_settings(monkeypatch, "smtp://desk:secret@mail.example.org") == {
        "EMAIL_BACKEND": engines.SMTP_BACKEND, "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587, "EMAIL_HOST_USER": "desk", "EMAIL_HOST_PASSWORD": "secret",
        "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False, "EMAIL_TIMEOUT": 10,
        "DEFAULT_FROM_EMAIL": SENDER, "SERVER_EMAIL": SENDER,
    }


@pytest.mark.parametrize("scheme", ["smtp+ssl", "smtps", "SMTP+SSL"])
def test_smtp_ssl_is_tls_from_the_start_on_port_465(monkeypatch, scheme):
    settings = mail_settings(monkeypatch, f"{scheme}://desk:secret@mail.example.org")
    assert (settings["EMAIL_PORT"], settings["EMAIL_USE_SSL"], settings["EMAIL_USE_TLS"]) == (
        465, True, False)


def test_plain_smtp_only_when_asked_for(monkeypatch):
    settings = mail_settings(monkeypatch, "smtp://127.0.0.1:25?tls=off&timeout=2.5")
    assert (settings["EMAIL_PORT"], settings["EMAIL_USE_SSL"], settings["EMAIL_USE_TLS"],
            settings["EMAIL_HOST_USER"], settings["EMAIL_TIMEOUT"]) == (25, False, False, "", 2.5)
    assert mail_settings(monkeypatch, "smtp://127.0.0.1:25")["EMAIL_USE_TLS"] is True


def test_user_and_password_are_percent_decoded(monkeypatch):
    settings = mail_settings(
        monkeypatch, "smtp://desk%40example.org:p%40ss%3Aw%2Frd%20%25%23%3F%26@[::1]:2525")
    assert settings["EMAIL_HOST_USER"] == "desk@example.org"
    assert settings["EMAIL_HOST_PASSWORD"] == "p@ss:w/rd %#?&"
    assert (settings["EMAIL_HOST"], settings["EMAIL_PORT"]) == ("::1", 2525)


def test_the_console_prints_mail_and_needs_no_sender(monkeypatch):
    assert mail_settings(monkeypatch, "console:", None) == {
        "EMAIL_BACKEND": engines.CONSOLE_BACKEND}


def test_a_persian_sender_name_is_kept(monkeypatch):
    sender = "روزنامه خزر <newsroom@example.org>"
    assert mail_settings(monkeypatch, "console:", sender)["DEFAULT_FROM_EMAIL"] == sender


@pytest.mark.parametrize(("url", "says"), [
    ("smtp://desk:hunter2@mail.example.org:99999", "is not a valid URL"),
    ("smtp://desk:hunter2@mail.example.org:port", "is not a valid URL"),
    ("http://desk:hunter2@mail.example.org", "unknown scheme 'http'"),
    ("mail.example.org:587", "unknown scheme"),
    ("smtp://desk:hunter2@:587", "names no mail server host"),
    ("smtp://desk:hunter2@mail.example.org/inbox", "has no path"),
    ("smtp://desk:hunter2@mail.example.org?tls=maybe", "tls must be on or off"),
    ("smtp://desk:hunter2@mail.example.org?timeout=0", "timeout must be a number"),
    ("smtp://desk:hunter2@mail.example.org?timeout=nan", "timeout must be a number"),
    ("smtp://desk:hunter2@mail.example.org?from=x@example.org", "unknown option 'from'"),
    ("smtp+ssl://desk:hunter2@mail.example.org?tls=off", "tls=off goes with smtp:// only"),
    ("smtp://desk@mail.example.org", "both a user name and a password"),
    ("console://mail.example.org", "console: takes nothing after it"),
    ("smtp://desk:hunter2%D8%B1@mail.example.org", "must be ASCII"),
])
def test_a_url_that_cannot_work_is_refused_by_name_without_its_password(monkeypatch, url, says):
    message = refusal(monkeypatch, url)
    assert message.startswith("DATELINE_EMAIL_URL")
    assert says in message
    assert "hunter2" not in message


def test_a_mail_server_needs_a_sender(monkeypatch):
    assert "DATELINE_EMAIL_FROM must name the sender" in refusal(
        monkeypatch, "smtp://mail.example.org", None)


@pytest.mark.parametrize("sender", ["newsroom", "The Ledger", "<@example.org>", "a@b@c"])
def test_a_sender_that_is_no_address_is_refused(monkeypatch, sender):
    assert "DATELINE_EMAIL_FROM" in refusal(monkeypatch, "smtp://mail.example.org", sender)

"""Sending: whether the site can send mail at all, and an outbox that keeps one connection to
the mail server open for as many messages as it is handed.

Each ``Outbox.send()`` returns once the server has accepted that one message, with the
message's Message-ID, so a caller that records it (a newsletter's delivery log) knows exactly
which messages left: at most the one in flight is in doubt if the process dies.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import get_connection

logger = logging.getLogger(__name__)

# Django's backend that sends nothing: what the settings choose until DATELINE_EMAIL_URL is set
# (dateline.settings.engines.mail).
NO_MAIL = "django.core.mail.backends.dummy.EmailBackend"


def mail_is_set_up():
    """True when mail leaves the site: a mail server (or the console, for development) is
    configured."""
    return settings.EMAIL_BACKEND != NO_MAIL


class MailNotSent(Exception):
    """The mail server could not be reached, or refused the message; says why, in words an
    administrator can act on."""


class Outbox:
    """``with Outbox() as outbox: outbox.send(message)``: one connection for every message,
    opened again after the server drops it."""

    def __init__(self):
        self.connection = get_connection(fail_silently=False)

    def __enter__(self):
        self._open()
        return self

    def __exit__(self, *exc_info):
        try:
            self.connection.close()
        except (OSError, smtplib.SMTPException):
            # The messages are sent or not by now; a failed goodbye changes nothing.
            logger.info("The mail server's connection did not close cleanly", exc_info=True)

    def send(self, message):
        """Sends one message and returns its Message-ID once the server has accepted it;
        raises MailNotSent otherwise."""
        if not mail_is_set_up():
            raise MailNotSent("E-mail is not set up on this site (DATELINE_EMAIL_URL).")
        self._open()
        try:
            accepted = self.connection.send_messages([message])
        except (OSError, smtplib.SMTPException) as error:
            # The connection may be half-dead now: the next send opens a new one.
            self.connection.close()
            raise MailNotSent(reason(error)) from error
        if not accepted:
            raise MailNotSent("The message has no recipient.")
        return message.extra_headers["Message-ID"]

    def _open(self):
        try:
            self.connection.open()
        except (OSError, smtplib.SMTPException) as error:
            raise MailNotSent(reason(error)) from error


def reason(error):
    """Why a message did not leave, for the person who has to fix it."""
    server = f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return (f"The mail server {server} refused the user name and password in "
                f"DATELINE_EMAIL_URL ({error.smtp_code}).")
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return f"The mail server {server} refused the recipient: {_server_says(error)}"
    if isinstance(error, smtplib.SMTPSenderRefused):
        return (f"The mail server {server} refused the sender {error.sender} "
                f"(DATELINE_EMAIL_FROM): {_server_says(error)}")
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return (f"The mail server {server} does not offer what DATELINE_EMAIL_URL asks for "
                f"({error}); check its port and encryption.")
    if isinstance(error, smtplib.SMTPException):
        return f"The mail server {server} refused the message: {_server_says(error)}"
    return f"The mail server {server} could not be reached: {error}"


def _server_says(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{address}: {code} {text.decode(errors='replace')}"
                         for address, (code, text) in error.recipients.items())
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        if isinstance(text, bytes):
            text = text.decode(errors="replace")
        return f"{error.smtp_code} {text}"
    return str(error)

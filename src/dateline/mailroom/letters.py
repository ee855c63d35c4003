"""Letters: each message the site sends is composed from three templates that say the same
thing, ``<name>_subject.txt``, ``<name>.txt`` (the plain-text part) and ``<name>.html`` (the
HTML part, usually extending ``mailroom/letter.html``). The subject and the plain text are
rendered by the "text" template engine, which escapes nothing: they are not HTML.

Every letter carries a Message-ID of the sender's domain, made before sending so that the
sender can record it, and Django adds the Date. Names and subjects in any script are encoded
for mail headers (RFC 2047) by Django; bodies are UTF-8.
"""

from email.utils import formataddr, make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def compose(name, context, to, *, reply_to=(), headers=None):
    """The letter ``name`` rendered with ``context``, addressed to the list ``to``, ready for
    ``Outbox.send()``."""
    # A subject is one line, however its template wraps.
    subject = " ".join(render_to_string(f"{name}_subject.txt", context, using="text").split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{name}.txt", context, using="text"),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=list(reply_to),
        headers={"Message-ID": new_message_id(), **(headers or {})},
    )
    message.attach_alternative(render_to_string(f"{name}.html", context), "text/html")
    return message


def new_message_id():
    """A Message-ID in the sender's own domain (Django's default names the machine, which is
    nobody's business and often not a real domain)."""
    return make_msgid(domain=parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
                      or "localhost")


def address(name, email):
    """``Name <email>`` with the name quoted as mail needs (commas, quotes, any script), and
    on one line whatever it held."""
    name = " ".join((name or "").split())
    return formataddr((name, email)) if name else email

"""A composer for the mailing tests, as an app that sends mailings writes one: the dotted path
``tests.mailroom.briefing.compose`` is what they hand to ``enqueue_mailing``."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

COMPOSER = "tests.mailroom.briefing.compose"
FAILING_COMPOSER = "tests.mailroom.briefing.compose_badly"


def compose(mailing, delivery):
    message = EmailMultiAlternatives(
        subject=mailing.subject or "Morning briefing",
        body=f"Good morning, subscriber {delivery.recipient_ref}. ({mailing.key})",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.address],
        headers={"X-Recipient-Ref": delivery.recipient_ref},
    )
    message.attach_alternative(f"<p>Good morning, subscriber {delivery.recipient_ref}.</p>",
                               "text/html")
    return message


def compose_badly(mailing, delivery):
    raise LookupError(f"no template for {mailing.key}")

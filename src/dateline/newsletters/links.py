"""The links a reader follows from a mail, signed with the site's secret key.

- Confirming a sign-up: the subscriber and a nonce, with a time stamp; it works for
  ``CONFIRMATION_DAYS`` and once, since confirming (or asking again) changes the nonce.
- Managing one's lists and leaving one list with one click: the subscription's id, signed, so
  a link is made for each of 100,000 recipients without reading the database, and nobody can
  make one for another subscription.
"""

import datetime
import secrets

from django.core import signing
from django.urls import reverse

CONFIRMATION_DAYS = 7
CONFIRM = signing.TimestampSigner(salt="dateline.newsletters.confirm")
MANAGE = signing.Signer(salt="dateline.newsletters.manage")
UNSUBSCRIBE = signing.Signer(salt="dateline.newsletters.unsubscribe")


def public_url(path):
    """``path`` at the site's public address (``server.public_address``), never the host a
    request happened to use."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site else "http://localhost"
    return root.rstrip("/") + path


def new_nonce():
    return secrets.token_hex(16)


def confirmation_path(subscriber):
    token = CONFIRM.sign(f"{subscriber.pk}.{subscriber.confirmation_nonce}")
    return reverse("newsletters:confirm", args=[token])


def confirmed_subscriber_id(token):
    """(subscriber id, nonce) from a confirmation token, or None when it is forged, mangled
    or expired."""
    try:
        value = CONFIRM.unsign(token, max_age=datetime.timedelta(days=CONFIRMATION_DAYS))
    except signing.BadSignature:
        return None
    subscriber_id, _, nonce = value.partition(".")
    if not subscriber_id.isdigit() or not nonce:
        return None
    return int(subscriber_id), nonce


def manage_path(subscription_id):
    return reverse("newsletters:manage", args=[MANAGE.sign(str(subscription_id))])


def unsubscribe_path(subscription_id):
    return reverse("newsletters:unsubscribe", args=[UNSUBSCRIBE.sign(str(subscription_id))])


def subscription_id(signer, token):
    try:
        value = signer.unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None

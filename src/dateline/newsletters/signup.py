"""Signing up, with double opt-in, and the abuse a public form invites.

A sign-up makes pending subscriptions and mails a confirmation link; nothing else is sent to
the address until its owner follows it. Whoever fills in the form is told the same thing,
"check your inbox", whether the address was new, pending or already confirmed, so the form
tells nobody who reads which list. Limits, kept in Django's cache (shared by every process with
Redis): a few sign-ups an hour per address, so a stranger cannot flood someone's inbox with
confirmation mail, and more per network (IPv4 /24, IPv6 /64), so one machine cannot flood the
outbox. A hidden field that people leave empty and form-filling robots fill in (the honeypot)
makes a sign-up do nothing, with the same answer.
"""

import hashlib
import ipaddress
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from dateline.mailroom.outbox import MailNotSent
from dateline.newsletters import links
from dateline.newsletters.models import Subscriber, Subscription

logger = logging.getLogger(__name__)

ADDRESS_LIMIT = 3
NETWORK_LIMIT = 20
LIMIT_SECONDS = 3600
SOURCE = "sign-up form"


class TooManySignUps(Exception):
    """The network has signed up too often this hour."""


@dataclass
class SignUp:
    """What a sign-up did: whether a confirmation mail left (the form says the same either
    way)."""

    mailed: bool
    mail_failed: bool = False


def normalised(email):
    """The address as stored: the domain in lower case, as mail treats it."""
    local, _, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


def network_of(remote_address):
    try:
        address = ipaddress.ip_address(remote_address or "")
    except ValueError:
        return "unknown"
    prefix = 24 if address.version == 4 else 64
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def _over_limit(kind, value, limit):
    """Counts one more sign-up for ``value``; True once it has had ``limit`` this hour."""
    digest = hashlib.sha256(value.lower().encode()).hexdigest()[:32]
    key = f"dateline:newsletters:sign-ups:{kind}:{digest}"
    cache.add(key, 0, LIMIT_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, LIMIT_SECONDS)
        count = 1
    return count > limit


def sign_up(email, newsletters, remote_address):
    """Pending subscriptions to ``newsletters`` for ``email`` and a confirmation mail; raises
    TooManySignUps when the network is over its limit."""
    if _over_limit("network", network_of(remote_address), NETWORK_LIMIT):
        raise TooManySignUps
    email = normalised(email)
    if _over_limit("address", email, ADDRESS_LIMIT):
        logger.info("Sign-up limit reached for an address; no confirmation mail sent")
        return SignUp(mailed=False)
    with transaction.atomic():
        subscriber = (Subscriber.objects.select_for_update().filter(email__iexact=email).first()
                      or Subscriber.objects.create(email=email))
        waiting = False
        for newsletter in newsletters:
            subscription, _ = Subscription.objects.get_or_create(
                subscriber=subscriber, newsletter=newsletter,
                defaults={"source": SOURCE},
            )
            if subscription.status != Subscription.CONFIRMED:
                # Coming back after leaving needs a fresh consent, as a first sign-up does.
                subscription.status = Subscription.PENDING
                subscription.signed_up_at = timezone.now()
                subscription.source = SOURCE
                subscription.save()
                waiting = True
        if not waiting:
            return SignUp(mailed=False)
        subscriber.confirmation_nonce = links.new_nonce()
        subscriber.save(update_fields=["confirmation_nonce"])
    from dateline.newsletters.mail import send_confirmation

    try:
        send_confirmation(subscriber)
    except MailNotSent as error:
        logger.warning("The confirmation mail did not leave: %s", error)
        return SignUp(mailed=False, mail_failed=True)
    return SignUp(mailed=True)


def confirm(token):
    """Confirms the pending subscriptions the link was sent for; returns them, or None when
    the link is forged, expired or used."""
    found = links.confirmed_subscriber_id(token)
    if found is None:
        return None
    subscriber_id, nonce = found
    with transaction.atomic():
        subscriber = (Subscriber.objects.select_for_update()
                      .filter(pk=subscriber_id, confirmation_nonce=nonce).first())
        if subscriber is None:
            return None
        pending = list(subscriber.subscriptions.filter(status=Subscription.PENDING)
                       .select_related("newsletter"))
        now = timezone.now()
        for subscription in pending:
            subscription.confirm(now)
            subscription.save()
        # Once: the link's nonce is gone.
        subscriber.confirmation_nonce = ""
        subscriber.save(update_fields=["confirmation_nonce"])
    return pending


def pending_subscriber(token):
    """The subscriber a confirmation link is for while it still works, else None."""
    found = links.confirmed_subscriber_id(token)
    if found is None:
        return None
    subscriber_id, nonce = found
    return Subscriber.objects.filter(pk=subscriber_id, confirmation_nonce=nonce).first()


def unsubscribe(subscription_id, reason=Subscription.BY_READER):
    """Takes the subscription off its list; the subscription, or None when there is none."""
    with transaction.atomic():
        subscription = (Subscription.objects.select_for_update().select_related("newsletter")
                        .filter(pk=subscription_id).first())
        if subscription is None:
            return None
        if subscription.status != Subscription.UNSUBSCRIBED:
            subscription.unsubscribe(reason)
            subscription.save()
    return subscription

"""A subscriber's data on request: everything kept about one address, and erasing it.

Erasing deletes the address and its subscriptions (their consent records with them); the
signed links in mails already sent then lead to "no subscription". Delivery records the
mailroom keeps of mail already sent are the mailroom's (``mailroom.bulk``).
"""

from django.db import transaction

from dateline.newsletters.models import Subscriber


def find(email):
    return Subscriber.objects.filter(email__iexact=email.strip()).first()


def subscriber_data(subscriber):
    """What is kept about the subscriber, as plain data (JSON-ready)."""
    def when(value):
        return value.isoformat() if value else None

    return {
        "email": subscriber.email,
        "first_signed_up": when(subscriber.created_at),
        "subscriptions": [
            {"newsletter": subscription.newsletter.name, "status": subscription.status,
             "signed_up_through": subscription.source,
             "signed_up": when(subscription.signed_up_at),
             "confirmed": when(subscription.confirmed_at),
             "unsubscribed": when(subscription.unsubscribed_at),
             "why_unsubscribed": subscription.unsubscribe_reason}
            for subscription in subscriber.subscriptions.select_related("newsletter")
            .order_by("newsletter__name")
        ],
    }


def erase(subscriber):
    """Deletes the subscriber and every subscription; how many subscriptions went."""
    with transaction.atomic():
        count = subscriber.subscriptions.count()
        subscriber.delete()
    return count

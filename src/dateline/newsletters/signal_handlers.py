"""What the newsletters follow: mail that cannot arrive or was called spam takes the address off
every list, and a list saved or deleted changes the sign-up box every page shows."""

import logging

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from dateline.mailroom.signals import address_bounced, address_complained
from dateline.news.signals import reader_content_changed
from dateline.newsletters.models import Newsletter, Subscription

logger = logging.getLogger(__name__)


def stop_mailing(address, reason):
    """Unsubscribes every list ``address`` is on; how many it left."""
    subscriptions = Subscription.objects.filter(subscriber__email__iexact=address).exclude(
        status=Subscription.UNSUBSCRIBED)
    left = subscriptions.update(status=Subscription.UNSUBSCRIBED,
                                unsubscribed_at=timezone.now(), unsubscribe_reason=reason)
    if left:
        logger.info("Took an address off %s newsletter(s): %s", left, reason)
    return left


def bounced(sender, address, permanent, reason="", **kwargs):
    # A full mailbox or a greylisting server tries again later; only a permanent bounce ends it.
    if permanent:
        stop_mailing(address, Subscription.BOUNCED)


def complained(sender, address, **kwargs):
    stop_mailing(address, Subscription.COMPLAINED)


def offer_changed(sender, **kwargs):
    # Every public page shows the sign-up box with the lists on offer.
    reader_content_changed.send(sender=Newsletter, everywhere=True)


def register():
    address_bounced.connect(bounced, dispatch_uid="newsletters-bounced")
    address_complained.connect(complained, dispatch_uid="newsletters-complained")
    post_save.connect(offer_changed, sender=Newsletter, dispatch_uid="newsletters-saved")
    post_delete.connect(offer_changed, sender=Newsletter, dispatch_uid="newsletters-deleted")

from functools import partial

from django.db import transaction

from wagtail.signals import page_published, page_unpublished

from dateline.discovery.related.stories import stories_listing
from dateline.discovery.related.tasks import refresh_related_news, refresh_related_news_of
from dateline.news.models import ArticlePage


def refresh_after_publishing(sender, instance, **kwargs):
    transaction.on_commit(partial(refresh_related_news.enqueue, instance.pk))


def refresh_listings_after_unpublishing(sender, instance, **kwargs):
    # Read now: a deletion would take the rows that say who listed the article with it.
    listing = stories_listing(instance.pk)
    if listing:
        transaction.on_commit(partial(refresh_related_news_of.enqueue, listing))


def register():
    page_published.connect(refresh_after_publishing, sender=ArticlePage)
    page_unpublished.connect(refresh_listings_after_unpublishing, sender=ArticlePage)

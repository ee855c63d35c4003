from functools import partial

from django.db import transaction

from wagtail.signals import page_published, page_unpublished

from dateline.discovery.models import SimilarStory
from dateline.discovery.related.stories import stories_listing
from dateline.discovery.related.tasks import refresh_related_news, refresh_related_news_of
from dateline.news.models import ArticlePage
from dateline.news.signals import reader_content_changed


def refresh_after_publishing(sender, instance, **kwargs):
    transaction.on_commit(partial(refresh_related_news.enqueue, instance.pk))
    listings_show_new_version(instance.pk)


def refresh_listings_after_unpublishing(sender, instance, **kwargs):
    # Read now: a deletion would take the rows that say who listed the article with it.
    listing = listings_show_new_version(instance.pk)
    if listing:
        transaction.on_commit(partial(refresh_related_news_of.enqueue, listing))


def listings_show_new_version(article_id):
    """The stories whose Related News lists the article show its new headline, or lose it."""
    listing = stories_listing(article_id)
    if listing:
        reader_content_changed.send(sender=SimilarStory,
                                    pages=list(ArticlePage.objects.filter(pk__in=listing)))
    return listing


def register():
    page_published.connect(refresh_after_publishing, sender=ArticlePage)
    page_unpublished.connect(refresh_listings_after_unpublishing, sender=ArticlePage)

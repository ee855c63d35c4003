"""Related News follows publishing, after the commit: a published story's similar stories are
recomputed by the worker, and the lists that showed a story refresh when it changes or goes."""

from dateline.discovery.models import SimilarStory
from dateline.discovery.related.stories import stories_listing
from dateline.discovery.related.tasks import refresh_related_news, refresh_related_news_of
from dateline.news import publishing
from dateline.news.models import ArticlePage
from dateline.news.signals import reader_content_changed

TAKEN_DOWN = frozenset({publishing.UNPUBLISHED, publishing.DELETED})


def lists_showing(page):
    """Remembered before a change: a deletion takes the rows that say who listed the article
    with it."""
    return stories_listing(page.pk) if issubclass(page.specific_class, ArticlePage) else None


def follow_publishing(change):
    """The pipeline's "related news" step."""
    if not change.of(ArticlePage):
        return
    if change.kinds & TAKEN_DOWN:
        listing = change.before or []
        lists_show_new_version(listing)
        if listing:
            refresh_related_news_of.enqueue(listing)
    elif publishing.PUBLISHED in change.kinds and change.page is not None:
        listing = stories_listing(change.page_id)
        refresh_related_news.enqueue(change.page_id)
        lists_show_new_version(listing)


def lists_show_new_version(listing):
    """The stories whose Related News lists the article show its new headline, or lose it."""
    if listing:
        reader_content_changed.send(sender=SimilarStory,
                                    pages=list(ArticlePage.objects.filter(pk__in=listing)))


def register():
    publishing.plug("related news", follow_publishing, remember=lists_showing)

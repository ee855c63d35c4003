from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from wagtail.models import PageViewRestriction

from dateline.news import publishing, sockets
from dateline.news.models import ArticlePage
from dateline.news.signals import reader_content_changed
from dateline.newsroom.banner import forget_showing_banners, next_banner_change
from dateline.newsroom.models import BreakingNewsBanner

PUBLISHING = frozenset({publishing.PUBLISHED, publishing.UNPUBLISHED})


def banner_changed(**kwargs):
    """The banner is on every public page."""
    reader_content_changed.send(sender=BreakingNewsBanner, everywhere=True)


def follow_publishing(change):
    """The pipeline's "breaking news" step: a story published or unpublished may take its
    banner with it."""
    if not (change.of(ArticlePage) and change.kinds & PUBLISHING):
        return
    forget_showing_banners()
    if BreakingNewsBanner.objects.not_ended(timezone.now()).filter(
            article_id=change.page_id).exists():
        banner_changed()


def register():
    for signal in (post_save, post_delete):
        signal.connect(forget_showing_banners, sender=BreakingNewsBanner)
        signal.connect(banner_changed, sender=BreakingNewsBanner)
    for signal in (post_save, post_delete):
        # A story made private leaves the banner at once.
        signal.connect(forget_showing_banners, sender=PageViewRestriction)
    publishing.plug("breaking news", follow_publishing)
    sockets.clock.plug(next_banner_change)

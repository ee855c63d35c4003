from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from dateline.news import sockets
from dateline.news.models import ArticlePage
from dateline.news.signals import reader_content_changed
from dateline.newsroom.banner import forget_showing_banners, next_banner_change
from dateline.newsroom.models import BreakingNewsBanner


def banner_changed(**kwargs):
    """The banner is on every public page."""
    reader_content_changed.send(sender=BreakingNewsBanner, everywhere=True)


def bannered_story_changed(instance, **kwargs):
    if BreakingNewsBanner.objects.filter(article=instance, ends_at__gt=timezone.now()).exists():
        banner_changed()


def register():
    for signal in (post_save, post_delete):
        signal.connect(forget_showing_banners, sender=BreakingNewsBanner)
        signal.connect(banner_changed, sender=BreakingNewsBanner)
    for signal in (post_save, post_delete):
        # A story made private leaves the banner at once.
        signal.connect(forget_showing_banners, sender=PageViewRestriction)
    for signal in (page_published, page_unpublished):
        signal.connect(forget_showing_banners, sender=ArticlePage)
        signal.connect(bannered_story_changed, sender=ArticlePage)
    sockets.clock.plug(next_banner_change)

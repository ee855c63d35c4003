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


def what_a_banner_shows(page):
    """What a banner shows of the story as its live version stands (None when none is live):
    its headline, the address it links to, and when it was published."""
    if page is None or not issubclass(page.specific_class or object, ArticlePage):
        return None
    return ArticlePage.objects.filter(pk=page.pk, live=True).values_list(
        "title", "url_path", "published_at").first()


def follow_publishing(change):
    """The pipeline's "breaking news" step: a story published or unpublished may take its
    banner with it. A new version that a banner shows as before (a live blog's update, every
    few seconds during the coverage) leaves every page as it was."""
    if not (change.of(ArticlePage) and change.kinds & PUBLISHING):
        return
    forget_showing_banners()
    if change.kinds == {publishing.PUBLISHED} and change.before is not None \
            and change.before == what_a_banner_shows(change.page):
        return
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
    publishing.plug("breaking news", follow_publishing, remember=what_a_banner_shows)
    sockets.clock.plug(next_banner_change)

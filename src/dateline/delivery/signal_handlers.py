"""What each change purges. A story's change purges exactly the URLs that show it; a change
to anything on every page (site settings, sections and other structural pages, which appear
in navigation and bylines) purges everything."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from dateline.delivery.purge import (
    in_todays_almanac,
    page_urls,
    purge,
    purge_everything,
    redirect_urls,
    urls_showing,
)
from dateline.news.models import ArticlePage, SiteSettings
from dateline.news.signals import reader_content_changed

URLS_BEFORE = "_dateline_urls_before_publish"


def story_changed(article, also=()):
    if in_todays_almanac(article):
        purge_everything()
    else:
        purge(urls_showing(article) | set(also))


def remember_live_version(sender, instance, raw=False, update_fields=None, **kwargs):
    """A publish saves the whole page: before it does, note what showed the live version (its
    old address, sections, topics), which the new version may no longer appear on."""
    if raw or update_fields is not None or instance.pk is None:
        return
    live_version = ArticlePage.objects.filter(pk=instance.pk, live=True).first()
    if live_version is not None:
        setattr(instance, URLS_BEFORE, urls_showing(live_version))


def page_published_or_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        story_changed(instance, also=getattr(instance, URLS_BEFORE, ()))
    else:
        purge_everything()


def page_deleted(sender, instance, **kwargs):
    if not isinstance(instance, Page) or not instance.live:
        return
    if isinstance(instance, ArticlePage):
        story_changed(instance)
    elif type(instance) is not Page or instance.specific_class is not ArticlePage:
        purge_everything()


def page_moved(sender, instance, **kwargs):
    """Called before and after the move, so both the old and new places are purged."""
    page = Page.objects.filter(pk=instance.pk, live=True).first()
    if page is None:
        return
    page = page.specific
    if isinstance(page, ArticlePage):
        story_changed(page)
    else:
        purge_everything()


def content_changed(sender, pages=(), paths=(), everywhere=False, **kwargs):
    if everywhere:
        purge_everything()
        return
    urls = set(paths)
    for page in pages:
        urls |= page_urls(page)
    purge(urls)


def redirect_changed(sender, instance, **kwargs):
    purge(redirect_urls(instance))


def everything_changed(sender, **kwargs):
    purge_everything()


def register():
    pre_save.connect(remember_live_version, sender=ArticlePage)
    for signal in (page_published, page_unpublished):
        signal.connect(page_published_or_unpublished)
    pre_delete.connect(page_deleted)
    pre_page_move.connect(page_moved)
    post_page_move.connect(page_moved)
    reader_content_changed.connect(content_changed)
    for signal in (post_save, post_delete):
        signal.connect(redirect_changed, sender=Redirect)
        signal.connect(everything_changed, sender=SiteSettings)
        signal.connect(everything_changed, sender=Site)

"""What each change purges. A story's change purges exactly the URLs that show it; a change
to anything on every page (site settings, sections and other structural pages, which appear
in navigation and bylines) purges everything. Editorial changes purge hard, so no reader gets
the old state once the editor's action has returned: unpublishing, deleting, moving away or
restricting a story (every page that showed it), and a new version of a story (its own page,
which may carry a correction, and the pages it no longer appears on). Listings it joins or
stays on refresh softly."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from dateline.delivery.purge import (
    page_urls,
    purge,
    purge_everything,
    redirect_urls,
    shown_everywhere,
    urls_showing,
)
from dateline.news.models import ArticlePage, SiteSettings
from dateline.news.signals import reader_content_changed

URLS_BEFORE = "_dateline_urls_before_publish"


def story_taken_down(article, also=()):
    if shown_everywhere(article):
        purge_everything(hard=True)
    else:
        purge(urls_showing(article) | set(also), hard=True)


def story_published(article, showed_before=()):
    showing = urls_showing(article)
    changed = page_urls(article) | (set(showed_before) - showing)
    purge(changed, hard=True)
    if shown_everywhere(article):
        purge_everything()
    else:
        purge(showing - changed)


def remember_live_version(sender, instance, raw=False, update_fields=None, **kwargs):
    """A publish saves the whole page: before it does, note what showed the live version (its
    old address, sections, topics), which the new version may no longer appear on."""
    if raw or update_fields is not None or instance.pk is None:
        return
    live_version = ArticlePage.objects.filter(pk=instance.pk, live=True).first()
    if live_version is not None:
        setattr(instance, URLS_BEFORE, urls_showing(live_version))


def published(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        story_published(instance, showed_before=getattr(instance, URLS_BEFORE, ()))
    else:
        purge_everything()


def unpublished(sender, instance, **kwargs):
    if isinstance(instance, ArticlePage):
        story_taken_down(instance, also=getattr(instance, URLS_BEFORE, ()))
    else:
        purge_everything(hard=True)


def page_deleted(sender, instance, **kwargs):
    if not isinstance(instance, Page) or not instance.live:
        return
    if isinstance(instance, ArticlePage):
        story_taken_down(instance)
    elif type(instance) is not Page or instance.specific_class is not ArticlePage:
        purge_everything(hard=True)


def page_moving(sender, instance, **kwargs):
    """Before a move: the old places (the story's old address among them) drop it at once."""
    page_left_or_restricted(instance.pk)


def page_moved(sender, instance, **kwargs):
    """After a move: the new places gain it."""
    page = Page.objects.filter(pk=instance.pk, live=True).first()
    if page is None:
        return
    page = page.specific
    if isinstance(page, ArticlePage):
        purge(urls_showing(page))
    else:
        purge_everything()


def privacy_changed(sender, instance, **kwargs):
    """A restriction added, changed or lifted, on a story or on a page above stories."""
    page_left_or_restricted(instance.page_id)


def page_left_or_restricted(page_id):
    page = Page.objects.filter(pk=page_id, live=True).first()
    if page is None:
        return
    page = page.specific
    if isinstance(page, ArticlePage):
        story_taken_down(page)
    else:
        purge_everything(hard=True)


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
    page_published.connect(published)
    page_unpublished.connect(unpublished)
    pre_delete.connect(page_deleted)
    pre_page_move.connect(page_moving)
    post_page_move.connect(page_moved)
    for signal in (post_save, post_delete):
        signal.connect(privacy_changed, sender=PageViewRestriction)
    reader_content_changed.connect(content_changed)
    for signal in (post_save, post_delete):
        signal.connect(redirect_changed, sender=Redirect)
        signal.connect(everything_changed, sender=SiteSettings)
        signal.connect(everything_changed, sender=Site)

"""What each change purges. A story's change purges exactly the URLs that show it; a change
to anything on every page (site settings, sections and other structural pages, which appear
in navigation and bylines) purges everything. Editorial changes purge hard, so no reader gets
the old state once the editor's action has returned: unpublishing, deleting, moving away or
restricting a story (every page that showed it), and a new version of a story (its own page,
which may carry a correction, and the pages it no longer appears on). Listings it joins or
stays on refresh softly."""

import dataclasses

from django.db.models.signals import post_delete, post_save

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from dateline.delivery.purge import (
    page_keys,
    page_urls,
    purge,
    purge_everything,
    redirect_urls,
)
from dateline.news import publishing, sockets
from dateline.news.models import ArticlePage, SiteSettings
from dateline.news.signals import reader_content_changed


@dataclasses.dataclass(frozen=True)
class Shown:
    """Where a page's live version was shown: its URLs and their edge-cache keys, and whether
    every page showed it (a story in today's On This Day box; a section, author or other page
    in navigation)."""

    urls: frozenset = frozenset()
    keys: frozenset = frozenset()
    everywhere: bool = False


def where_live_version_showed(page):
    """Remembered by the pipeline before a change (None when no version was live): a publish
    may move the story off listings, a move or a deletion leaves no trace of where it was."""
    if not issubclass(page.specific_class, ArticlePage):
        return Shown(everywhere=True) if Page.objects.filter(pk=page.pk, live=True).exists() \
            else None
    live_version = ArticlePage.objects.filter(pk=page.pk, live=True).first()
    if live_version is None:
        return None
    appearance = sockets.where_story_appears(live_version)
    return Shown(appearance.urls, appearance.keys, appearance.everywhere)


def purge_after_change(change):
    """The pipeline's "purge" step, once the change has committed. What showed the page before
    a takedown (unpublishing, deleting, moving away, restricting) is purged hard; a new version
    purges its own page and the listings it left hard, the listings it is on softly."""
    shown, page = change.before, change.page
    live = page is not None and page.live
    if change.kinds & publishing.TAKEN_FROM_WHERE_IT_SHOWED and shown is not None:
        if shown.everywhere:
            purge_everything(hard=True)
        else:
            purge(shown.urls, shown.keys, hard=True)
    if not change.of(ArticlePage):
        if publishing.PUBLISHED in change.kinds or (publishing.MOVED in change.kinds and live):
            purge_everything()
    elif publishing.PUBLISHED in change.kinds and live:
        story_published(page, showed_before=shown or Shown())
    elif publishing.MOVED in change.kinds and live:
        appearance = sockets.where_story_appears(page)
        purge(appearance.urls, appearance.keys)


def story_published(article, showed_before=Shown()):
    """The story's page (with what else shows its own text) and the pages it left purged hard,
    those it is on softly. At a cache
    that purges by key, the story's own key also reaches every listing that carries it."""
    appearance = sockets.where_story_appears(article)
    changed = page_urls(article) | appearance.own_urls | (showed_before.urls - appearance.urls)
    changed_keys = (page_keys(article) | appearance.own_keys
                    | (showed_before.keys - appearance.keys))
    purge(changed, changed_keys, hard=True)
    if appearance.everywhere:
        purge_everything()
    else:
        purge(appearance.urls - changed, appearance.keys - changed_keys)


def content_changed(sender, pages=(), paths=(), everywhere=False, **kwargs):
    if everywhere:
        purge_everything()
        return
    purge(paths)
    urls, keys = set(), set()
    for page in pages:
        urls |= page_urls(page)
        keys |= page_keys(page)
    purge(urls, keys)


def redirect_changed(sender, instance, **kwargs):
    purge(redirect_urls(instance))


def everything_changed(sender, **kwargs):
    purge_everything()


def register():
    publishing.plug("purge", purge_after_change, remember=where_live_version_showed)
    reader_content_changed.connect(content_changed)
    for signal in (post_save, post_delete):
        signal.connect(redirect_changed, sender=Redirect)
        signal.connect(everything_changed, sender=SiteSettings)
        signal.connect(everything_changed, sender=Site)

"""Which URLs show a page, and dropping them from every cache when it changes.

Purges run after the transaction commits: from this machine's page cache (or the shared one
in Redis), then from a CDN or proxy in front (``WAGTAILFRONTENDCACHE``): by the keys of the
pages that showed the change where the cache purges by key (``dateline.delivery.edge``, at
once), otherwise by URL through Wagtail's front-end cache backends, which the worker does in
the background. An editorial change that readers must not see the old state of even once more
(a takedown, a privacy change, a correction) purges hard: the page cache drops the page rather
than serving it stale.
"""

import functools
import urllib.parse

from django.conf import settings
from django.db import transaction

from wagtail.models import Site

from dateline.delivery import edge
from dateline.delivery.addresses import canonical_url, path_of_url
from dateline.delivery.stores import LocalStore, PurgeLog
from dateline.news import cache_keys


@functools.cache
def page_store():
    """The store this process's page cache uses, and purges."""
    if settings.REDIS_URL:
        from dateline.delivery.redis_store import RedisStore

        return RedisStore(settings.REDIS_URL, settings.CACHE_KEY_PREFIX,
                          keep_stale_seconds=settings.PAGE_CACHE_KEEP_STALE_SECONDS,
                          query_variants=settings.PAGE_CACHE_QUERY_VARIANTS)
    return LocalStore(PurgeLog(settings.PAGE_CACHE_PURGE_LOG),
                      max_bytes=settings.PAGE_CACHE_MAX_BYTES,
                      query_variants=settings.PAGE_CACHE_QUERY_VARIANTS)


def purge(urls, keys=(), hard=False):
    """Drop ``urls`` (absolute, or paths) from the caches once the transaction commits; a cache
    in front that purges by key is sent ``keys`` instead, the keys of the same pages."""
    urls, keys = frozenset(urls), frozenset(keys)
    if urls or keys:
        transaction.on_commit(functools.partial(purge_now, urls, keys, hard=hard))


def purge_everything(hard=False):
    """For changes every public page shows: the banner, site settings, navigation."""
    transaction.on_commit(functools.partial(purge_everything_now, hard=hard))


def purge_now(urls, keys=frozenset(), hard=False):
    # Keys and purges share one spelling of a path (dateline.delivery.addresses), whichever
    # the URL came in: Wagtail's percent-encoded one, or a redirect's decoded old path.
    if urls:
        page_store().purge(sorted({path_of_url(url) for url in urls}), hard=hard)
    absolute = {canonical_url(url) for url in urls if urllib.parse.urlsplit(url).netloc}
    if settings.WAGTAILFRONTENDCACHE:
        edge.purge(absolute, keys, hard=hard)


def purge_everything_now(hard=False):
    page_store().purge_everything(hard=hard)
    # Every page carries the key "everything"; caches that purge only by URL lose the front
    # pages now, and other pages there follow within their s-maxage.
    if settings.WAGTAILFRONTENDCACHE:
        edge.purge({site.root_url + "/" for site in Site.objects.all()},
                   {cache_keys.EVERYTHING}, hard=hard)


def redirect_urls(redirect):
    """Where a Wagtail redirect answers: its old path with and without the final slash (Wagtail
    matches both), on its own site or on every site."""
    path = urllib.parse.urlsplit(redirect.old_path).path
    paths = {path, path.rstrip("/") + "/"}
    sites = Site.objects.filter(pk=redirect.site_id) if redirect.site_id else Site.objects.all()
    return paths | {site.root_url + each for site in sites for each in paths}


def page_urls(page):
    """The page's own URL (absolute), when it has one, and the addresses below it that serve
    the page too (``own_paths()``: a live blog's updates fragment)."""
    parts = page.get_url_parts()
    if not parts:
        return set()
    own_paths = getattr(page.specific_deferred, "own_paths", lambda: ("",))()
    return {parts[1] + parts[2] + path for path in own_paths}


def page_keys(page):
    """The key of the page itself (its later pages and feeds carry it too for a listing)."""
    return {cache_keys.page_key(page)}

"""Which URLs show a page, and dropping them from every cache when it changes.

Purges run after the transaction commits: from this machine's page cache (or the shared one
in Redis), then from a CDN or proxy in front through Wagtail's front-end cache backends
(``WAGTAILFRONTENDCACHE``), which the worker does in the background. An editorial change that
readers must not see the old state of even once more (a takedown, a privacy change, a
correction) purges hard: the page cache drops the page rather than serving it stale.
"""

import datetime
import functools
import urllib.parse

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Site

from dateline.delivery.addresses import canonical_url, path_of_url
from dateline.delivery.stores import LocalStore, PurgeLog
from dateline.news import listings
from dateline.news.models import ArticlePage, SiteSettings

FEED_FORMATS = ("rss", "atom")


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


def purge(urls, hard=False):
    """Drop ``urls`` (absolute, or paths) from the caches once the transaction commits."""
    urls = frozenset(urls)
    if urls:
        transaction.on_commit(functools.partial(purge_now, urls, hard=hard))


def purge_everything(hard=False):
    """For changes every public page shows: the banner, site settings, navigation."""
    transaction.on_commit(functools.partial(purge_everything_now, hard=hard))


def purge_now(urls, hard=False):
    # Keys and purges share one spelling of a path (dateline.delivery.addresses), whichever
    # the URL came in: Wagtail's percent-encoded one, or a redirect's decoded old path.
    page_store().purge(sorted({path_of_url(url) for url in urls}), hard=hard)
    absolute = sorted({canonical_url(url) for url in urls if urllib.parse.urlsplit(url).netloc})
    if absolute and settings.WAGTAILFRONTENDCACHE:
        purge_urls_from_cache(absolute)


def purge_everything_now(hard=False):
    page_store().purge_everything(hard=hard)
    # Front-end cache backends purge by URL: the front pages go now, other pages there
    # follow within their s-maxage.
    if settings.WAGTAILFRONTENDCACHE:
        purge_urls_from_cache([site.root_url + "/" for site in Site.objects.all()])


def urls_showing(article):
    """Every URL whose page shows ``article`` (absolute): the article, its sections up to the
    front page, its topics and authors, their feeds, the sitemaps that list it, its date
    archives and On This Day page, the corrections log and the stories that pick it."""
    url_parts = article.get_url_parts()
    if url_parts is None:
        return set()
    site_id, root_url, article_path = url_parts
    urls = {root_url + article_path}
    listing_pages = [*article.get_ancestors().filter(depth__gt=1),
                     *article.topics.all(),
                     *(byline.author for byline in article.article_authors.select_related(
                         "author"))]
    for page in listing_pages:
        parts = page.get_url_parts()
        if parts is None:
            continue
        page_path = parts[2]
        urls.add(root_url + page_path)
        site_root_path = page_path.removeprefix("/")
        urls.update(root_url + reverse("discovery:feed", kwargs={
            "feed_format": feed_format, "page_path": site_root_path})
            for feed_format in FEED_FORMATS)
    urls.update(root_url + url for url in
                reverse_each("discovery:sitemap_index", "discovery:sitemap_news"))
    urls.update(root_url + page.url for page in
                ArticlePage.objects.filter(related_picks__article=article).distinct()
                if page.url)
    if article.corrections.exists():
        urls.update(root_url + url for url in reverse_each("news:corrections"))
    for day in story_days(article, site_id):
        urls.update(root_url + path for path in reverse_each(
            ("discovery:sitemap_articles", (day.year,)),
            ("discovery:archive_year", (day.year,)),
            ("discovery:archive_month", (day.year, day.month)),
            ("discovery:archive_day", (day.year, day.month, day.day)),
        ))
        urls.update(listings.urls_listing_day(day))
        if (day.month, day.day) == (2, 29):
            urls.update(listings.urls_listing_day(day - datetime.timedelta(days=1)))
    return urls


def story_days(article, site_id):
    """The story's date in the site's zone, and in UTC where that is another day."""
    if article.published_at is None:
        return set()
    site_settings = SiteSettings.objects.filter(site_id=site_id).first()
    zone = site_settings.zone() if site_settings else datetime.UTC
    return {article.published_at.astimezone(zone).date(),
            article.published_at.astimezone(datetime.UTC).date()}


def in_todays_almanac(article):
    """Stories from today's date in earlier years are in the On This Day box on every page."""
    url_parts = article.get_url_parts()
    if url_parts is None:
        return False
    today = timezone.now().date()
    near_days = {today + datetime.timedelta(days=offset) for offset in (-1, 0, 1)}
    return any((day.month, day.day) in {(near.month, near.day) for near in near_days}
               and day.year < today.year for day in story_days(article, url_parts[0]))


def redirect_urls(redirect):
    """Where a Wagtail redirect answers: its old path with and without the final slash (Wagtail
    matches both), on its own site or on every site."""
    path = urllib.parse.urlsplit(redirect.old_path).path
    paths = {path, path.rstrip("/") + "/"}
    sites = Site.objects.filter(pk=redirect.site_id) if redirect.site_id else Site.objects.all()
    return paths | {site.root_url + each for site in sites for each in paths}


def reverse_each(*names):
    for entry in names:
        name, args = (entry, ()) if isinstance(entry, str) else entry
        try:
            yield reverse(name, args=args)
        except NoReverseMatch:
            continue


def page_urls(page):
    """The page's own URL (absolute), when it has one."""
    parts = page.get_url_parts()
    return {parts[1] + parts[2]} if parts else set()

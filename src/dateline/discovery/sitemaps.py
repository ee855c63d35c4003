"""Sitemaps: an index, the site's pages, its articles a year at a time, and Google News.

Each language edition has its own (``/sitemap.xml``, ``/fa/sitemap.xml``), listing its own
pages; a page with translations names them all, itself included, as ``xhtml:link``
alternates, with ``x-default`` the default language's.

Articles take a fast path that stays cheap at a million stories: plain rows of url_path and the
two dates (no page instances, no query per URL), and an index that adds up each year's stories
from the days the publish pipeline keeps counted (``sitemap_counts``). Every other page gives
its own sitemap entries (``get_sitemap_urls``).
"""

import datetime
import math

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, sitemap
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import iri_to_uri

from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.models import Page, Site

from dateline.discovery import sitemap_counts
from dateline.news import cache_keys, dates
from dateline.news.models import ArticlePage, SiteSettings
from dateline.news.models.querysets import page_types_except
from dateline.news.translations import edition_front_page, front_pages

ARTICLES_PER_SITEMAP = 50_000  # the sitemaps.org limit per file
NEWS_WINDOW = datetime.timedelta(hours=48)  # Google News reads only the last two days
NEWS_LIMIT = 1_000
XML = "application/xml"


def site_for(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site answers at this address.")
    return site


def site_stories(site):
    return ArticlePage.objects.readable().descendant_of(edition_front_page(site))


def edition_prefix(code):
    """"/" for the default language's edition, "/fa/" for Persian's."""
    with translation.override(code):
        return reverse("wagtail_serve", args=("",))


def absolute_location(site, url_path, front=None):
    """The page's full URL from its tree url_path, as Page.get_full_url builds it: below the
    front page of its edition (the request's, unless ``front`` says)."""
    front = front or edition_front_page(site)
    prefix = edition_prefix(front.locale.language_code)
    return site.root_url + iri_to_uri(prefix + url_path[len(front.url_path):])


def alternates_of(site, translation_keys):
    """``{translation key: [{"lang_code", "location"}]}``: every edition's version of the pages
    with those keys (a query or a list), ``x-default`` the default language's, for the keys
    that have more than one."""
    fronts = front_pages(site.root_page) if hasattr(site.root_page, "translation_key") else {}
    if len(fronts) < 2:
        return {}
    versions = {}
    rows = (Page.objects.live().filter(translation_key__in=translation_keys)
            .values_list("translation_key", "locale__language_code", "url_path"))
    for key, code, url_path in rows:
        front = fronts.get(code)
        if front is not None and url_path.startswith(front.url_path):
            versions.setdefault(key, {})[code] = absolute_location(site, url_path, front)
    alternates = {}
    for key, by_code in versions.items():
        if len(by_code) < 2:
            continue
        alternates[key] = [{"lang_code": code, "location": by_code[code]}
                           for code, _name in settings.LANGUAGES if code in by_code]
        if settings.LANGUAGE_CODE in by_code:
            alternates[key].append({"lang_code": "x-default",
                                    "location": by_code[settings.LANGUAGE_CODE]})
    return alternates


class PagesSitemap(PageSitemap):
    """Front page, sections, topics, authors and plain pages; articles have their own."""

    def items(self):
        return (edition_front_page(self.get_wagtail_site()).get_descendants(inclusive=True)
                .live().public().order_by("path").defer_streamfields().specific()
                .filter(content_type__in=page_types_except(ArticlePage)))

    def _urls(self, page, protocol, domain):
        """Wagtail's, each URL with its page's alternates."""
        items = list(self.paginator.page(page).object_list)
        alternates = alternates_of(self.get_wagtail_site(),
                                   [item.translation_key for item in items])
        urls = []
        for item in items:
            for url in item.get_sitemap_urls(self.request):
                if item.translation_key in alternates:
                    url["alternates"] = alternates[item.translation_key]
                urls.append(url)
        last_mods = {url.get("lastmod") for url in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


class ArticleYearSitemap(Sitemap):
    """One year's stories, oldest first, 50,000 to a sitemap page."""

    limit = ARTICLES_PER_SITEMAP

    def __init__(self, site, year):
        self.site = site
        self.year = year

    def items(self):
        """The year's stories through the ``published_at`` index, each one's page row read by
        its primary key: with a join the database would rather read every page of the archive
        to hash them. A scalar subquery is never turned into a join; EXISTS would be."""
        pages = site_stories(self.site)

        def of_page(column):
            return Subquery(pages.filter(pk=OuterRef("pk")).order_by().values(column)[:1])

        return (
            ArticlePage.objects.filter(published_at__year=self.year,
                                       published_at__lte=timezone.now())
            .annotate(page_url_path=of_page("url_path"),
                      page_translation_key=of_page("translation_key"))
            .filter(page_url_path__isnull=False)
            .order_by("published_at", "pk")
            .values_list("page_url_path", "published_at", "updated_at", "page_translation_key")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        rows = self.paginator.page(page).object_list
        # The translations of the year's stories, in one query (a subquery, never a list of
        # 50,000 keys).
        alternates = alternates_of(self.site, ArticlePage.objects.filter(
            published_at__year=self.year).values("translation_key"))
        urls = []
        for url_path, published_at, updated_at, translation_key in rows:
            url = {"location": absolute_location(self.site, url_path),
                   "lastmod": updated_at or published_at}
            if translation_key in alternates:
                url["alternates"] = alternates[translation_key]
            urls.append(url)
        if not urls:
            raise Http404("No stories were published in this year.")
        self.latest_lastmod = max(url["lastmod"] for url in urls)
        return urls


def sitemap_index(request):
    site = site_for(request)
    years = sitemap_counts.years(site, SiteSettings.for_request(request).zone())
    for year in years:
        # The schema allows W3C datetimes to the second; Django's "c" format adds microseconds.
        year["lastmod"] = year["lastmod"].replace(microsecond=0)

    def item(name, last_mod=None, **kwargs):
        return SitemapIndexItem(site.root_url + reverse(f"discovery:{name}", kwargs=kwargs),
                                last_mod)

    entries = [item("sitemap_pages")]
    for year in years:
        location = item("sitemap_articles", year["lastmod"], year=year["year"])
        entries.append(location)
        pages = math.ceil(year["stories"] / ARTICLES_PER_SITEMAP)
        entries += [
            SitemapIndexItem(f"{location.location}?p={page}", year["lastmod"])
            for page in range(2, pages + 1)
        ]
    if years and years[-1]["newest"] >= timezone.now() - NEWS_WINDOW:
        entries.append(item("sitemap_news"))
    return cache_keys.mark(TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries},
                                            content_type=XML), {cache_keys.SITEMAPS})


def pages_sitemap(request):
    return cache_keys.mark(sitemap(request, {"pages": PagesSitemap(request)}, section="pages"),
                           {cache_keys.SITEMAPS})


def articles_sitemap(request, year):
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise Http404("No such year")  # a year lookup outside the calendar raises ValueError
    return cache_keys.mark(
        sitemap(request, {"articles": ArticleYearSitemap(site_for(request), year)},
                section="articles"),
        {cache_keys.SITEMAPS})


def news_language(site):
    """ISO 639 code, as Google News wants it (only Chinese keeps its region)."""
    code = edition_front_page(site).locale.language_code.lower()
    return code if code in {"zh-cn", "zh-tw"} else code.split("-")[0]


def news_sitemap(request):
    site = site_for(request)
    rows = (
        site_stories(site)
        .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        .newest_first()
        .values_list("url_path", "published_at", "title")[:NEWS_LIMIT]
    )
    stories = [
        {"location": absolute_location(site, url_path),
         "publication_date": dates.iso_datetime(published_at), "title": title}
        for url_path, published_at, title in rows
    ]
    if not stories:
        raise Http404("No stories in the last 48 hours.")
    publication = {
        "name": SiteSettings.for_request(request).display_name(),
        "language": news_language(site),
    }
    return cache_keys.mark(TemplateResponse(
        request, "discovery/sitemap_news.xml",
        {"publication": publication, "stories": stories}, content_type=XML,
    ), {cache_keys.SITEMAPS})

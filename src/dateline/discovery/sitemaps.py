"""Sitemaps: an index, the site's pages, its articles a year at a time, and Google News.

Articles take a fast path that stays cheap at a million stories: plain rows of url_path and the
two dates (no page instances, no query per URL), and an index that adds up each year's stories
from the days the publish pipeline keeps counted (``sitemap_counts``). Every other page gives
its own sitemap entries (``get_sitemap_urls``).
"""

import datetime
import math

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, sitemap
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.models import Site

from dateline.discovery import sitemap_counts
from dateline.news import cache_keys, dates
from dateline.news.models import ArticlePage, SiteSettings
from dateline.news.models.querysets import page_types_except

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
    return ArticlePage.objects.readable().descendant_of(site.root_page)


def absolute_location(site, url_path):
    """The page's full URL from its tree url_path, as Page.get_full_url builds it, percent-
    encoded as the sitemap protocol asks (a Persian slug is sent as UTF-8 escapes)."""
    return iri_to_uri(site.root_url + url_path[len(site.root_page.url_path) - 1:])


class PagesSitemap(PageSitemap):
    """Front page, sections, topics, authors and plain pages; articles have their own."""

    def items(self):
        return super().items().filter(content_type__in=page_types_except(ArticlePage))


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
        url_path = Subquery(pages.filter(pk=OuterRef("pk")).order_by().values("url_path")[:1])
        return (
            ArticlePage.objects.filter(published_at__year=self.year,
                                       published_at__lte=timezone.now())
            .annotate(page_url_path=url_path)
            .filter(page_url_path__isnull=False)
            .order_by("published_at", "pk")
            .values_list("page_url_path", "published_at", "updated_at")
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = [
            {"location": absolute_location(self.site, url_path),
             "lastmod": updated_at or published_at}
            for url_path, published_at, updated_at in self.paginator.page(page).object_list
        ]
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
    code = site.root_page.locale.language_code.lower()
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

"""Discovery's plugs into news' sockets: where its pages show a story, and the stories most like
one as the worker ranked them.

Edge-cache keys (``news.cache_keys``, which the pages send): ``feed-<pk>`` for the feeds of a
listing page, ``sitemaps`` for the sitemap index, the news sitemap and the year sitemaps,
``archive-<YYYY>``, ``archive-<YYYY-MM>`` and ``archive-<YYYY-MM-DD>`` for the date archives
(``…-solar_hijri`` after them for the Persian edition's), ``search`` for search results.
"""

from django.urls import reverse
from django.utils import translation

from dateline.discovery.archives import periods_of_day
from dateline.discovery.feeds import feed_urls
from dateline.discovery.models import SimilarStory
from dateline.news import cache_keys, calendars
from dateline.news.appearances import listing_pages, story_days
from dateline.news.models.querysets import joined_ids, parse_joined_ids
from dateline.news.sockets import Appearance
from dateline.news.translations import page_language


def story_listings(article):
    """The feeds of the pages that list the story, the sitemaps and date archives that list it
    (by its day in the site's zone and in UTC), and search, whose cached results must lose a
    story taken down: its own edition's only, under that edition's prefix and in its calendar
    (an English story is on no /fa/ page, a Persian one's archive is Solar Hijri)."""
    url_parts = article.get_url_parts()
    if url_parts is None:
        return Appearance()
    site_id, root_url, _article_path = url_parts
    language = page_language(article)
    calendar = calendars.for_language(language)
    keys = {cache_keys.SITEMAPS, cache_keys.SEARCH}
    with translation.override(language):
        paths = {reverse("discovery:sitemap_index"), reverse("discovery:sitemap_news"),
                 reverse("discovery:search")}
        for day in story_days(article, site_id):
            paths.add(reverse("discovery:sitemap_articles", args=(day.year,)))
            for period in periods_of_day(day, calendar):
                keys.add(period.cache_key())
                paths.add(period.url())
    urls = {root_url + path for path in paths}
    for page in listing_pages(article):
        if feeds := feed_urls(page):
            urls.update(feeds.values())
            keys.add(cache_keys.feed_key(page))
    # A live blog's own feed carries its updates: a withdrawn one must leave it as at once as
    # it leaves the page.
    own_urls = set(feed_urls(article).values())
    own_keys = {cache_keys.feed_key(article)} if own_urls else set()
    return Appearance(urls=urls | own_urls, keys=keys | own_keys, own_urls=own_urls,
                      own_keys=own_keys)


class SimilarStories:
    """The stories most like an article, as ``related.stories`` stored them when it was
    published: loaded with the article for its page (``annotations``), so they cost no query
    there."""

    annotation = "joined_similar_ids"

    def annotations(self):
        return {self.annotation: joined_ids(SimilarStory, "article", "story_id", "rank")}

    def story_ids(self, article):
        if hasattr(article, self.annotation):
            return parse_joined_ids(getattr(article, self.annotation))
        if article.pk is None:
            return []
        return list(SimilarStory.objects.filter(article=article).order_by("rank")
                    .values_list("story_id", flat=True))


similar_stories = SimilarStories()

"""An uncached page costs a small, fixed number of queries, whatever the size of the archive.

Counted in a warm process, as a server runs: what each process remembers between publications
(Wagtail's site root paths, image renditions, the site, its settings, menu and bylines, the On
This Day box; see ``dateline.news.edition``) is read by the first request, not by each.
"""

import datetime
import io
import re

import pytest
from wagtail_factories import ImageFactory

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benchmarks.archive_seeding.seeding import seed_archive
from dateline.discovery import sitemap_counts
from dateline.discovery.search import get_search_backend
from dateline.discovery.sitemaps import ARTICLES_PER_SITEMAP, ArticleYearSitemap
from dateline.news import edition
from dateline.news.models import ArticleCorrection, ArticleRelatedPick
from dateline.news.pagination import LISTING_PAGE_SIZE, stories_after
from tests.almanac.factories import AlmanacEntryFactory
from tests.factories import (
    ArticlePageFactory,
    AuthorPageFactory,
    SectionPageFactory,
    TopicPageFactory,
)

pytestmark = pytest.mark.django_db

# The most queries each kind of page may make, as measured. The article's target is 6 (stock
# Wagtail makes 10 for a plainer page); this one has picks, topics and a correction. Its path
# and its Related News box are remembered per edition, so a warm article is its own row and,
# having them, its corrections.
BUDGETS = {
    "home": 5,
    "section": 5,
    "section, page 2": 5,
    "section, last page": 5,
    "section, last page by its link": 5,
    "article": 2,
    "article in a subsection": 1,
    "author": 4,
    "authors": 3,
    "topic": 4,
    "topics": 3,
    "on this day": 4,
    "another day": 5,
    "about": 2,
    "archive year": 5,
    "archive month": 4,
    "archive day": 4,
    "search": 6,
    "front page feed": 5,
    "section feed": 5,
    "sitemap index": 2,
    "sitemap of pages": 11,
    "sitemap of a year": 3,
    "news sitemap": 2,
    "corrections": 2,
}
GROWN_BY = 1500
# Enough that the planner's choice shows: on a few hundred rows reading the table is cheapest.
SEEDED_FOR_PLANS = 5000


def grow_archive(articles):
    # Beside the test's own stories, published the ordinary way, which the seeder refuses
    # unless forced.
    seed_archive(articles, force=True, stdout=io.StringIO())


def published(article):
    article.save_revision().publish()
    return article


@pytest.fixture
def newsroom_with_stories(newsroom):
    """A small site that uses every part of a page: bylines, topics, lead images, picks,
    corrections, a subsection, today's almanac."""
    room = newsroom
    other_author = AuthorPageFactory(parent=room.authors)
    energy = TopicPageFactory(parent=room.topics, title="Energy")
    image = ImageFactory(title="Bridge")
    stories = [
        ArticlePageFactory(
            parent=room.section, authors=[room.author], topics=[room.topic], lead_image=image,
            published_at=factory_time(hours=30 + number),
            # Found by a word of their own, each a different number of times, so that the
            # stories rank apart and the results are the same however big the archive.
            body=[("paragraph", f"<p>The council planted {'zelkova ' * (number + 1)}</p>")],
        )
        for number in range(20)
    ]
    # Stories without that word, which would otherwise be in every story and count for
    # nothing in the ranking.
    stories += ArticlePageFactory.create_batch(
        30, parent=room.other_section, authors=[room.author], published_at=factory_time(days=3),
        body=[("paragraph", "<p>The ferry runs again.</p>")],
    )
    for story in stories:
        get_search_backend().index_article(story)
    room.article = published(ArticlePageFactory(
        parent=room.section, title="The council approves the bridge",
        authors=[room.author, other_author], topics=[room.topic, energy], lead_image=image,
    ))
    for order, pick in enumerate(stories[:2]):
        ArticleRelatedPick.objects.create(article_page=room.article, article=pick,
                                          sort_order=order)
    ArticleCorrection.objects.create(article=room.article, noted_at=timezone.now(),
                                     text="An earlier version misnamed the bridge.")
    books = SectionPageFactory(parent=room.section, title="Books", slug="books")
    room.nested_article = published(ArticlePageFactory(parent=books, authors=[room.author],
                                                       topics=[room.topic]))
    today = timezone.localdate()
    AlmanacEntryFactory(month=today.month, day=today.day)
    # Stories on both On This Day days asked for, two years ago: the page reads the stories of
    # each earlier year's day, and then their cards when there are any, as in a grown archive.
    for month, day in [(today.month, today.day), (3, 9)]:
        if (month, day) != (2, 29):
            ArticlePageFactory(parent=room.other_section, authors=[room.author],
                               published_at=timezone.make_aware(
                                   datetime.datetime(today.year - 2, month, day, 12)))
    return room


def factory_time(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def last_page(client, url):
    html = client.get(url).content.decode()
    total = re.search(r"Page 1 of (\d+)", html)
    return int(total[1]) if total else 1


def link_to_last_page(client, url, last):
    """The "Older stories" link on the page before the last, which carries its position."""
    html = client.get(f"{url}?page={last - 1}").content.decode()
    return url + re.search(r'rel="next" href="([^"]+)"', html)[1].replace("&amp;", "&")


def addresses(client, room):
    article = room.article
    day = timezone.localtime(article.published_at)
    section = room.section.url
    last = last_page(client, section)
    return {
        "home": "/",
        "section": section,
        "section, page 2": f"{section}?page=2",
        "section, last page": f"{section}?page={last}",
        "section, last page by its link": link_to_last_page(client, section, last),
        "article": article.url,
        "article in a subsection": room.nested_article.url,
        "author": room.author.url,
        "authors": room.authors.url,
        "topic": room.topic.url,
        "topics": room.topics.url,
        "on this day": room.on_this_day.url,
        "another day": room.on_this_day.url + "3/9/",
        "about": room.about.url,
        "archive year": f"/archive/{day.year}/",
        "archive month": f"/archive/{day.year}/{day.month}/",
        "archive day": f"/archive/{day.year}/{day.month}/{day.day}/",
        "search": "/search/?q=zelkova",
        "front page feed": "/feeds/rss/",
        "section feed": "/feeds/atom" + section,
        "sitemap index": "/sitemap.xml",
        "sitemap of pages": "/sitemap-pages.xml",
        "sitemap of a year": f"/sitemap-articles-{day.year}.xml",
        "news sitemap": "/sitemap-news.xml",
        "corrections": "/corrections/",
    }


def queries_for(client, url):
    """The queries a request makes once the process is warm: the least of three requests, as
    a few values are read again on a timer (the breaking-news banner every few seconds)."""
    client.get(url)
    counts = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(queries))
    return min(counts)


def queries_per_page(client, room):
    return {name: queries_for(client, url) for name, url in addresses(client, room).items()}


def test_every_page_stays_within_its_query_budget_as_the_archive_grows(
    client, newsroom_with_stories
):
    small = queries_per_page(client, newsroom_with_stories)
    grow_archive(GROWN_BY)
    grown = queries_per_page(client, newsroom_with_stories)
    assert grown == small
    assert {name: count for name, count in grown.items() if count > BUDGETS[name]} == {}


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's plans")
def test_deep_pages_and_year_sitemaps_read_indexes_not_whole_tables(newsroom):
    grow_archive(SEEDED_FOR_PLANS)
    stories = newsroom.section.articles()
    deep = stories.values_list("published_at", "pk")[stories.count() * 3 // 4]
    plans = {
        "deep page": stories_after(stories, deep)[:LISTING_PAGE_SIZE].explain(),
        "year sitemap": ArticleYearSitemap(newsroom.site, deep[0].year)
        .items()[:ARTICLES_PER_SITEMAP].explain(),
    }
    for name, plan in plans.items():
        assert "Index" in plan, (name, plan)
        for table in ("wagtailcore_page", "news_articlepage"):
            # The whole name: a handful of view restrictions are read whole, as they should be.
            assert not re.search(rf"Seq Scan on {table}\b", plan), (name, plan)


def queries_to_publish(newsroom):
    story = ArticlePageFactory(parent=newsroom.section, authors=[newsroom.author],
                               topics=[newsroom.topic], live=False)
    with CaptureQueriesContext(connection) as queries:
        story.save_revision().publish()
    return len(queries)


def test_publishing_a_story_costs_the_same_queries_however_big_the_archive(newsroom):
    # Counted for the sitemap index, as the index's first reading leaves a site.
    sitemap_counts.count_site(newsroom.site)
    queries_to_publish(newsroom)
    small = queries_to_publish(newsroom)
    grow_archive(GROWN_BY)
    assert queries_to_publish(newsroom) == small


ARCHIVE_TABLES = ("wagtailcore_page", "news_articlepage")


def whole_archive_reads(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        steps = [row[3] for row in cursor.fetchall()]
    return [step for step in steps
            if step.startswith("SCAN") and step.split()[1] in ARCHIVE_TABLES]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's plans")
def test_no_page_reads_the_whole_archive_on_sqlite(client, newsroom_with_stories):
    """SQLite keeps no planner statistics unless analysed, so a child-of or not-a-story query
    can walk every page of the tree; each page's queries must reach stories by an index.
    (A site not counted yet for the sitemap index is counted once, over the whole archive.)"""
    sitemap_counts.count_site(newsroom_with_stories.site)
    scans = {}
    for name, url in addresses(client, newsroom_with_stories).items():
        edition.start_new_edition()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        found = [scan for query in queries.captured_queries
                 for scan in whole_archive_reads(query["sql"])]
        if found:
            scans[name] = found
    assert scans == {}

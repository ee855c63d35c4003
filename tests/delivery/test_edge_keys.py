"""Every page carries the keys of what it shows, one key-set per page, in the header the cache
in front reads; a change purges the keys of the pages that showed it, so every page showing a
story is reached by its purge and no other page is."""

import datetime

import pytest

from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from wagtail.models import PageViewRestriction

from dateline.delivery.edge import EdgeKeysMiddleware
from dateline.news import cache_keys, sockets
from dateline.news.models import ArticleCorrection, ArticleRelatedPick
from tests import factories
from tests.delivery import recording

PUBLISHED = datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.UTC)
KEYED = {"keyed": {"BACKEND": "tests.delivery.recording.RecordingKeyBackend"}}


@pytest.fixture
def keyed(settings):
    settings.WAGTAILFRONTENDCACHE = KEYED


@pytest.fixture
def story(newsroom):
    article = factories.ArticlePageFactory(
        parent=newsroom.section, slug="ferry", title="Ferry returns to Baku",
        published_at=PUBLISHED, topics=[newsroom.topic])
    article.article_authors.create(author=newsroom.author)
    article.save_revision().publish()  # indexed for search, as a publish does
    article.refresh_from_db()
    return article


def keys_of(client, path, header="xkey", separator=" "):
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200, (path, response.status_code)
    return set(response[header].split(separator))


def test_each_kind_of_page_carries_the_keys_of_what_it_shows(client, keyed, newsroom, story):
    other = factories.ArticlePageFactory(parent=newsroom.other_section, slug="port",
                                         title="Port reopens", published_at=PUBLISHED)
    other.save_revision().publish()
    s, o = f"story-{story.pk}", f"story-{other.pk}"
    expected = {
        "/": {f"page-{newsroom.home.pk}", s, o},
        "/caucasus/": {f"page-{newsroom.section.pk}", s},
        "/world/": {f"page-{newsroom.other_section.pk}", o},
        "/caucasus/ferry/": {s},
        newsroom.topic.url: {f"page-{newsroom.topic.pk}", s},
        newsroom.author.url: {f"page-{newsroom.author.pk}", s},
        newsroom.about.url: {f"page-{newsroom.about.pk}"},
        "/feeds/rss/caucasus/": {f"feed-{newsroom.section.pk}", s},
        "/feeds/atom/": {f"feed-{newsroom.home.pk}", s, o},
        "/archive/2025/": {"archive-2025", s, o},
        "/archive/2025/3/": {"archive-2025-03", s, o},
        "/archive/2025/3/14/": {"archive-2025-03-14", s, o},
        "/search/?q=ferry": {"search", s},
        "/search/?q=nothing+like+it": {"search"},
        "/sitemap.xml": {"sitemaps"},
        "/sitemap-articles-2025.xml": {"sitemaps"},
        "/on-this-day/3/14/": {f"page-{newsroom.on_this_day.pk}", "almanac-03-14", s, o},
        "/on-this-day/3/15/": {f"page-{newsroom.on_this_day.pk}", "almanac-03-15"},
        "/corrections/": {"corrections"},
        "/robots.txt": set(),
    }
    carried = {path: keys_of(client, path) for path in expected}
    assert carried == {path: keys | {"everything"} for path, keys in expected.items()}


def test_a_story_carries_the_stories_its_related_news_names_from_its_own_row(
        client, keyed, newsroom, story):
    picker = factories.ArticlePageFactory(parent=newsroom.other_section, slug="port")
    ArticleRelatedPick.objects.create(article_page=picker, article=story)
    assert keys_of(client, "/world/port/") == {f"story-{picker.pk}", f"story-{story.pk}",
                                               "everything"}


def test_the_corrections_log_carries_the_stories_it_notes(client, keyed, story):
    story.corrections.add(ArticleCorrection(
        kind=ArticleCorrection.Kind.CORRECTION, text="The ferry sails at noon.",
        noted_at=timezone.now() - datetime.timedelta(minutes=1)))
    story.save_revision().publish()
    assert keys_of(client, "/corrections/") == {"corrections", f"story-{story.pk}",
                                                "everything"}


def test_every_page_showing_a_story_is_reached_by_its_keys_and_no_other(
        client, keyed, newsroom, story):
    """The keys where_story_appears names (what a purge sends) against the keys each page
    carries: one in common for every page showing the story, none for a page that does not."""
    factories.ArticlePageFactory(parent=newsroom.other_section, slug="port",
                                 published_at=PUBLISHED - datetime.timedelta(days=40))
    purged = sockets.where_story_appears(story).keys
    showing = ["/", "/caucasus/", "/caucasus/ferry/", newsroom.topic.url, newsroom.author.url,
               "/feeds/rss/", "/feeds/atom/caucasus/", f"/feeds/rss{newsroom.topic.url}",
               f"/feeds/rss{newsroom.author.url}", "/archive/2025/", "/archive/2025/3/",
               "/archive/2025/3/14/", "/search/?q=ferry", "/sitemap.xml",
               "/sitemap-articles-2025.xml", "/on-this-day/3/14/"]
    not_showing = ["/world/", "/world/port/", newsroom.about.url, "/archive/2025/2/",
                   "/on-this-day/3/15/", "/feeds/rss/world/", "/corrections/"]
    assert {path for path in showing if not keys_of(client, path) & purged} == set()
    assert {path: keys_of(client, path) & purged for path in not_showing} \
        == {path: set() for path in not_showing}


def test_the_header_is_the_one_the_configured_cache_reads(client, settings, story):
    settings.WAGTAILFRONTENDCACHE = {"fastly": {
        "BACKEND": "dateline.delivery.edge.FastlyBackend", "SERVICE_ID": "svc",
        "API_TOKEN": "token"}}
    assert keys_of(client, "/caucasus/ferry/", "Surrogate-Key") \
        == {f"story-{story.pk}", "everything"}
    settings.WAGTAILFRONTENDCACHE = {"cloudflare": {
        "BACKEND": "dateline.delivery.edge.CloudflareBackend", "ZONEID": "zone",
        "BEARER_TOKEN": "token"}}
    assert keys_of(client, "/caucasus/ferry/", "Cache-Tag", ",") \
        == {f"story-{story.pk}", "everything"}
    # A cache purged by address only is sent no keys.
    settings.WAGTAILFRONTENDCACHE = {"http": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": "http://127.0.0.1:9"}}
    response = client.get("/caucasus/ferry/", HTTP_HOST="localhost")
    assert not {"xkey", "Surrogate-Key", "Cache-Tag"} & set(response.headers)


def test_static_files_and_writes_carry_no_keys(settings):
    """Static files are named by their content, so no change purges them; a POST is never
    stored."""
    settings.WAGTAILFRONTENDCACHE = KEYED
    middleware = EdgeKeysMiddleware(
        lambda request: cache_keys.mark(HttpResponse("x"), {"story-1"}))
    requests = RequestFactory()
    assert middleware(requests.get("/caucasus/"))["xkey"] == "everything story-1"
    assert "xkey" not in middleware(requests.get(settings.STATIC_URL + "dateline/site.css"))
    assert "xkey" not in middleware(requests.post("/caucasus/"))


@pytest.fixture
def key_purges(keyed, django_capture_on_commit_callbacks):
    """What the next change purges: {(key, hard)} sent to the key backend, and the URLs sent
    to caches purged by address."""
    def purges(change):
        recording.purged_keys.clear()
        recording.purged.clear()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        return set(recording.purged_keys), set(recording.purged)
    return purges


def test_a_publish_purges_the_story_hard_and_its_listings_softly_by_key(
        newsroom, key_purges):
    draft = factories.ArticlePageFactory(
        parent=newsroom.section, slug="bridge", draft=True, published_at=PUBLISHED,
        topics=[newsroom.topic])
    draft.save_revision()
    keys, urls = key_purges(lambda: draft.get_latest_revision().publish())
    listed = {f"page-{newsroom.home.pk}", f"page-{newsroom.section.pk}",
              f"page-{newsroom.topic.pk}", f"feed-{newsroom.home.pk}",
              f"feed-{newsroom.section.pk}", f"feed-{newsroom.topic.pk}", "sitemaps", "search",
              # An English story: the English edition's Gregorian days only, never the
              # Persian edition's Solar Hijri ones.
              "archive-2025", "archive-2025-03", "archive-2025-03-14", "almanac-03-14"}
    assert keys == {(f"story-{draft.pk}", True)} | {(key, False) for key in listed}
    assert urls == set()  # the keys reach every page, with any query string


def test_a_takedown_or_privacy_change_purges_every_key_that_showed_the_story_hard(
        story, key_purges):
    shown = sockets.where_story_appears(story).keys
    keys, _ = key_purges(lambda: PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.LOGIN))
    assert keys == {(key, True) for key in shown}
    PageViewRestriction.objects.all().delete()
    story.refresh_from_db()
    keys, _ = key_purges(story.unpublish)
    assert keys == {(key, True) for key in shown}


def test_a_change_every_page_shows_purges_the_key_every_page_carries(newsroom, key_purges):
    def change_settings():
        newsroom.settings.about_blurb = "The Test Gazette covers the valley's towns."
        newsroom.settings.save()

    assert key_purges(change_settings) == ({("everything", False)}, set())


def test_caches_purged_by_address_still_get_addresses_beside_a_keyed_one(
        settings, story, key_purges):
    settings.WAGTAILFRONTENDCACHE = {
        **KEYED, "by-address": {"BACKEND": "tests.delivery.recording.RecordingBackend"}}
    story.save_revision()
    keys, urls = key_purges(lambda: story.get_latest_revision().publish())
    assert (f"story-{story.pk}", True) in keys
    assert "http://localhost/caucasus/ferry/" in urls

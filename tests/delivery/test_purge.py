"""Each change purges exactly the URLs that show it: in the machine's page cache (through its
purge log) and through Wagtail's front-end cache backends, here a recording one. Editorial
changes (a takedown, a privacy change, a correction) purge hard, marked ``!`` in the log."""

import datetime
import types
import urllib.parse

import pytest

from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from dateline.delivery.purge import page_store
from dateline.delivery.reader_requests import ReaderRequest
from dateline.delivery.stores import EVERYTHING, HARD
from dateline.news.models import (
    ArticleCorrection,
    ArticleRelatedPick,
    AuthorPage,
    LiveBlogPage,
)
from dateline.newsroom.models import BreakingNewsBanner
from tests import factories
from tests.delivery import recording

ROOT = "http://localhost"
PUBLISHED = datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.UTC)


def feeds(path):
    return {f"{ROOT}/feeds/rss{path}", f"{ROOT}/feeds/atom{path}"}


def story_listings(section_path="/caucasus/", topic_paths=("/topics/water/",)):
    """Everything that shows a story of 14 March 2025 in the section, topic and byline (search
    too: cached results must lose a story taken down), all in its own, English, edition."""
    author_path = AuthorPage.objects.get(title="Nino Kapanadze").url
    urls = {f"{ROOT}/", *feeds("/"), f"{ROOT}{section_path}", *feeds(section_path),
            f"{ROOT}{author_path}", *feeds(author_path),
            f"{ROOT}/sitemap.xml", f"{ROOT}/sitemap-news.xml",
            f"{ROOT}/sitemap-articles-2025.xml", f"{ROOT}/archive/2025/",
            f"{ROOT}/archive/2025/3/", f"{ROOT}/archive/2025/3/14/",
            f"{ROOT}/on-this-day/3/14/", f"{ROOT}/search/"}
    for topic_path in topic_paths:
        urls |= {f"{ROOT}{topic_path}", *feeds(topic_path)}
    return urls


@pytest.fixture
def purges(settings, django_capture_on_commit_callbacks):
    """What the next change purges: (URLs sent to the CDN, paths in the local purge log)."""
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "tests.delivery.recording.RecordingBackend"}}
    log = page_store().purge_log
    log.read_new()

    class Purges:
        def __call__(self, change):
            recording.purged.clear()
            log.read_new()
            with django_capture_on_commit_callbacks(execute=True):
                change()
            return set(recording.purged), set(log.read_new())

    return Purges()


@pytest.fixture
def story(newsroom):
    article = factories.ArticlePageFactory(
        parent=newsroom.section, slug="ferry", title="Ferry returns", draft=True,
        published_at=PUBLISHED, topics=[newsroom.topic])
    article.article_authors.create(author=newsroom.author)
    article.save_revision()
    return article


def paths(urls, hard=False):
    return {(HARD if hard else "") + url.removeprefix(ROOT) for url in urls}


def test_publishing_a_story_purges_its_page_hard_and_its_listings_softly(story, purges):
    urls, logged = purges(lambda: story.get_latest_revision().publish())
    assert urls == {f"{ROOT}/caucasus/ferry/"} | story_listings()
    assert logged == {"!/caucasus/ferry/"} | paths(story_listings())


def test_moving_a_story_between_sections_and_topics_purges_old_and_new_places(
        newsroom, story, purges):
    story.get_latest_revision().publish()
    other_topic = factories.TopicPageFactory(parent=newsroom.topics, title="Ports",
                                             slug="ports")
    story.refresh_from_db()
    story.topics.set([other_topic])
    story.save_revision()
    urls, _ = purges(lambda: story.get_latest_revision().publish())
    assert urls == ({f"{ROOT}/caucasus/ferry/"}
                    | story_listings(topic_paths=("/topics/water/", "/topics/ports/")))

    urls, _ = purges(lambda: story.move(newsroom.other_section, pos="last-child"))
    assert urls == ({f"{ROOT}/caucasus/ferry/", f"{ROOT}/world/ferry/"}
                    | story_listings(topic_paths=("/topics/ports/",))
                    | story_listings("/world/", topic_paths=("/topics/ports/",)))


def test_unpublishing_and_deleting_purge_what_showed_the_story_hard(story, purges):
    story.get_latest_revision().publish()
    story.refresh_from_db()
    expected = {f"{ROOT}/caucasus/ferry/"} | story_listings()
    assert purges(lambda: story.unpublish()) == (expected, paths(expected, hard=True))
    story.get_latest_revision().publish()
    story.refresh_from_db()
    assert purges(lambda: story.delete()) == (expected, paths(expected, hard=True))


def test_restricting_a_story_or_lifting_it_purges_what_showed_it_hard(story, purges):
    story.get_latest_revision().publish()
    expected = paths({f"{ROOT}/caucasus/ferry/"} | story_listings(), hard=True)
    _, logged = purges(lambda: PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.LOGIN))
    assert logged == expected

    def to_password():
        restriction = PageViewRestriction.objects.get(page=story)
        restriction.restriction_type = PageViewRestriction.PASSWORD
        restriction.password = "ferry"
        restriction.save()

    assert purges(to_password)[1] == expected
    assert purges(lambda: PageViewRestriction.objects.filter(page=story).delete())[1] \
        == expected


def test_restricting_a_section_purges_every_page_hard(newsroom, story, purges):
    story.get_latest_revision().publish()
    _, logged = purges(lambda: PageViewRestriction.objects.create(
        page=newsroom.section, restriction_type=PageViewRestriction.LOGIN))
    assert logged == {HARD + EVERYTHING}


def test_a_story_leaving_a_topic_is_purged_from_it_hard(newsroom, story, purges):
    story.get_latest_revision().publish()
    story.refresh_from_db()
    story.topics.set([])
    story.save_revision()
    _, logged = purges(lambda: story.get_latest_revision().publish())
    assert paths({f"{ROOT}/topics/water/", *feeds("/topics/water/")}, hard=True) <= logged


def test_a_correction_purges_the_corrections_log_too(story, purges):
    story.get_latest_revision().publish()
    story.refresh_from_db()
    story.corrections.add(ArticleCorrection(
        kind=ArticleCorrection.Kind.CORRECTION, text="The ferry sails at noon, not at one.",
        noted_at=timezone.now()))
    story.save_revision()
    urls, logged = purges(lambda: story.get_latest_revision().publish())
    assert urls == {f"{ROOT}/caucasus/ferry/", f"{ROOT}/corrections/"} | story_listings()
    assert "!/caucasus/ferry/" in logged


def test_stories_that_pick_a_story_are_purged_with_it(newsroom, story, purges):
    picker = factories.ArticlePageFactory(parent=newsroom.other_section, slug="port-plans")
    ArticleRelatedPick.objects.create(article_page=picker, article=story)
    urls, _ = purges(lambda: story.get_latest_revision().publish())
    assert f"{ROOT}/world/port-plans/" in urls


def test_banner_and_site_settings_purge_every_page(newsroom, story, purges):
    story.get_latest_revision().publish()
    now = timezone.now()
    urls, logged = purges(lambda: BreakingNewsBanner.objects.create(
        article=story, starts_at=now, ends_at=now + datetime.timedelta(hours=1)))
    assert (urls, logged) == ({f"{ROOT}/"}, {EVERYTHING})

    def change_settings():
        newsroom.settings.about_blurb = "The Test Gazette covers the valley's towns."
        newsroom.settings.save()

    assert purges(change_settings) == ({f"{ROOT}/"}, {EVERYTHING})


def test_a_section_change_purges_every_page(newsroom, purges):
    newsroom.section.title = "The Caucasus"
    revision = newsroom.section.save_revision()
    assert purges(revision.publish) == ({f"{ROOT}/"}, {EVERYTHING})


def test_without_a_cdn_only_the_local_cache_is_purged(story, purges, settings):
    settings.WAGTAILFRONTENDCACHE = {}
    urls, logged = purges(lambda: story.get_latest_revision().publish())
    assert urls == set()
    assert "!/caucasus/ferry/" in logged


def key_of_reader_request(decoded_path):
    """The path the page cache keys a reader's request by, given the path as the ASGI server
    decodes it from the request line."""
    cache = types.SimpleNamespace(private_cookies=frozenset(), private_prefixes=("/admin/",),
                                  vary_on_language=False, secure_proxy_ssl_header=None)
    scope = {"method": "GET", "path": decoded_path, "query_string": b"", "scheme": "http",
             "headers": [(b"host", b"localhost")]}
    return ReaderRequest(scope, cache).path


@pytest.mark.parametrize("slug", ["خبر-فوری-تهران", "σεισμός-στην-κρήτη",
                                  "tbilisi-თბილისი-2025"])
def test_a_story_with_a_non_latin_slug_is_purged_under_the_key_readers_are_served_by(
        newsroom, purges, slug):
    story = factories.ArticlePageFactory(parent=newsroom.section, slug=slug, draft=True,
                                         published_at=PUBLISHED)
    story.save_revision()
    urls, logged = purges(lambda: story.get_latest_revision().publish())
    encoded = "/caucasus/" + urllib.parse.quote(slug) + "/"
    assert f"{ROOT}{encoded}" in urls  # what browsers send: UTF-8, upper-case hex
    assert key_of_reader_request(f"/caucasus/{slug}/") == encoded
    assert HARD + encoded in logged  # a story's own page is purged hard


def test_a_redirect_is_purged_where_it_answers_in_the_canonical_spelling(newsroom, purges):
    """Wagtail stores the old path decoded and without its final slash, and answers both."""
    urls, logged = purges(lambda: Redirect.objects.create(
        site=newsroom.site, old_path=Redirect.normalise_path("/caucasus/خبر-قدیمی/"),
        redirect_link="/caucasus/"))
    encoded = "/caucasus/" + urllib.parse.quote("خبر-قدیمی")
    assert logged == {encoded, encoded + "/"}
    assert urls == {f"{ROOT}{encoded}", f"{ROOT}{encoded}/"}


def test_a_live_blog_update_and_its_withdrawal_purge_the_page_and_its_updates_hard(
        newsroom, purges):
    from dateline.news.live_updates import paragraphs, post_update, withdraw_update

    blog = factories.LiveBlogPageFactory(parent=newsroom.section, slug="storm",
                                         published_at=PUBLISHED, authors=[newsroom.author])
    blog.save_revision().publish()
    own = {f"{ROOT}/caucasus/storm/", f"{ROOT}/caucasus/storm/updates/"}
    urls, logged = purges(lambda: post_update(blog, paragraphs("The ferry is held.")))
    assert own <= urls
    assert paths(own, hard=True) <= logged
    assert {"/caucasus/storm/", "/caucasus/storm/updates/"}.isdisjoint(logged)
    urls, logged = purges(lambda: withdraw_update(blog, 1))
    assert paths(own, hard=True) <= logged


def test_a_withdrawn_update_leaves_the_live_blogs_own_feed_hard_and_other_feeds_softly(
        newsroom, purges):
    from dateline.news.live_updates import paragraphs, post_update, withdraw_update

    blog = factories.LiveBlogPageFactory(parent=newsroom.section, slug="storm",
                                         published_at=PUBLISHED, authors=[newsroom.author])
    blog.save_revision().publish()
    post_update(blog, paragraphs("An unverified claim about the dam."))
    urls, logged = purges(lambda: withdraw_update(blog, 1))
    own_feeds = feeds("/caucasus/storm/")
    assert own_feeds <= urls
    # Hard: no process answers with its stale copy, even once, while it renders the new one.
    assert paths(own_feeds, hard=True) <= logged
    assert paths(feeds("/caucasus/")) <= logged
    assert paths(feeds("/caucasus/"), hard=True).isdisjoint(logged)


def test_a_live_blog_in_the_banner_purges_every_page_only_when_the_banner_changes(
        newsroom, purges):
    from dateline.news.live_updates import paragraphs, post_update

    blog = factories.LiveBlogPageFactory(parent=newsroom.section, slug="storm",
                                         published_at=PUBLISHED, authors=[newsroom.author])
    blog.save_revision().publish()
    now = timezone.now()
    BreakingNewsBanner.objects.create(article=blog, starts_at=now,
                                      ends_at=now + datetime.timedelta(hours=1))
    _urls, logged = purges(lambda: post_update(blog, paragraphs("The ferry is held.")))
    assert HARD + "/caucasus/storm/updates/" in logged
    assert EVERYTHING not in logged

    def retitle():
        page = LiveBlogPage.objects.get(pk=blog.pk)
        page.title = "Storm reaches the coast"
        page.save_revision().publish()

    _urls, logged = purges(retitle)
    assert EVERYTHING in logged

"""No reader surface shows a story a reader may not see: one behind a password, for signed-in
readers only, for a group only, under a private section, a private or password post from a
WordPress import, or one whose publication time has not come.

The guard visits every address a reader can reach, found from the URL patterns and from every
page type and routable-page route, and fails naming any it does not cover: a new surface must
be added here (or to the list of addresses that show no stories, with the reason).
"""

import datetime

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import PageViewRestriction, get_page_models

from dateline.discovery.models import SimilarStory
from dateline.discovery.search import get_search_backend
from dateline.news.models import ArticleCorrection, ArticlePage, ArticleRelatedPick, SectionPage
from dateline.newsroom.models import BreakingNewsBanner
from tests.almanac.factories import AlmanacEntryFactory
from tests.factories import ArticlePageFactory, LiveBlogPageFactory, SectionPageFactory
from tests.importers.test_wordpress_import import export, item, write

pytestmark = pytest.mark.django_db

# Every story a reader may not see carries this word in its headline, standfirst, body and
# correction note, and its address this slug prefix; the one public story, the other word.
SECRET, HIDDEN_SLUG, PUBLIC = "sekrit", "hidden-", "zelkova"
RESTRICTIONS = {"password": PageViewRestriction.PASSWORD, "login": PageViewRestriction.LOGIN,
                "groups": PageViewRestriction.GROUPS}
# Addresses in the URL patterns that are no reader surface for stories, and why.
NOT_STORY_SURFACES = {
    "admin": "editors' admin, behind a sign-in, never cached",
    "wagtaildocs_serve": "documents, each checked by its collection's privacy",
    "wagtaildocs_authenticate_with_password": "a document's password form",
    "dateline.server.media.serve_picture": "image files only, by their real path",
    "newsroom_password_reset": "the password-reset form, story-free",
    "newsroom_accept_invitation": "a staff invitation's account form, story-free",
    "wagtailcore_authenticate_with_password": "a page's password form, story-free",
    "wagtailcore_login": "the sign-in form",
    "wagtail_serve": "every page, covered below by page type and route",
    "mailroom_bounce_webhook": "mail providers' bounce reports, by shared secret, story-free",
    "newsletters:sign_up": "the newsletters' sign-up form, story-free",
    "newsletters:confirm": "a subscription's confirmation, story-free",
    "newsletters:manage": "a subscriber's lists, story-free",
    "newsletters:unsubscribe": "one-click unsubscribe, story-free",
}
NOT_SERVED_PAGE_TYPES = {"wagtailcore.Page": "the tree's root, which no site serves"}


def story(parent, slug, word, when, **fields):
    return ArticlePageFactory(
        parent=parent, slug=slug, published_at=when,
        title=f"The {word} bridge files", standfirst=f"Who knew of the {word} bridge.",
        body=[("paragraph", f"<p>The {word} ferry and the {PUBLIC} trees.</p>")], **fields)


def restricted_stories(room, today_at, years_ago):
    """Each kind of restriction, on a story of today and one of this day in an earlier year."""
    stories = []
    for when, suffix in ((today_at, ""), (years_ago, "-earlier")):
        def filed(kind, parent=room.section, when=when, suffix=suffix):
            filed_story = story(parent, f"{HIDDEN_SLUG}{kind}{suffix}", SECRET, when,
                                authors=[room.author], topics=[room.topic])
            stories.append(filed_story)
            return filed_story
        for kind, restriction_type in RESTRICTIONS.items():
            restriction = PageViewRestriction.objects.create(
                page=filed(kind), restriction_type=restriction_type, password="letmein")
            if restriction_type == PageViewRestriction.GROUPS:
                restriction.groups.add(Group.objects.get_or_create(name="Desk")[0])
        filed("under-a-private-section", parent=room.vault)
    stories.append(story(room.section, f"{HIDDEN_SLUG}embargoed", SECRET,
                         today_at + datetime.timedelta(days=2), authors=[room.author],
                         topics=[room.topic]))
    return stories


def import_private_wordpress_posts(tmp_path, today_at):
    date = timezone.localtime(today_at).strftime("%Y-%m-%d %H:%M:%S")
    posts = [item(9001, f"The {SECRET} memo", status="private", slug=f"{HIDDEN_SLUG}wp-private",
                  content=f"<p>The {SECRET} ferry and the {PUBLIC} trees.</p>", date=date,
                  tags=["water"], excerpt=f"The {SECRET} memo."),
             item(9002, f"The {SECRET} draft law", slug=f"{HIDDEN_SLUG}wp-password",
                  content=f"<p>The {SECRET} law and the {PUBLIC} trees.</p>", date=date,
                  password="enter", excerpt=f"The {SECRET} law.")]
    call_command("import_wordpress", str(write(tmp_path, export(*posts))), verbosity=0)
    return list(ArticlePage.objects.filter(slug__startswith=f"{HIDDEN_SLUG}wp-"))


@pytest.fixture
def newsroom_with_secrets(newsroom, tmp_path):
    room = newsroom
    now = timezone.now()
    today = timezone.localdate()
    # Four years back is a leap year whenever this one is, so 29 February has its day.
    years_ago = now.replace(year=now.year - 4) - datetime.timedelta(minutes=1)
    room.vault = SectionPageFactory(parent=room.home, title="Vault", slug="vault")
    PageViewRestriction.objects.create(page=room.vault,
                                       restriction_type=PageViewRestriction.LOGIN)
    room.public = story(room.section, "public-story", PUBLIC, now - datetime.timedelta(hours=3),
                        authors=[room.author], topics=[room.topic])
    room.public_earlier = story(room.section, "public-story-earlier", PUBLIC, years_ago,
                                authors=[room.author], topics=[room.topic])
    room.live_blog = LiveBlogPageFactory(
        parent=room.section, slug="public-live-blog", title=f"The {PUBLIC} live blog",
        published_at=now - datetime.timedelta(hours=2), authors=[room.author])
    room.hidden = restricted_stories(room, now - datetime.timedelta(hours=1), years_ago)
    room.hidden += import_private_wordpress_posts(tmp_path, now - datetime.timedelta(hours=1))
    for rank, hidden in enumerate(room.hidden, start=1):
        get_search_backend().index_article(hidden)
        ArticleRelatedPick.objects.create(article_page=room.public, article=hidden, sort_order=rank)
        ArticleRelatedPick.objects.create(article_page=room.live_blog, article=hidden,
                                          sort_order=rank)
        SimilarStory.objects.create(article=room.public, story=hidden, rank=rank, score=1.0)
        ArticleCorrection.objects.create(article=hidden, noted_at=now - datetime.timedelta(
            minutes=rank), text=f"The {SECRET} note.")
    for public in (room.public, room.public_earlier):
        get_search_backend().index_article(public)
    ArticleCorrection.objects.create(article=room.public, noted_at=now, text="A fixed name.")
    room.home.lead_article = room.hidden[0]
    room.home.save_revision().publish()
    BreakingNewsBanner.objects.create(article=room.hidden[1], starts_at=now - datetime.timedelta(
        hours=1), ends_at=now + datetime.timedelta(hours=1))
    AlmanacEntryFactory(month=today.month, day=today.day)
    return room


def reader_addresses(room):
    """{surface: [addresses]}, and whether each surface lists stories (and so must show the
    public one)."""
    public, earlier = (timezone.localtime(story.published_at)
                       for story in (room.public, room.public_earlier))
    days = [f"/archive/{day.year}/{day.month}/{day.day}/" for day in (public, earlier)]
    on_this_day = room.on_this_day.url
    return {
        "discovery:feed": ["/feeds/rss/", "/feeds/atom/", "/feeds/rss" + room.section.url,
                           "/feeds/atom" + room.topic.url, "/feeds/rss" + room.author.url],
        "discovery:sitemap_index": ["/sitemap.xml"],
        "discovery:sitemap_pages": ["/sitemap-pages.xml"],
        "discovery:sitemap_news": ["/sitemap-news.xml"],
        "discovery:sitemap_articles": [f"/sitemap-articles-{day.year}.xml"
                                       for day in (public, earlier)],
        "discovery:search": [f"/search/?q={PUBLIC}", f"/search/?q={PUBLIC}+ferry",
                             f"/search/?q={PUBLIC}&section={room.section.pk}",
                             f"/search/?q={PUBLIC}&author={room.author.pk}"],
        "discovery:robots_txt": ["/robots.txt"],
        "discovery:archive_year": [f"/archive/{day.year}/" for day in (public, earlier)],
        "discovery:archive_month": [f"/archive/{day.year}/{day.month}/"
                                    for day in (public, earlier)],
        "discovery:archive_day": days,
        "news:corrections": ["/corrections/"],
        "news.HomePage": ["/"],
        "news.SectionPage": [room.section.url],
        "news.ArticlePage": [room.public.url, room.public_earlier.url],
        "news.LiveBlogPage": [room.live_blog.url],
        "news.AuthorIndexPage": [room.authors.url],
        "news.AuthorPage": [room.author.url],
        "news.TopicIndexPage": [room.topics.url],
        "news.TopicPage": [room.topic.url],
        "news.PlainPage": [room.about.url],
        "almanac.OnThisDayPage": [on_this_day],
        "almanac.OnThisDayPage:today": [on_this_day],
        "almanac.OnThisDayPage:index_route": [on_this_day],
        "almanac.OnThisDayPage:day": [f"{on_this_day}{earlier.month}/{earlier.day}/"],
    }


SHOWS_NO_STORIES = {"discovery:sitemap_index", "discovery:robots_txt", "news.AuthorIndexPage",
                    "news.TopicIndexPage", "news.PlainPage", "discovery:sitemap_pages"}


def url_pattern_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) == "admin/":
                yield "admin"
                continue
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from url_pattern_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            callback = pattern.callback
            name = pattern.name or f"{callback.__module__}.{callback.__name__}"
            yield f"{namespace}:{name}" if namespace else name


def reader_surfaces():
    """Every surface a reader can reach: URL patterns, page types and routable-page routes."""
    surfaces = set(url_pattern_names(get_resolver().url_patterns))
    for model in get_page_models():
        label = model._meta.label
        surfaces.add(label)
        if issubclass(model, RoutablePageMixin):
            surfaces.update(f"{label}:{route.name}" for route in model.get_subpage_urls())
    return surfaces


def uncovered_surfaces(covered):
    known = {*covered, *NOT_STORY_SURFACES, *NOT_SERVED_PAGE_TYPES}
    return sorted(reader_surfaces() - known)


def leaks(client, addresses):
    """{address: what it showed of a restricted story}, and the story surfaces that showed no
    public story (which would let a broken surface pass)."""
    found, blank = {}, []
    for surface, urls in addresses.items():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (surface, url, response.status_code)
            text = response.content.decode().lower()
            shown = [marker for marker in (SECRET, HIDDEN_SLUG) if marker in text]
            if shown:
                found[url] = shown
            if surface not in SHOWS_NO_STORIES and "public-story" not in text:
                blank.append(url)
    return found, blank


def test_every_reader_surface_is_covered_by_the_guard(newsroom_with_secrets):
    assert uncovered_surfaces(reader_addresses(newsroom_with_secrets)) == []


def test_no_reader_surface_shows_a_restricted_or_future_story(client, newsroom_with_secrets):
    found, blank = leaks(client, reader_addresses(newsroom_with_secrets))
    assert found == {}
    assert blank == []


def test_restricted_stories_answer_with_a_sign_in_or_a_password_form_only(
    client, newsroom_with_secrets
):
    answers = {}
    for hidden in newsroom_with_secrets.hidden:
        response = client.get(hidden.url)
        assert SECRET not in response.content.decode().lower(), hidden.slug
        answers[hidden.slug] = response.status_code
    assert set(answers.values()) <= {200, 302, 404}
    assert answers[f"{HIDDEN_SLUG}embargoed"] == 404
    assert answers[f"{HIDDEN_SLUG}wp-private"] == 302
    assert answers[f"{HIDDEN_SLUG}wp-password"] == 200  # the password form


def test_the_guard_catches_a_listing_that_leaks(client, newsroom_with_secrets, monkeypatch):
    monkeypatch.setattr(SectionPage, "articles", lambda section: ArticlePage.objects
                        .for_listing().published().in_section(section).newest_first())
    found, _blank = leaks(client, reader_addresses(newsroom_with_secrets))
    assert newsroom_with_secrets.section.url in found


@override_settings(ROOT_URLCONF="tests.security.leaky_urls")
def test_the_guard_names_a_reader_surface_it_does_not_cover(newsroom_with_secrets):
    assert uncovered_surfaces(reader_addresses(newsroom_with_secrets)) == ["latest_stories"]

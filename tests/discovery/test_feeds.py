import datetime
import re
import time

import feedparser
import pytest

from django.utils import timezone

from dateline.news.models import ArticleCorrection
from tests import factories

FORMATS = ["rss", "atom"]


@pytest.fixture
def stories(newsroom):
    """Stories across the newsroom, with a subsection, a topic and a byline to follow."""
    newsroom.subsection = factories.SectionPageFactory(
        parent=newsroom.section, title="Tbilisi", slug="tbilisi"
    )
    return {
        "section": factories.ArticlePageFactory(
            parent=newsroom.section, authors=[newsroom.author], topics=[newsroom.topic]
        ),
        "subsection": factories.ArticlePageFactory(
            parent=newsroom.subsection, updated=True,
            published_at=timezone.now() - datetime.timedelta(hours=10),
        ),
        "other": factories.ArticlePageFactory(parent=newsroom.other_section, archive=True),
        "draft": factories.ArticlePageFactory(
            parent=newsroom.section, draft=True, authors=[newsroom.author],
            topics=[newsroom.topic],
        ),
        "embargoed": factories.ArticlePageFactory(
            parent=newsroom.section, embargoed=True, authors=[newsroom.author],
            topics=[newsroom.topic],
        ),
    }


def feed_paths(newsroom):
    return {
        "home": "",
        "section": "caucasus/",
        "subsection": "caucasus/tbilisi/",
        "topic": "topics/water/",
        "author": f"authors/{newsroom.author.slug}/",
    }


def parse(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return feedparser.parse(response.content)


def entry_for(feed, story):
    return next(entry for entry in feed.entries if entry.link == story.full_url)


@pytest.mark.parametrize("feed_format", FORMATS)
@pytest.mark.parametrize("scope", ["home", "section", "subsection", "topic", "author"])
def test_every_feed_is_well_formed_with_dated_unique_linked_entries(
    client, newsroom, stories, feed_format, scope
):
    feed = parse(client, f"/feeds/{feed_format}/{feed_paths(newsroom)[scope]}")

    assert not feed.bozo, feed.bozo_exception
    assert feed.entries
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids)
    for entry in feed.entries:
        assert entry.published_parsed is not None
        assert entry.title
        assert entry.link.startswith("http://localhost/")
        assert entry.id.startswith("http://localhost/")
    assert feed.feed.link.startswith("http://localhost/")


@pytest.mark.parametrize("feed_format", FORMATS)
def test_each_feed_carries_only_its_own_stories(client, newsroom, stories, feed_format):
    links = {
        scope: {entry.link for entry in parse(client, f"/feeds/{feed_format}/{path}").entries}
        for scope, path in feed_paths(newsroom).items()
    }

    assert links["home"] == {stories[name].full_url for name in ("section", "subsection", "other")}
    assert links["section"] == {stories["section"].full_url, stories["subsection"].full_url}
    assert links["subsection"] == {stories["subsection"].full_url}
    assert links["topic"] == links["author"] == {stories["section"].full_url}


@pytest.mark.parametrize("feed_format", FORMATS)
def test_drafts_and_future_stories_never_appear(client, newsroom, stories, feed_format):
    for path in feed_paths(newsroom).values():
        content = client.get(f"/feeds/{feed_format}/{path}").content.decode()
        assert stories["draft"].slug not in content
        assert stories["embargoed"].slug not in content


@pytest.mark.parametrize("feed_format", FORMATS)
def test_an_entry_has_its_dates_byline_topics_and_standfirst(client, newsroom, stories,
                                                             feed_format):
    story = stories["section"]
    entry = entry_for(parse(client, f"/feeds/{feed_format}/caucasus/"), story)

    assert entry.published_parsed == story.published_at.utctimetuple()
    assert entry.author == newsroom.author.title
    assert [tag.term for tag in entry.tags] == ["Water"]
    assert entry.summary == story.standfirst
    assert "content" not in entry


def parsed_time(value):
    return datetime.datetime.fromtimestamp(time.mktime(value) - time.timezone, datetime.UTC)


@pytest.mark.parametrize("feed_format", FORMATS)
def test_an_updated_story_shows_its_update_time(client, stories, feed_format):
    story = stories["subsection"]
    entry = entry_for(parse(client, f"/feeds/{feed_format}/"), story)

    assert parsed_time(entry.updated_parsed) == story.updated_at.replace(microsecond=0)
    assert entry.updated_parsed > entry.published_parsed


@pytest.mark.parametrize("feed_format", FORMATS)
def test_a_correction_note_bumps_the_updated_date(client, stories, feed_format):
    story = stories["subsection"]
    noted_at = story.updated_at + datetime.timedelta(hours=1)
    ArticleCorrection.objects.create(article=story, kind="correction", noted_at=noted_at,
                                     text="An earlier version gave the wrong bridge length.")
    story.save_revision().publish()

    entry = entry_for(parse(client, f"/feeds/{feed_format}/"), story)

    assert parsed_time(entry.updated_parsed) == noted_at.replace(microsecond=0)


@pytest.mark.parametrize("feed_format", FORMATS)
def test_full_text_follows_the_setting(client, settings, stories, feed_format):
    settings.FEED_FULL_TEXT = True
    entry = entry_for(parse(client, f"/feeds/{feed_format}/"), stories["section"])

    assert "The council met to discuss the new bridge." in entry.content[0].value
    assert entry.summary == stories["section"].standfirst


def test_full_text_links_are_absolute(client, settings, newsroom):
    settings.FEED_FULL_TEXT = True
    factories.ArticlePageFactory(parent=newsroom.section, body=[
        ("paragraph", '<p>See <a href="/caucasus/">the section</a>.</p>'),
    ])
    entry = parse(client, "/feeds/atom/").entries[0]

    assert 'href="http://localhost/caucasus/"' in entry.content[0].value


@pytest.mark.parametrize("path", [
    "/feeds/rss/no-such-section/",
    "/feeds/atom/topics/no-such-topic/",
    "/feeds/rss/authors/no-such-author/",
    "/feeds/rss/about/",
    "/feeds/json/",
])
def test_unknown_feed_paths_are_not_found(client, stories, path):
    assert client.get(path).status_code == 404


def test_an_article_has_no_feed_of_its_own(client, newsroom, stories):
    path = stories["section"].url_path.removeprefix(newsroom.home.url_path)
    assert client.get(f"/feeds/rss/{path}").status_code == 404


def autodiscovery(html):
    return re.findall(
        r'<link rel="alternate" type="application/(rss|atom)\+xml" title="([^"]*)" href="([^"]*)">',
        html,
    )


@pytest.mark.parametrize("page_name, own_feed", [
    ("home", None),
    ("section", "caucasus/"),
    ("subsection", "caucasus/tbilisi/"),
    ("topic", "topics/water/"),
    ("author", "author"),
    ("article", "caucasus/"),
    ("about", None),
])
def test_every_page_points_to_its_feeds_and_the_sites(client, newsroom, stories, page_name,
                                                      own_feed):
    page = {"home": newsroom.home, "section": newsroom.section,
            "subsection": newsroom.subsection, "topic": newsroom.topic,
            "author": newsroom.author, "article": stories["section"],
            "about": newsroom.about}[page_name]
    own_feed = f"authors/{newsroom.author.slug}/" if own_feed == "author" else own_feed

    links = autodiscovery(client.get(page.url).content.decode())

    expected = [] if own_feed is None else [f"/feeds/rss/{own_feed}", f"/feeds/atom/{own_feed}"]
    expected += ["/feeds/rss/", "/feeds/atom/"]
    assert [href.removeprefix("http://localhost") for _, _, href in links] == expected
    for _, title, href in links:
        assert "The Test Gazette" in title
        assert client.get(href).status_code == 200


@pytest.mark.parametrize("feed_format", FORMATS)
def test_a_feeds_self_link_is_its_address_at_the_sites_public_address(
        client, newsroom, stories, settings, feed_format):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    response = client.get(f"/feeds/{feed_format}/caucasus/?utm_source=x",
                          HTTP_HOST="127.0.0.1:8000", HTTP_X_FORWARDED_PROTO="https")
    feed = feedparser.parse(response.content)

    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [f"http://localhost/feeds/{feed_format}/caucasus/"]
    assert feed.feed.link == "http://localhost/caucasus/"
    assert {entry.link.split("/")[2] for entry in feed.entries} == {"localhost"}

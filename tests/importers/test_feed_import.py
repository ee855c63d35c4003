import datetime
from io import StringIO
from pathlib import Path

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from dateline.importers.models import ImportedItem
from dateline.news.models import ArticlePage, AuthorPage

pytestmark = pytest.mark.django_db
FEEDS = Path(__file__).resolve().parents[3] / "shared" / "data" / "feeds"
FEED_FILES = sorted(FEEDS.glob("*.xml")) if FEEDS.is_dir() else []
UTC = datetime.UTC

# What each shared feed holds: (headline, publication time in UTC or None). RSS 2.0 items may
# have no title: the headline is then the text's opening words.
EXPECTED = {
    "atom_example_1.xml": [("Atom draft-07 snapshot", (2003, 12, 13, 12, 29, 29))],
    "atom_spec_1.xml": [("Atom-Powered Robots Run Amok", (2003, 12, 13, 18, 30, 2))],
    "rss_1.0_spec_1.xml": [("Processing Inclusions with XSLT", None),
                           ("Putting RDF to Work", None)],
    "rss_2.0_bbc.xml": [("Marcus Aurelius", (2021, 2, 25, 10, 15))],
    "rss_2.0_cloudflare.xml": [
        ("Privacy-Preserving Compromised Credential Checking", (2021, 10, 14, 12, 59, 53))
    ],
    "rss_2.0_example_1.xml": [("Example entry", (2009, 9, 6, 16, 20))],
    "rss_2.0_example_2.xml": [
        ("NASA Television to Broadcast Space Station Departure of Cygnus Cargo Ship",
         (2019, 8, 1, 20, 15))
    ],
    "rss_2.0_ghost_1.xml": [],
    "rss_2.0_ghost_2.xml": [("Send emails without publishing", (2021, 10, 11, 18, 11, 15))],
    "rss_2.0_spec_1.xml": [
        ("Joshua Allen: Who loves namespaces?", (2002, 9, 29, 19, 59, 1)),
        ('Don Park: "It is too easy for engineer to anticipate too much', (2002, 9, 30, 1, 52, 2)),
    ],
    "rss_2.0_wirecutter.xml": [
        ("How to Teach Someone a Board Game (and Even Have Fun Doing It)", (2022, 9, 20, 11, 0, 17))
    ],
}
# ghost_1's only item has no id, link or title: it is reported and skipped.
SKIPPED = {"rss_2.0_ghost_1.xml": 1}


def import_feed(source, *args, section="caucasus"):
    output = StringIO()
    call_command("import_feed", str(source), "--section", section, *args, stdout=output)
    return output.getvalue()


@pytest.mark.skipif(not FEED_FILES, reason=f"the shared feed files are not at {FEEDS}")
@pytest.mark.parametrize("path", FEED_FILES, ids=lambda path: path.name)
def test_every_shared_feed_imports_once_with_its_headlines_and_dates(newsroom, path):
    expected = [(title, when and datetime.datetime(*when, tzinfo=UTC))
                for title, when in EXPECTED[path.name]]
    first = import_feed(path)
    skipped = SKIPPED.get(path.name, 0)
    assert f"{len(expected)} imported, 0 updated, 0 unchanged, {skipped} skipped" in first
    articles = ArticlePage.objects.child_of(newsroom.section).order_by("pk")
    assert [(article.title[:len(title)], article.published_at) for article, (title, _) in
            zip(articles, expected, strict=True)] == expected
    for title, published in expected:
        if published is None:
            assert f"No readable date for {title!r}" in first
    assert not any(article.live for article in articles)

    second = import_feed(path)
    assert f"0 imported, 0 updated, {len(expected)} unchanged" in second
    assert ArticlePage.objects.child_of(newsroom.section).count() == len(expected)


def rss(*items):
    return ('<?xml version="1.0"?><rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Valley Wire</title>'
            + "".join(items) + "</channel></rss>")


def item(guid, title, *, date="Mon, 06 May 2024 07:08:09 GMT", author="Ana Reyes",
         text="<p>The dam opened.</p><h2>What next</h2><p>Water.</p>"):
    when = f"<pubDate>{date}</pubDate>" if date else ""
    return (f"<item><guid>{guid}</guid><title>{title}</title><dc:creator>{author}</dc:creator>"
            f"{when}<description><![CDATA[{text}]]></description></item>")


@pytest.fixture
def feed_file(tmp_path):
    path = tmp_path / "wire.xml"
    path.write_text(rss(item("wire-1", "Dam opens"), item("wire-2", "Undated", date=None)))
    return path


def test_published_entries_go_live_with_their_date_and_a_new_byline(newsroom, feed_file):
    output = import_feed(feed_file, "--publish")
    dam = ArticlePage.objects.get(title="Dam opens")
    assert dam.live
    assert dam.published_at == datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert [block.block_type for block in dam.body] == ["paragraph", "subhead", "paragraph"]
    author = AuthorPage.objects.get(title="Ana Reyes")
    assert author.get_parent().pk == newsroom.authors.pk
    assert dam.authors() == [author]
    assert "New author pages: Ana Reyes." in output


def test_an_undated_entry_stays_a_dateless_draft_even_when_publishing(newsroom, feed_file):
    output = import_feed(feed_file, "--publish")
    undated = ArticlePage.objects.get(title="Undated")
    assert not undated.live
    assert undated.published_at is None
    assert "No readable date for 'Undated': imported as an undated draft." in output


def test_an_existing_author_is_reused_whatever_the_case(newsroom, tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(rss(item("a", "One", author="nino kapanadze")))
    import_feed(path)
    assert AuthorPage.objects.count() == 1
    assert ArticlePage.objects.get(title="One").get_latest_revision_as_object().authors() == [
        newsroom.author
    ]


def test_a_changed_entry_is_updated_in_place(newsroom, feed_file, tmp_path):
    import_feed(feed_file, "--publish")
    feed_file.write_text(rss(item("wire-1", "Dam opens at last"),
                             item("wire-2", "Undated", date=None)))
    output = import_feed(feed_file, "--publish")
    assert "0 imported, 1 updated, 1 unchanged" in output
    assert ArticlePage.objects.child_of(newsroom.section).count() == 2
    assert ArticlePage.objects.filter(title="Dam opens at last", live=True).count() == 1
    assert ImportedItem.objects.filter(kind="entry").count() == 2


def test_an_entry_whose_article_was_deleted_is_not_brought_back(newsroom, feed_file):
    import_feed(feed_file)
    ArticlePage.objects.get(title="Dam opens").delete()
    output = import_feed(feed_file)
    assert "its article was deleted after an earlier import" in output
    assert not ArticlePage.objects.filter(title="Dam opens").exists()


def test_a_dry_run_reports_and_saves_nothing(newsroom, feed_file):
    output = import_feed(feed_file, "--dry-run")
    assert "2 would be imported" in output
    assert not ArticlePage.objects.exists()
    assert not ImportedItem.objects.exists()
    assert AuthorPage.objects.count() == 1


def test_a_file_that_is_not_a_feed_is_refused_and_nothing_is_written(newsroom, tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>Not a feed</p>")
    with pytest.raises(CommandError, match="not a feed"):
        import_feed(path)
    assert not ImportedItem.objects.exists()


def test_an_unknown_section_names_the_sections_there_are(newsroom, feed_file):
    with pytest.raises(CommandError, match="Use one of: caucasus, world"):
        import_feed(feed_file, section="sport")


def test_feedparser_is_never_asked_to_fetch_private_addresses(newsroom):
    with pytest.raises(CommandError, match="non-public address"):
        import_feed("http://127.0.0.1:9/feed.xml")


def test_without_an_author_index_bylines_are_left_out_and_reported(newsroom, feed_file):
    newsroom.authors.delete()
    output = import_feed(feed_file)
    assert "Bylines left out, as there is no author index page" in output
    assert ArticlePage.objects.get(title="Dam opens").authors() == []

"""The demo newsroom is complete, our own writing, and free of filler."""

import datetime
import json
import re
from io import StringIO

import pytest

from django.core.management import call_command
from django.utils import timezone, translation

from dateline.almanac.models import AlmanacEntry, on_this_day_for
from dateline.demo.loader import CONTENT_DIR, DemoNewsroom
from dateline.discovery.models import SearchDocument
from dateline.discovery.search import get_search_backend
from dateline.news.models import (
    ArticlePage,
    AuthorPage,
    LiveBlogPage,
    NewsImage,
    PlainPage,
    SectionPage,
    SiteSettings,
)
from dateline.newsletters.models import Newsletter
from dateline.newsroom.models import BreakingNewsBanner

FILLER = re.compile(
    r"lorem|ipsum|dolor sit|\bTK\b|\bTODO\b|\bXXX\b|\[confirm|filler text|placeholder"
    r"|sample page|just another",
    re.IGNORECASE,
)
WEEKDAYS = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b",
                      re.IGNORECASE)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        # Onto the bare tree: a test before this module may have left a site its subprocess
        # committed (tests/founding's new_site on PostgreSQL).
        clear_the_tree()
        newsroom = DemoNewsroom()
        newsroom.load()
        yield newsroom
        clear_the_tree()
        AlmanacEntry.objects.all().delete()
        NewsImage.objects.all().delete()
        Newsletter.objects.all().delete()


def clear_the_tree():
    from wagtail.models import Page

    for page in Page.get_first_root_node().get_children():
        page.delete()


def test_the_demo_newsroom_ends_with_every_story_searchable(loaded, db):
    live = set(ArticlePage.objects.live().values_list("pk", flat=True))
    assert set(SearchDocument.objects.values_list("article_id", flat=True)) == live
    assert list(get_search_backend().search("iran")[:1])


def all_content_text():
    return "\n".join(path.read_text() for path in sorted(CONTENT_DIR.rglob("*.json")))


def test_the_demo_has_the_sections_authors_and_articles_a_newsroom_needs(loaded, db):
    assert SectionPage.objects.live().count() >= 5
    assert AuthorPage.objects.live().count() >= 6
    assert ArticlePage.objects.published().count() >= 60
    assert AlmanacEntry.objects.approved().count() >= 30
    assert AlmanacEntry.objects.filter(calendar="solar_hijri").approved().count() >= 60
    # Each edition's entries are its own: the Solar Hijri file is the Persian edition's.
    assert set(AlmanacEntry.objects.filter(calendar="solar_hijri")
               .values_list("locale__language_code", flat=True)) == {"fa"}
    assert set(AlmanacEntry.objects.filter(calendar="gregorian")
               .values_list("locale__language_code", flat=True)) == {"en"}
    assert PlainPage.objects.filter(slug="about").exists()


def test_the_archive_spans_more_than_two_years(loaded, db):
    dates = ArticlePage.objects.published().values_list("published_at", flat=True)
    assert max(dates) - min(dates) >= datetime.timedelta(days=730)


def test_on_this_day_finds_archive_stories_today(loaded, db):
    settings = SiteSettings.objects.get()
    with timezone.override(settings.zone()):
        shown = on_this_day_for(timezone.localdate())
    assert len(shown["stories"]) >= 2


def test_every_story_has_a_byline_lead_image_with_alt_text_and_a_body(loaded, db):
    live_blogs = set(LiveBlogPage.objects.values_list("pk", flat=True))
    for article in ArticlePage.objects.published():
        assert article.article_authors.exists(), article.slug
        assert article.lead_image is not None and article.lead_image.description, article.slug
        if article.pk in live_blogs:
            # A live blog's body is its key points; its updates carry the story.
            blog = LiveBlogPage.objects.get(pk=article.pk)
            assert blog.body and len(blog.shown_updates()) >= 4, article.slug
        else:
            assert len(article.body) >= 3, article.slug


def test_the_demo_has_an_ended_and_a_running_live_blog_with_the_banner_on_the_running_one(
        loaded, db):
    blogs = {blog.coverage_has_ended(): blog for blog in LiveBlogPage.objects.live()}
    assert set(blogs) == {True, False}
    for blog in blogs.values():
        assert len(blog.shown_updates()) >= 4, blog.slug
    assert BreakingNewsBanner.objects.get().article_id == blogs[False].pk


def test_demo_content_has_no_filler_or_placeholder_text():
    assert FILLER.findall(all_content_text()) == []


def test_demo_stories_name_no_weekday_since_their_dates_move_with_the_load_day():
    articles = "\n".join(p.read_text() for p in (CONTENT_DIR / "articles").glob("*.json"))
    assert WEEKDAYS.findall(articles) == []


def test_the_demo_offers_three_newsletters_on_its_front_page(loaded, client, db):
    assert list(Newsletter.objects.of_edition("en").values_list("name", "cadence")) == [
        ("Morning briefing", "daily"), ("Caucasus weekly", "weekly"),
        ("Breaking alerts", "alerts")]
    assert [section.slug for section in
            Newsletter.objects.get(slug="caucasus-weekly").sections.all()] == ["caucasus"]
    box = client.get("/").content.decode().split('class="newsletter-box"')[1]
    assert "Morning briefing" in box and "Breaking alerts" in box


def test_both_editions_show_a_most_read_box_of_their_own_stories(loaded, client, db):
    from wagtail.models import Site

    from dateline.news.translations import edition_front_page
    from dateline.readership.most_read import most_read

    for path, language in (("/", "en"), ("/fa/", "fa")):
        box = client.get(path).content.decode().split('class="most-read"')[1]
        assert box.split("</ol>")[0].count("<li>") == 5, path
        with translation.override(language):
            front_page = edition_front_page(Site.objects.get(is_default_site=True))
        ranked = most_read(front_page)
        # Believable: a day's reads in the hundreds to thousands, most read first.
        assert all(100 <= reads <= 20_000 for _story, reads in ranked), ranked
        assert [reads for _story, reads in ranked] == sorted(
            (reads for _story, reads in ranked), reverse=True)
        assert all(story.locale.language_code == language for story, _reads in ranked)


def test_every_content_file_is_valid_json():
    for path in CONTENT_DIR.rglob("*.json"):
        json.loads(path.read_text())


def test_the_footer_blurb_and_about_page_come_from_the_demo(loaded, client, db):
    html = client.get("/about/").content.decode()
    assert "The Caspian Ledger" in html
    assert SiteSettings.objects.get().about_blurb in html


def test_plain_text_fields_of_the_demo_carry_no_markup():
    rows = [*json.loads((CONTENT_DIR / "almanac.json").read_text()),
            *json.loads((CONTENT_DIR / "almanac-solar-hijri.json").read_text())]
    texts = [row["text"] for row in rows]
    for path in (CONTENT_DIR / "articles").glob("*.json"):
        for article in json.loads(path.read_text()):
            texts += [article["headline"], article["standfirst"],
                      article["lead_image"]["caption"], article["lead_image"]["alt"]]
    assert [text for text in texts if "<" in text or "&lt;" in text] == []


def test_the_demo_passes_the_copy_desk_audit(loaded, db):
    call_command("audit_site", "--blocking-only", stdout=StringIO())


def test_the_demo_almanac_has_an_entry_for_every_day_of_december_and_january():
    rows = json.loads((CONTENT_DIR / "almanac.json").read_text())
    covered = {(row["month"], row["day"]) for row in rows}
    year_end = {(12, day) for day in range(1, 32)} | {(1, day) for day in range(1, 32)}
    assert sorted(year_end - covered) == []


def test_the_persian_almanac_has_an_entry_for_every_day_of_azar_and_dey():
    rows = json.loads((CONTENT_DIR / "almanac-solar-hijri.json").read_text())
    assert {row["calendar"] for row in rows} == {"solar_hijri"}
    covered = {(row["month"], row["day"]) for row in rows}
    azar_and_dey = {(month, day) for month in (9, 10) for day in range(1, 31)}
    assert sorted(azar_and_dey - covered) == []


def test_the_persian_almanac_has_entries_in_every_solar_hijri_month():
    # Every day of Azar and Dey is written; the other months carry fewer entries, each a fact
    # or an observance of the official calendar, rather than filler.
    rows = json.loads((CONTENT_DIR / "almanac-solar-hijri.json").read_text())
    assert {row["month"] for row in rows} == set(range(1, 13))
    assert len({(row["month"], row["day"], row["text"]) for row in rows}) == len(rows)

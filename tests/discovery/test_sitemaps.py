import datetime
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Site

from dateline.discovery.sitemaps import ArticleYearSitemap
from tests import factories

VALIDATORS = Path(__file__).resolve().parents[3] / "shared" / "validators"
SCHEMAS = VALIDATORS / "schemas"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def years_ago(years, **kwargs):
    # Noon UTC: the same calendar day in the site's zone, whatever time the tests run at.
    noon = timezone.now().replace(month=6, day=15, hour=12, minute=0, second=0, microsecond=0)
    return noon - datetime.timedelta(days=365 * years, **kwargs)


@pytest.fixture
def archive(newsroom):
    """Stories from this year and two earlier ones, plus a draft and an embargoed story."""
    return {
        "recent": factories.ArticlePageFactory(parent=newsroom.section, breaking=True),
        "updated": factories.ArticlePageFactory(
            parent=newsroom.section, published_at=years_ago(1),
            updated_at=years_ago(1) + datetime.timedelta(days=30),
        ),
        "old": factories.ArticlePageFactory(parent=newsroom.other_section,
                                            published_at=years_ago(3)),
        "stale": factories.ArticlePageFactory(parent=newsroom.section,
                                              published_at=timezone.now()
                                              - datetime.timedelta(hours=50)),
        "draft": factories.ArticlePageFactory(parent=newsroom.section, draft=True),
        "embargoed": factories.ArticlePageFactory(parent=newsroom.section, embargoed=True),
    }


def locations(content):
    return re.findall(r"<loc>([^<]+)</loc>", content.decode())


def year_of(story):
    return timezone.localtime(story.published_at).year


def xmllint(tmp_path, content, schema):
    if shutil.which("xmllint") is None:
        pytest.skip("xmllint is not installed (apt-get install libxml2-utils)")
    if not (SCHEMAS / schema).exists():
        pytest.skip(f"the sitemap schemas are missing from {SCHEMAS}")
    path = tmp_path / "sitemap.xml"
    path.write_bytes(content)
    return subprocess.run(
        ["xmllint", "--noout", "--nonet", "--schema", str(SCHEMAS / schema), str(path)],
        capture_output=True, text=True, check=False,
    )


def test_the_index_lists_the_pages_every_year_and_the_news_sitemap(client, archive):
    response = client.get("/sitemap.xml")

    years = sorted({year_of(story) for name, story in archive.items()
                    if name not in {"draft", "embargoed"}})
    assert locations(response.content) == [
        "http://localhost/sitemap-pages.xml",
        *[f"http://localhost/sitemap-articles-{year}.xml" for year in years],
        "http://localhost/sitemap-news.xml",
    ]


def test_the_index_validates_against_the_sitemap_index_schema(client, archive, tmp_path):
    result = xmllint(tmp_path, client.get("/sitemap.xml").content, "siteindex.xsd")
    assert result.returncode == 0, result.stderr


def test_every_listed_sitemap_answers_and_validates(client, archive, tmp_path):
    listed = locations(client.get("/sitemap.xml").content)
    for location in listed:
        if location.endswith("/sitemap-news.xml"):
            continue
        response = client.get(location.removeprefix("http://localhost"))
        assert response.status_code == 200, location
        result = xmllint(tmp_path, response.content, "sitemap.xsd")
        assert result.returncode == 0, (location, result.stderr)


def test_a_year_sitemap_lists_that_years_published_stories(client, archive):
    year = year_of(archive["recent"])
    listed = locations(client.get(f"/sitemap-articles-{year}.xml").content)

    expected = {story.full_url for name, story in archive.items()
                if name in {"recent", "stale", "updated", "old"} and year_of(story) == year}
    assert set(listed) == expected
    assert archive["draft"].full_url not in listed
    assert archive["embargoed"].full_url not in listed


def test_a_year_without_stories_is_not_found(client, archive):
    assert client.get("/sitemap-articles-1901.xml").status_code == 404


def test_lastmod_follows_the_update_and_falls_back_to_publication(client, archive):
    updated, old = archive["updated"], archive["old"]
    content = client.get(f"/sitemap-articles-{year_of(updated)}.xml").content.decode()
    old_content = client.get(f"/sitemap-articles-{year_of(old)}.xml").content.decode()

    assert (f"<loc>{updated.full_url}</loc><lastmod>"
            f"{timezone.localtime(updated.updated_at):%Y-%m-%d}</lastmod>") in content
    assert (f"<loc>{old.full_url}</loc><lastmod>"
            f"{timezone.localtime(old.published_at):%Y-%m-%d}</lastmod>") in old_content


def test_an_articles_own_sitemap_entry_agrees_with_the_archive_sitemap(newsroom, archive):
    story = archive["updated"]
    year_sitemap = ArticleYearSitemap(newsroom.site, year_of(story))

    assert story.get_sitemap_urls() == [
        url for url in year_sitemap.get_urls() if url["location"] == story.full_url
    ]


def test_a_year_sitemap_costs_the_same_queries_for_3_and_30_stories(client, newsroom):
    published_at = years_ago(5)
    year = timezone.localtime(published_at).year

    def queries_for_year():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/sitemap-articles-{year}.xml").status_code == 200
        return len(queries)

    for _ in range(3):
        factories.ArticlePageFactory(parent=newsroom.section, published_at=published_at)
    with_three = queries_for_year()
    for _ in range(27):
        factories.ArticlePageFactory(parent=newsroom.section, published_at=published_at)
    with_thirty = queries_for_year()

    assert len(locations(client.get(f"/sitemap-articles-{year}.xml").content)) == 30
    assert with_three == with_thirty


def test_a_year_with_more_stories_than_a_sitemap_holds_is_paginated(client, newsroom,
                                                                    monkeypatch):
    monkeypatch.setattr("dateline.discovery.sitemaps.ARTICLES_PER_SITEMAP", 2)
    monkeypatch.setattr(ArticleYearSitemap, "limit", 2)
    published_at = years_ago(5)
    year = timezone.localtime(published_at).year
    for _ in range(3):
        factories.ArticlePageFactory(parent=newsroom.section, published_at=published_at)

    listed = locations(client.get("/sitemap.xml").content)

    assert f"http://localhost/sitemap-articles-{year}.xml?p=2" in listed
    first = locations(client.get(f"/sitemap-articles-{year}.xml").content)
    second = locations(client.get(f"/sitemap-articles-{year}.xml?p=2").content)
    assert len(first) == 2 and len(second) == 1
    assert client.get(f"/sitemap-articles-{year}.xml?p=3").status_code == 404


def test_the_pages_sitemap_lists_sections_topics_authors_and_plain_pages_not_articles(
    client, newsroom, archive
):
    listed = locations(client.get("/sitemap-pages.xml").content)

    for page in (newsroom.home, newsroom.section, newsroom.topic, newsroom.author,
                 newsroom.about):
        assert page.full_url in listed
    assert archive["recent"].full_url not in listed


def test_the_news_sitemap_holds_only_the_last_48_hours(client, archive):
    listed = locations(client.get("/sitemap-news.xml").content)

    assert listed == [archive["recent"].full_url]


def test_the_news_sitemap_names_the_publication_and_dates_the_story(client, archive):
    content = client.get("/sitemap-news.xml").content.decode()

    assert "<news:name>The Test Gazette</news:name>" in content
    assert "<news:language>en</news:language>" in content
    published = re.search(r"<news:publication_date>(.+?)</news:publication_date>", content)[1]
    assert re.search(r"T\d\d:\d\d:\d\d[+-]\d\d:\d\d$", published)
    assert datetime.datetime.fromisoformat(published) == (
        archive["recent"].published_at.replace(microsecond=0)
    )
    assert f"<news:title>{archive['recent'].title}</news:title>" in content


def test_the_news_sitemap_passes_the_news_checker(client, archive, tmp_path):
    checker = VALIDATORS / "tools" / "check_sitemap.py"
    if not checker.exists():
        pytest.skip(f"the sitemap checker is missing from {checker.parent}")
    path = tmp_path / "sitemap-news.xml"
    path.write_bytes(client.get("/sitemap-news.xml").content)

    result = subprocess.run([sys.executable, str(checker), str(SCHEMAS), str(path)],
                            capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stdout + result.stderr


def test_without_recent_stories_the_index_leaves_out_the_news_sitemap(client, newsroom):
    factories.ArticlePageFactory(parent=newsroom.section, archive=True)

    assert "http://localhost/sitemap-news.xml" not in locations(client.get("/sitemap.xml").content)
    assert client.get("/sitemap-news.xml").status_code == 404


def test_robots_txt_names_the_index_at_the_sites_public_address_whatever_the_host(
        client, newsroom, settings):
    settings.ALLOWED_HOSTS = ["news.example.org"]
    response = client.get("/robots.txt", HTTP_HOST="news.example.org",
                          HTTP_X_FORWARDED_PROTO="https")

    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/plain")
    # The default site's record says http://localhost: a request by another name gets that.
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Allow: /" in lines


def test_robots_txt_of_a_second_site_names_that_sites_own_index(client, newsroom, settings):
    settings.ALLOWED_HOSTS = ["testserver", "opinion.example.org"]
    Site.objects.create(hostname="opinion.example.org", port=443,
                        root_page=newsroom.other_section)

    lines = client.get("/robots.txt", HTTP_HOST="opinion.example.org").content.decode()

    assert "Sitemap: https://opinion.example.org/sitemap.xml" in lines.splitlines()

import datetime
import os
import shutil
import subprocess
from pathlib import Path

import extruct
import pytest
from wagtail_factories import ImageFactory

from django.utils import timezone

from dateline.news.models import ArticleCorrection
from tests.factories import ArticlePageFactory, SectionPageFactory, TopicPageFactory

pytestmark = pytest.mark.django_db

SHARED_VALIDATORS = Path(__file__).resolve().parents[3] / "shared" / "validators"
NODE_MODULES = Path(__file__).resolve().parents[1] / "validators" / "node_modules"
PUBLISHED = datetime.datetime(2025, 3, 9, 21, 30, tzinfo=datetime.UTC)
UPDATED = PUBLISHED + datetime.timedelta(hours=5)


def json_ld(html):
    return extruct.extract(html, syntaxes=["json-ld"])["json-ld"]


def of_type(items, kind):
    found = [item for item in items if item.get("@type") == kind]
    assert len(found) == 1, f"expected one {kind} in {items}"
    return found[0]


def meta_tags(html):
    """Every OpenGraph and Twitter <meta>, as (key, content) pairs in page order."""
    found = extruct.extract(html, syntaxes=["opengraph"], uniform=False)["opengraph"]
    pairs = [pair for item in found for pair in item["properties"]]
    twitter = [
        (chunk.split('"')[0], chunk.split('content="')[1].split('"')[0])
        for chunk in html.split('<meta name="twitter:')[1:]
    ]
    return pairs + [(f"twitter:{key}", value) for key, value in twitter]


def get(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def article(newsroom):
    newsroom.settings.x_url = "https://x.example.org/testgazette"
    newsroom.settings.mastodon_url = "https://mastodon.example.org/@testgazette"
    newsroom.settings.save()
    image = ImageFactory(title="Kura bridge", description="The new bridge over the Kura at dusk",
                         file__width=1600, file__height=900)
    transport = TopicPageFactory(parent=newsroom.topics, title="Transport", slug="transport")
    return ArticlePageFactory(
        parent=newsroom.section, title="Bridge over the Kura opens to traffic",
        standfirst="Two lanes and a footpath link the old town to the station.",
        lead_image=image, authors=[newsroom.author], topics=[newsroom.topic, transport],
        published_at=PUBLISHED, updated_at=UPDATED,
    )


def test_an_article_is_a_news_article_with_every_field_search_engines_read(client, newsroom,
                                                                            article):
    data = of_type(json_ld(get(client, article)), "NewsArticle")
    assert data["headline"] == "Bridge over the Kura opens to traffic"
    assert len(data["image"]) == 3
    assert all(url.startswith("http://localhost/media/images/") for url in data["image"])
    assert any("1200" in url for url in data["image"])
    # Europe/London is on GMT in March before the clocks change.
    assert data["datePublished"] == "2025-03-09T21:30:00+00:00"
    assert data["dateModified"] == "2025-03-10T02:30:00+00:00"
    assert data["author"] == [{"@type": "Person", "name": "Nino Kapanadze",
                               "url": newsroom.author.full_url}]
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "The Test Gazette"
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["url"].startswith("http://localhost/")
    assert data["mainEntityOfPage"]["@id"] == article.full_url
    assert data["articleSection"] == "Caucasus"
    assert data["keywords"] == ["Water", "Transport"]


def test_json_ld_dates_are_the_dates_the_page_shows(client, newsroom, article):
    html = get(client, article)
    data = of_type(json_ld(html), "NewsArticle")
    assert f'<time datetime="{data["datePublished"]}">' in html
    assert f'<time datetime="{data["dateModified"]}">' in html


def test_date_modified_follows_the_latest_published_correction(client, newsroom):
    article = ArticlePageFactory(parent=newsroom.section, published_at=PUBLISHED)
    unchanged = of_type(json_ld(get(client, article)), "NewsArticle")
    assert unchanged["dateModified"] == unchanged["datePublished"]

    for hours in (2, 7, 4):
        ArticleCorrection.objects.create(article=article, noted_at=PUBLISHED
                                         + datetime.timedelta(hours=hours), text="Fixed a name.")
    article.save_revision().publish()
    corrected = of_type(json_ld(get(client, article)), "NewsArticle")
    assert corrected["dateModified"] == "2025-03-10T04:30:00+00:00"


def test_dates_follow_the_site_time_zone(client, newsroom, article):
    newsroom.settings.time_zone = "Asia/Tbilisi"
    newsroom.settings.save()
    data = of_type(json_ld(get(client, article)), "NewsArticle")
    assert data["datePublished"] == "2025-03-10T01:30:00+04:00"


def test_an_unsigned_story_is_credited_to_the_newsroom(client, newsroom):
    article = ArticlePageFactory(parent=newsroom.section)
    data = of_type(json_ld(get(client, article)), "NewsArticle")
    assert data["author"] == [{"@type": "Organization", "name": "The Test Gazette",
                               "url": "http://localhost/"}]


def test_the_publisher_logo_is_the_site_logo_or_dateline_own(client, newsroom, article):
    fallback = of_type(json_ld(get(client, article)), "NewsArticle")["publisher"]["logo"]
    assert fallback == {"@type": "ImageObject", "width": 600, "height": 60,
                        "url": "http://localhost/static/dateline/img/publisher-logo.png"}
    assert (Path(__file__).resolve().parents[2] / "src/dateline/static/dateline/img"
            / "publisher-logo.png").exists()

    newsroom.settings.logo = ImageFactory(title="Gazette logo", file__width=400, file__height=120)
    newsroom.settings.save()
    logo = of_type(json_ld(get(client, article)), "NewsArticle")["publisher"]["logo"]
    assert logo["url"].startswith("http://localhost/media/images/")
    assert logo["height"] == 60


def test_breadcrumbs_for_machines_follow_the_visible_trail(client, newsroom):
    books = SectionPageFactory(parent=newsroom.section, title="Books", slug="books")
    article = ArticlePageFactory(parent=books, title="A novel about the river")
    trail = of_type(json_ld(get(client, article)), "BreadcrumbList")["itemListElement"]
    assert [(crumb["position"], crumb["name"]) for crumb in trail] == [
        (1, "The Test Gazette"), (2, "Caucasus"), (3, "Books"), (4, "A novel about the river"),
    ]
    assert [crumb["item"] for crumb in trail] == [
        "http://localhost/", newsroom.section.full_url, books.full_url, article.full_url,
    ]
    section_trail = of_type(json_ld(get(client, books)), "BreadcrumbList")["itemListElement"]
    assert [crumb["name"] for crumb in section_trail] == ["The Test Gazette", "Caucasus", "Books"]


def test_the_front_page_declares_the_website_search_and_the_organization(client, newsroom,
                                                                         article):
    items = json_ld(get(client, newsroom.home))
    website = of_type(items, "WebSite")
    assert website["url"] == "http://localhost/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://localhost/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    organization = of_type(items, "Organization")
    assert organization["name"] == "The Test Gazette"
    assert organization["url"] == "http://localhost/"
    assert organization["logo"]["url"].endswith("/publisher-logo.png")
    assert organization["sameAs"] == ["https://mastodon.example.org/@testgazette",
                                      "https://x.example.org/testgazette"]


def test_an_article_preview_carries_opengraph_and_a_large_twitter_card(client, newsroom,
                                                                       article):
    html = get(client, article)
    tags = meta_tags(html)
    values = dict(tags)
    assert values["og:type"] == "article"
    assert values["og:title"] == "Bridge over the Kura opens to traffic"
    assert values["og:description"] == (
        "Two lanes and a footpath link the old town to the station."
    )
    assert values["og:url"] == article.full_url
    assert values["og:image"].startswith("http://localhost/media/images/")
    assert (values["og:image:width"], values["og:image:height"]) == ("1200", "675")
    assert values["og:image:alt"] == "The new bridge over the Kura at dusk"
    assert values["og:site_name"] == "The Test Gazette"
    assert values["article:published_time"] == "2025-03-09T21:30:00+00:00"
    assert values["article:modified_time"] == "2025-03-10T02:30:00+00:00"
    assert values["article:section"] == "Caucasus"
    assert [value for key, value in tags if key == "article:tag"] == ["Water", "Transport"]
    assert values["twitter:card"] == "summary_large_image"
    assert values["twitter:title"] == "Bridge over the Kura opens to traffic"
    assert html.count('rel="canonical"') == 1


def test_pages_without_an_image_get_a_website_preview_and_a_small_card(client, newsroom):
    values = dict(meta_tags(get(client, newsroom.section)))
    assert values["og:type"] == "website"
    assert values["og:description"] == "Reporting from the region."
    assert "og:image" not in values
    assert values["twitter:card"] == "summary"


def test_a_headline_cannot_close_the_script_element(client, newsroom):
    headline = "Council votes </script><script>alert(1)</script> & adjourns"
    article = ArticlePageFactory(parent=newsroom.section, title=headline)
    html = get(client, article)
    assert "<script>alert(1)" not in html
    assert of_type(json_ld(html), "NewsArticle")["headline"] == headline


def test_archives_and_other_pages_wagtail_does_not_serve_carry_no_page_metadata(client,
                                                                               newsroom):
    html = client.get("/archive/2025/").content.decode()
    assert "application/ld+json" not in html
    assert "og:type" not in html


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js for the validator")
@pytest.mark.skipif(not (SHARED_VALIDATORS / "tools" / "sdv.mjs").exists(),
                    reason=f"needs the shared validators in {SHARED_VALIDATORS}")
@pytest.mark.skipif(
    not (NODE_MODULES / "@adobe" / "structured-data-validator").exists()
    or not (NODE_MODULES / "@marbec" / "web-auto-extractor").exists(),
    reason="needs `npm install --prefix tests/validators` (the structured-data validator)",
)
def test_article_home_and_section_pages_pass_the_schema_org_validator(client, newsroom,
                                                                     article, tmp_path):
    ArticleCorrection.objects.create(article=article, noted_at=timezone.now(), text="Fixed.")
    failures = {}
    for name, page in {"article": article, "home": newsroom.home,
                       "section": newsroom.section}.items():
        file = tmp_path / f"{name}.html"
        file.write_text(get(client, page))
        result = subprocess.run(
            ["node", str(SHARED_VALIDATORS / "tools" / "sdv.mjs"), str(file),
             str(SHARED_VALIDATORS / "schemas" / "schemaorg-12.0-all-https.jsonld")],
            env={**os.environ, "NODE_MODULES": str(NODE_MODULES)},
            capture_output=True, text=True, timeout=120, check=False,
        )
        assert "issues=" in result.stdout, result.stderr
        if result.returncode != 0 or "issues=0" not in result.stdout:
            failures[name] = result.stdout
    assert failures == {}

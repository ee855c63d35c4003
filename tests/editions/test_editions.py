"""The English and Persian editions of one site: each edition's pages, menus, feeds, sitemaps
and search, the language a Persian page renders in, its alternates and the edition switch."""

import html.parser
import urllib.parse

import defusedxml.ElementTree as ElementTree
import extruct
import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from wagtail.models import Page

from dateline.news.models import HomePage
from tests.discovery.test_sitemaps import SCHEMAS, xmllint

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class HeadReader(html.parser.HTMLParser):
    """The <html> attributes, the hreflang alternates and the edition switch's links."""

    def __init__(self):
        super().__init__()
        self.html = {}
        self.alternates = {}
        self.switch = []
        self.in_switch = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html = attrs
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        elif tag == "nav" and "edition-switch" in attrs.get("class", ""):
            self.in_switch = True
        elif tag == "a" and self.in_switch:
            self.switch.append(attrs)

    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_switch = False


def read(response):
    assert response.status_code == 200, response
    reader = HeadReader()
    reader.feed(response.content.decode())
    return reader


def full(page):
    return page.get_full_url()


def test_the_persian_edition_lives_under_fa_and_renders_in_persian(client, editions):
    assert editions.fa_home.url == "/fa/"
    assert editions.fa_story.url.startswith("/fa/")
    for url in ["/fa/", editions.fa_section.url, editions.fa_story.url]:
        response = client.get(url)
        page = read(response)
        assert page.html == {"lang": "fa", "dir": "rtl"}, url
        # LocaleMiddleware names the language that was active while the page rendered.
        assert response["Content-Language"] == "fa"
    english = client.get(editions.story.url)
    assert read(english).html == {"lang": "en", "dir": "ltr"}
    assert english["Content-Language"] == "en"


def test_the_active_language_follows_the_path_not_the_browser(client, editions):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fa")
    assert response["Content-Language"] == "en"
    assert read(response).html["lang"] == "en"
    assert client.get("/fa/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "fa"


def test_each_edition_has_its_own_front_page_and_menu(client, editions):
    persian = client.get("/fa/").content.decode()
    english = client.get("/").content.decode()
    assert "پل باز شد" in persian and "بازار کتاب تهران" in persian
    assert "The bridge opens" not in persian and "Only in English" not in persian
    assert "The bridge opens" in english and "پل باز شد" not in english
    assert f'href="{editions.fa_section.url}"' in persian
    assert f'href="{editions.section.url}"' not in persian


def test_a_translated_story_names_both_versions_and_the_english_as_default(client, editions):
    expected = {"en": full(editions.story), "fa": full(editions.fa_story),
                "x-default": full(editions.story)}
    assert read(client.get(editions.story.url)).alternates == expected
    assert read(client.get(editions.fa_story.url)).alternates == expected


def test_a_story_in_one_edition_names_itself_as_its_only_version(client, editions):
    alternates = read(client.get(editions.fa_only_story.url)).alternates
    assert alternates == {"fa": full(editions.fa_only_story),
                          "x-default": full(editions.fa_only_story)}


def test_pages_that_are_not_wagtail_pages_declare_their_own_address(client, editions):
    alternates = read(client.get("/fa/search/?q=test")).alternates
    assert alternates == {"fa": "http://localhost/fa/search/",
                          "x-default": "http://localhost/fa/search/"}


@pytest.mark.parametrize(("page", "target"), [
    ("story", "fa_story"),
    ("fa_story", "story"),
    ("fa_only_story", "home"),
    ("english_only_story", "fa_home"),
    ("fa_section", "section"),
])
def test_the_switch_goes_to_the_translation_else_to_the_other_front_page(client, editions,
                                                                          page, target):
    links = read(client.get(getattr(editions, page).url)).switch
    assert [link["href"] for link in links] == [getattr(editions, target).url]
    language = "en" if getattr(editions, page).locale.language_code == "fa" else "fa"
    assert links[0]["lang"] == links[0]["hreflang"] == language
    assert links[0]["dir"] == ("rtl" if language == "fa" else "ltr")


def test_views_that_are_not_pages_switch_to_the_other_front_page(client, editions):
    for url, other in [("/fa/search/?q=x", "/"), ("/search/?q=x", "/fa/"),
                       ("/fa/corrections/", "/")]:
        assert [link["href"] for link in read(client.get(url)).switch] == [other], url


def test_a_site_without_a_second_edition_offers_no_switch(client, newsroom):
    page = read(client.get("/"))
    assert page.switch == []
    assert page.alternates == {"en": "http://localhost/", "x-default": "http://localhost/"}


def test_feeds_name_their_language_and_carry_only_their_editions_stories(client, editions):
    persian = ElementTree.fromstring(client.get("/fa/feeds/rss/").content)
    assert persian.findtext("channel/language") == "fa"
    assert {item.findtext("link") for item in persian.iter("item")} == {
        full(editions.fa_story), full(editions.fa_only_story)}
    assert ElementTree.fromstring(client.get("/feeds/rss/").content).findtext(
        "channel/language") == "en"
    section_feed = client.get(editions.fa_section.url.replace("/fa/", "/fa/feeds/atom/", 1))
    assert section_feed.status_code == 200
    assert ElementTree.fromstring(section_feed.content).get(
        "{http://www.w3.org/XML/1998/namespace}lang") == "fa"


def test_a_persian_page_advertises_its_editions_feeds(client, editions):
    html = client.get(editions.fa_story.url).content.decode()
    quoted_section = editions.fa_section.url.removeprefix("/fa/")
    assert f'href="http://localhost/fa/feeds/rss/{quoted_section}"' in html
    assert 'href="http://localhost/fa/feeds/rss/"' in html


def json_ld(response):
    return extruct.extract(response.content.decode(), syntaxes=["json-ld"])["json-ld"]


def test_json_ld_names_the_language_of_stories_and_editions(client, editions):
    [article, _trail] = json_ld(client.get(editions.fa_story.url))
    assert article["@type"] == "NewsArticle" and article["inLanguage"] == "fa"
    [english, _trail] = json_ld(client.get(editions.story.url))
    assert english["inLanguage"] == "en"
    [website, _organization] = json_ld(client.get("/fa/"))
    assert website["inLanguage"] == "fa"
    assert website["url"] == "http://localhost/fa/"
    assert website["potentialAction"]["target"]["urlTemplate"] == (
        "http://localhost/fa/search/?q={search_term_string}")


def sitemap_entries(content):
    root = ElementTree.fromstring(content)
    return {
        url.findtext(f"{SITEMAP}loc"): {link.get("hreflang"): link.get("href")
                                        for link in url.iter(f"{XHTML}link")}
        for url in root.iter(f"{SITEMAP}url")
    }


# sitemaps.org's schema takes elements of other namespaces only when a schema declares them:
# this one declares xhtml:link as Google's sitemap alternates use it.
XHTML_LINK_SCHEMA = """<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"
            targetNamespace="http://www.w3.org/1999/xhtml" elementFormDefault="qualified">
  <xsd:element name="link">
    <xsd:complexType>
      <xsd:attribute name="rel" use="required" fixed="alternate"/>
      <xsd:attribute name="hreflang" use="required">
        <xsd:simpleType>
          <xsd:restriction base="xsd:string">
            <xsd:pattern value="x-default|[a-z]{2,3}(-[A-Za-z0-9]+)*"/>
          </xsd:restriction>
        </xsd:simpleType>
      </xsd:attribute>
      <xsd:attribute name="href" use="required" type="xsd:anyURI"/>
    </xsd:complexType>
  </xsd:element>
</xsd:schema>
"""
SITEMAP_WITH_ALTERNATES = """<?xml version="1.0" encoding="UTF-8"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" schemaLocation="{sitemap}"/>
  <xsd:import namespace="http://www.w3.org/1999/xhtml" schemaLocation="{xhtml}"/>
</xsd:schema>
"""


def sitemap_schema_with_alternates(folder):
    """sitemaps.org's schema with xhtml:link declared, written into ``folder``: its path."""
    schemas = folder / "schemas"
    schemas.mkdir(exist_ok=True)
    (schemas / "xhtml-link.xsd").write_text(XHTML_LINK_SCHEMA)
    (schemas / "sitemap.xsd").write_text(SITEMAP_WITH_ALTERNATES.format(
        sitemap=SCHEMAS / "sitemap.xsd", xhtml=schemas / "xhtml-link.xsd"))
    return schemas / "sitemap.xsd"


def validates_with_alternates(tmp_path, content):
    if not (SCHEMAS / "sitemap.xsd").exists():
        pytest.skip(f"the sitemap schemas are missing from {SCHEMAS}")
    result = xmllint(tmp_path, content, sitemap_schema_with_alternates(tmp_path))
    assert result.returncode == 0, result.stderr


def test_each_edition_has_its_own_sitemaps_with_alternates(client, editions, tmp_path):
    index = ElementTree.fromstring(client.get("/fa/sitemap.xml").content)
    listed = [location.text for location in index.iter(f"{SITEMAP}loc")]
    assert listed and all(location.startswith("http://localhost/fa/") for location in listed)
    year = timezone.localtime(editions.fa_story.published_at).year
    articles = client.get(f"/fa/sitemap-articles-{year}.xml")
    validates_with_alternates(tmp_path, articles.content)
    entries = sitemap_entries(articles.content)
    assert entries[full(editions.fa_story)] == {
        "en": full(editions.story), "fa": full(editions.fa_story),
        "x-default": full(editions.story)}
    # A story in one edition has no alternates; the English story is not in this sitemap.
    assert entries[full(editions.fa_only_story)] == {}
    assert full(editions.story) not in entries
    pages = client.get("/fa/sitemap-pages.xml")
    validates_with_alternates(tmp_path, pages.content)
    page_entries = sitemap_entries(pages.content)
    assert page_entries[full(editions.fa_section)]["en"] == full(editions.section)
    assert page_entries["http://localhost/fa/"]["x-default"] == "http://localhost/"
    # Every address is a URI: Persian slugs percent-encoded.
    for location, links in page_entries.items():
        for href in [location, *links.values()]:
            assert href == urllib.parse.quote(href, safe=":/%"), href


def test_search_finds_only_the_editions_own_stories(client, editions):
    persian = client.get("/fa/search/", {"q": "پل"}).content.decode()
    assert editions.fa_story.url in persian
    assert "۱ گزارش یافت شد" in persian  # counted in Persian digits
    assert "1 story found" in client.get("/search/", {"q": "bridge"}).content.decode()
    english = client.get("/search/", {"q": "پل"}).content.decode()
    assert editions.fa_story.url not in english
    assert editions.story.url not in client.get("/fa/search/", {"q": "bridge"}).content.decode()
    assert editions.story.url in client.get("/search/", {"q": "bridge"}).content.decode()


def test_a_persian_page_costs_the_queries_of_its_english_translation(client, editions):
    def queries(url):
        client.get(url)  # remembered values read once
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries(editions.fa_story.url) == queries(editions.story.url)
    assert queries(editions.fa_section.url) == queries(editions.section.url)
    assert queries("/fa/") == queries("/")


def test_the_persian_front_page_is_routed_without_asking_the_database(editions):
    with translation.override("fa"):
        home = HomePage.objects.get(pk=editions.home.pk)
        home.localized  # noqa: B018  (remembered by the first read)
        with CaptureQueriesContext(connection) as captured:
            assert home.localized.pk == editions.fa_home.pk
    assert len(captured) == 0


def test_each_edition_has_one_front_page_authors_and_topics_index(editions):
    root = Page.get_first_root_node()
    assert not HomePage.can_create_at(root)
    assert not type(editions.authors).can_create_at(editions.home)
    assert type(editions.authors).can_create_at(editions.fa_home)


def test_admin_text_fields_take_the_direction_of_their_text(admin_client, editions):
    response = admin_client.get(f"/admin/pages/{editions.fa_story.pk}/edit/")
    assert b"dateline/js/text-direction" in response.content


def test_robots_txt_names_each_editions_sitemap_index(client, editions):
    sitemaps = [line for line in client.get("/robots.txt").content.decode().splitlines()
                if line.startswith("Sitemap:")]
    assert sitemaps == ["Sitemap: http://localhost/sitemap.xml",
                        "Sitemap: http://localhost/fa/sitemap.xml"]

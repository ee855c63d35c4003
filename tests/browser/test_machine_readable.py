"""Every page type, feed and sitemap of the served demo site passes the machine validators:
the schema.org validator finds 0 issues in any page's structured data; every feed a page
announces parses cleanly with dated, unique, linked entries; every sitemap the robots.txt
leads to validates against the sitemaps.org schemas, and the news sitemap passes the news
checker."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from tests.browser.test_validators import NODE_MODULES, fetch, reader_pages
from tests.editions.test_editions import sitemap_schema_with_alternates

pytestmark = pytest.mark.browser

VALIDATORS = Path(__file__).resolve().parents[3] / "shared" / "validators"
SCHEMAS = VALIDATORS / "schemas"
FEED_LINK = re.compile(
    r'<link rel="alternate" type="application/(?:rss|atom)\+xml"[^>]*href="([^"]+)"'
)


@pytest.fixture(scope="module")
def pages(live_demo):
    return {name: fetch(live_demo + path) for name, path in reader_pages(live_demo).items()}


def require(path, why):
    if not path.exists():
        pytest.skip(f"{why}: {path} is missing")


def test_every_page_type_passes_the_schema_org_validator(pages, tmp_path):
    require(VALIDATORS / "tools" / "sdv.mjs", "needs the shared validators")
    require(NODE_MODULES / "@adobe" / "structured-data-validator",
            "needs `npm ci --prefix tests/validators`")
    if shutil.which("node") is None:
        pytest.skip("needs Node.js for the validator")
    failures = {}
    for name, html in pages.items():
        file = tmp_path / f"{name}.html"
        file.write_text(html)
        result = subprocess.run(
            ["node", str(VALIDATORS / "tools" / "sdv.mjs"), str(file),
             str(SCHEMAS / "schemaorg-12.0-all-https.jsonld")],
            env={**os.environ, "NODE_MODULES": str(NODE_MODULES)},
            capture_output=True, text=True, timeout=120, check=False,
        )
        if result.returncode != 0 or "issues=0" not in result.stdout:
            failures[name] = result.stdout + result.stderr
    assert failures == {}


def test_every_announced_feed_is_valid(live_demo, pages):
    feeds = sorted({url for html in pages.values() for url in FEED_LINK.findall(html)})
    for scope in ("/", "/iran-news/", "/authors/", "/topics/"):
        assert any(url.startswith(f"{live_demo}/feeds/{feed_format}{scope}")
                   for url in feeds for feed_format in ("rss", "atom")), scope
    failures = {}
    for url in feeds:
        feed = feedparser.parse(fetch(url))
        ids = [entry.get("id") for entry in feed.entries]
        problems = [
            *(["not well-formed: {}".format(feed.get("bozo_exception"))] if feed.bozo else []),
            *(["no entries"] if not feed.entries else []),
            *(["duplicate ids"] if len(set(ids)) != len(ids) else []),
            *(f"entry {entry.get('id')} lacks a date, title or link" for entry in feed.entries
              if not (entry.get("published_parsed") and entry.get("title") and entry.get("link"))),
        ]
        if problems:
            failures[url] = problems
    assert failures == {}


def xmllint(file, schema):
    return subprocess.run(
        ["xmllint", "--noout", "--nonet", "--schema", str(SCHEMAS / schema), str(file)],
        capture_output=True, text=True, check=False,
    )


def test_every_sitemap_from_robots_txt_is_valid(live_demo, tmp_path):
    if shutil.which("xmllint") is None:
        pytest.skip("xmllint is not installed (apt-get install libxml2-utils)")
    require(SCHEMAS / "sitemap.xsd", "needs the sitemap schemas")
    index_url = re.search(r"^Sitemap: (\S+)$", fetch(live_demo + "/robots.txt"), re.M).group(1)
    index = tmp_path / "index.xml"
    index.write_text(fetch(index_url))
    checked = xmllint(index, "siteindex.xsd")
    assert checked.returncode == 0, checked.stderr
    failures = {}
    listed = re.findall(r"<loc>([^<]+)</loc>", index.read_text())
    for number, url in enumerate(listed):
        sitemap = tmp_path / f"sitemap-{number}.xml"
        sitemap.write_text(fetch(url))
        if url.endswith("/sitemap-news.xml"):
            checked = subprocess.run(
                [sys.executable, str(VALIDATORS / "tools" / "check_sitemap.py"), str(SCHEMAS),
                 str(sitemap)], capture_output=True, text=True, check=False,
            )
        else:
            # The demo's stories in both editions name each other (xhtml:link alternates).
            checked = xmllint(sitemap, sitemap_schema_with_alternates(tmp_path))
        if checked.returncode != 0:
            failures[url] = checked.stdout + checked.stderr
    assert len(listed) >= 3  # pages, at least one year of articles, news
    assert failures == {}

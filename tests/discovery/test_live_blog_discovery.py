"""A live blog for machines: a LiveBlogPosting with its coverage times and each shown update,
valid against schema.org, and a feed carrying each update; withdrawn updates in neither."""

import datetime
import os
import subprocess

import feedparser
import pytest

from django.utils import timezone

from dateline.news.live_updates import paragraphs, post_update, withdraw_update
from dateline.news.models import LiveBlogPage
from tests import factories
from tests.discovery.test_structured_data import NODE_MODULES, SHARED_VALIDATORS, json_ld, of_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(newsroom):
    page = factories.LiveBlogPageFactory(parent=newsroom.section, title="Storm over the coast",
                                         slug="storm", authors=[newsroom.author])
    page.save_revision().publish()
    page = LiveBlogPage.objects.get(pk=page.pk)
    post_update(page, paragraphs("The ferry is held in port."), author=newsroom.author)
    post_update(page, paragraphs("An unconfirmed report of a collapsed pier."))
    post_update(page, paragraphs("Schools close at noon."))
    withdraw_update(page, 2)
    return page


def test_a_live_blog_is_a_live_blog_posting_with_its_shown_updates(client, blog, newsroom):
    data = of_type(json_ld(client.get("/caucasus/storm/").content.decode()), "LiveBlogPosting")
    assert data["headline"] == "Storm over the coast"
    assert "coverageStartTime" in data
    assert "coverageEndTime" not in data
    updates = data["liveBlogUpdate"]
    assert [update["articleBody"] for update in updates] == [
        "Schools close at noon.", "The ferry is held in port."]
    assert updates[0]["url"] == "http://localhost/caucasus/storm/#update-3"
    assert updates[1]["author"][0]["name"] == newsroom.author.title

    page = LiveBlogPage.objects.get(pk=blog.pk)
    page.coverage_ended_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save_revision().publish()
    html = client.get("/caucasus/storm/").content.decode()
    assert "Coverage has ended" in html
    assert "data-live" not in html
    assert "coverageEndTime" in of_type(json_ld(html), "LiveBlogPosting")


def test_the_live_blog_passes_the_schema_org_validator(client, blog, tmp_path):
    file = tmp_path / "live-blog.html"
    file.write_text(client.get("/caucasus/storm/").content.decode())
    result = subprocess.run(
        ["node", str(SHARED_VALIDATORS / "tools" / "sdv.mjs"), str(file),
         str(SHARED_VALIDATORS / "schemas" / "schemaorg-12.0-all-https.jsonld")],
        env={**os.environ, "NODE_MODULES": str(NODE_MODULES)},
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert "issues=0" in result.stdout, result.stdout + result.stderr


def test_the_live_blogs_feed_carries_each_shown_update(client, blog):
    for feed_format in ("rss", "atom"):
        feed = feedparser.parse(client.get(f"/feeds/{feed_format}/caucasus/storm/").content)
        assert [entry.link for entry in feed.entries] == [
            "http://localhost/caucasus/storm/#update-3", "http://localhost/caucasus/storm/#update-1"]
        assert feed.entries[0].title == "Schools close at noon."
    html = client.get("/caucasus/storm/").content.decode()
    assert "/feeds/rss/caucasus/storm/" in html

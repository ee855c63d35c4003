"""A listing's pages link to each other by the story they continue from, so a deep page is read
from the index; the pages they give are the pages the numbers give."""

import datetime
import re

import pytest

from django.utils import timezone

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

STORIES = 40  # three pages of fifteen


@pytest.fixture
def section(newsroom):
    now = timezone.now()
    # Two stories at each moment, so that pages must also be told apart by id.
    for number in range(STORIES):
        ArticlePageFactory(parent=newsroom.section, title=f"Story number {number:02d}",
                           published_at=now - datetime.timedelta(hours=1 + number // 2))
    return newsroom.section


def titles(response):
    assert response.status_code == 200
    return re.findall(r"Story number \d\d", response.content.decode())


def link(response, rel):
    found = re.search(rf'rel="{rel}" href="\?([^"]+)"', response.content.decode())
    return found[1].replace("&amp;", "&") if found else None


def test_older_stories_links_give_the_numbered_pages_and_every_story_once(client, section):
    numbered = [titles(client.get(section.url, {"page": number})) for number in (1, 2, 3)]
    followed, query = [], "page=1"
    while query:
        response = client.get(f"{section.url}?{query}")
        followed.append(titles(response))
        query = link(response, "next")
    assert followed == numbered
    assert "after=" in link(client.get(section.url, {"page": 2}), "next")
    stories = [title for page in followed for title in page]
    assert len(stories) == len(set(stories)) == STORIES


def test_newer_stories_links_lead_back_to_the_same_pages(client, section):
    last = client.get(f"{section.url}?{link(client.get(f'{section.url}?page=2'), 'next')}")
    second = client.get(f"{section.url}?{link(last, 'prev')}")
    assert "before=" in link(last, "prev")
    assert titles(second) == titles(client.get(section.url, {"page": 2}))
    assert "before=" not in link(second, "prev")


def test_a_position_that_does_not_parse_counts_from_the_start(client, section):
    expected = titles(client.get(section.url, {"page": 2}))
    for junk in ("junk", "1.2.3", "99999999999999999999999.1", "-5"):
        assert titles(client.get(section.url, {"page": 2, "after": junk})) == expected

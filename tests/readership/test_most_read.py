"""The Most read box: an edition's readable stories read most in the last 24 hours, on the
front page and every story, as an ordered list under a heading; and the mark by which the page
cache knows a story's own page."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from dateline.readership import most_read
from dateline.readership.tally import write_rows
from tests import factories

pytestmark = pytest.mark.django_db


def read(story, reads, hours_ago=0):
    hour = (timezone.now() - datetime.timedelta(hours=hours_ago)).replace(
        minute=0, second=0, microsecond=0)
    write_rows([(story.pk, hour, reads)])


def box_titles(response):
    box = BeautifulSoup(response.content, "html.parser").find("section", class_="most-read")
    if box is None:
        return None
    assert box.h2.get_text(strip=True) == "Most read"
    assert box.find("ol")["class"] == ["most-read__list"]
    return [item.get_text(strip=True) for item in box.ol.find_all("li")]


def test_only_the_reads_of_the_last_24_hours_count(newsroom):
    old = factories.ArticlePageFactory(parent=newsroom.section, title="Old news")
    recent = factories.ArticlePageFactory(parent=newsroom.section, title="Recent news")
    read(old, 500, hours_ago=25)
    read(old, 2, hours_ago=1)
    read(recent, 3, hours_ago=23)
    read(recent, 1)
    assert [(story.title, reads) for story, reads in most_read.most_read(newsroom.home)] == [
        ("Recent news", 4), ("Old news", 2)]


def test_the_box_lists_readable_stories_most_read_first_on_the_front_page_and_stories(
        newsroom, client):
    stories = [factories.ArticlePageFactory(parent=newsroom.section, title=f"Story {number}")
               for number in range(7)]
    for number, story in enumerate(stories):
        read(story, 10 + number)
    embargoed = factories.ArticlePageFactory(parent=newsroom.section, title="Embargoed",
                                             published_at=timezone.now()
                                             + datetime.timedelta(hours=5))
    read(embargoed, 1000)
    expected = ["Story 6", "Story 5", "Story 4", "Story 3", "Story 2"]
    assert box_titles(client.get("/")) == expected
    assert box_titles(client.get(stories[0].url)) == expected


def test_no_box_when_nothing_was_read(newsroom, client):
    factories.ArticlePageFactory(parent=newsroom.section)
    assert box_titles(client.get("/")) is None


def test_with_counting_off_there_is_no_box(newsroom, client, settings):
    settings.MOST_READ_ENABLED = False
    read(factories.ArticlePageFactory(parent=newsroom.section), 5)
    assert box_titles(client.get("/")) is None


def test_a_storys_page_is_marked_for_the_count_and_a_live_blogs_updates_are_not(
        newsroom, client):
    story = factories.ArticlePageFactory(parent=newsroom.section)
    live_blog = factories.LiveBlogPageFactory(parent=newsroom.section)
    assert client.get(story.url)["X-Dateline-Story"] == str(story.pk)
    assert client.get(live_blog.url)["X-Dateline-Story"] == str(live_blog.pk)
    updates = client.get(live_blog.url + "updates/")
    assert updates.status_code == 200
    assert "X-Dateline-Story" not in updates
    assert "X-Dateline-Story" not in client.get("/")
    assert "X-Dateline-Story" not in client.get(newsroom.section.url)


def test_a_story_in_the_box_is_on_every_page_and_one_outside_it_is_not(newsroom):
    shown = factories.ArticlePageFactory(parent=newsroom.section)
    unread = factories.ArticlePageFactory(parent=newsroom.section)
    read(shown, 3)
    assert most_read.box_appearance(shown).everywhere
    assert not most_read.box_appearance(unread).everywhere

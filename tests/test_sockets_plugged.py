"""In this project each app plugs into news' sockets where it shows a story, once however
often Django makes it ready."""

import datetime

import pytest

from django.apps import apps
from django.utils import timezone

from dateline.almanac import appearances as almanac
from dateline.news import sockets
from tests import factories

ROOT = "http://localhost"


def test_an_app_made_ready_again_plugs_nothing_twice():
    before = {socket.name: socket.plugs for socket in (sockets.story_appearances, sockets.clock)}
    apps.get_app_config("news").ready()
    apps.get_app_config("almanac").ready()
    assert {socket.name: socket.plugs
            for socket in (sockets.story_appearances, sockets.clock)} == before


@pytest.mark.django_db
def test_every_app_plugs_where_a_published_story_appears(newsroom):
    published_at = datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.UTC)
    story = factories.ArticlePageFactory(parent=newsroom.section, slug="ferry",
                                         published_at=published_at, topics=[newsroom.topic])
    appearance = sockets.where_story_appears(story)
    assert {f"{ROOT}/caucasus/ferry/",  # news
            f"{ROOT}/feeds/atom/caucasus/", f"{ROOT}/archive/2025/3/14/",  # discovery
            f"{ROOT}/on-this-day/3/14/"} <= appearance.urls  # the almanac
    assert {f"story-{story.pk}", f"page-{newsroom.topic.pk}", f"feed-{newsroom.section.pk}",
            "archive-2025-03-14", "sitemaps", "search", "almanac-03-14"} <= appearance.keys
    assert not appearance.everywhere


@pytest.mark.django_db
def test_a_29_february_story_is_in_the_box_of_28_february_in_a_common_year(
        newsroom, monkeypatch):
    story = factories.ArticlePageFactory(
        parent=newsroom.section,
        published_at=datetime.datetime(2024, 2, 29, 12, 0, tzinfo=datetime.UTC))
    monkeypatch.setattr(timezone, "now",
                        lambda: datetime.datetime(2027, 2, 28, 9, 0, tzinfo=datetime.UTC))
    appearance = almanac.story_days_pages(story)
    assert {f"{ROOT}/on-this-day/2/29/", f"{ROOT}/on-this-day/2/28/"} <= appearance.urls
    assert appearance.everywhere
    monkeypatch.setattr(timezone, "now",
                        lambda: datetime.datetime(2027, 6, 1, 9, 0, tzinfo=datetime.UTC))
    assert not almanac.story_days_pages(story).everywhere

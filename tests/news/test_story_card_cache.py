"""Story cards are kept rendered under a key made of everything they print, so a card is never
shown stale: a new headline, byline name, time zone or language makes a new card."""

import datetime

import pytest

from django.core.cache import caches
from django.utils import timezone, translation

from tests import factories


def kept_cards():
    return [key for key in caches["fragments"]._cache if ":dateline:card:" in key]


@pytest.fixture
def front(newsroom):
    story = factories.ArticlePageFactory(parent=newsroom.section, title="Ferry resumes")
    story.article_authors.create(author=newsroom.author, sort_order=0)
    story.save()
    return story


def test_a_card_is_kept_and_served_again_unchanged(client, front):
    first = client.get("/").content

    assert kept_cards()
    assert client.get("/").content == first


def test_a_new_headline_shows_at_once(client, front, django_capture_on_commit_callbacks):
    client.get("/")
    front.title = "Ferry resumes after storm"
    with django_capture_on_commit_callbacks(execute=True):
        front.save_revision().publish()

    assert "Ferry resumes after storm" in client.get("/").content.decode()


def test_an_authors_new_name_shows_on_the_card(client, front, newsroom,
                                                django_capture_on_commit_callbacks):
    assert "Nino Kapanadze" in client.get("/caucasus/").content.decode()
    newsroom.author.title = "Nino Kapanadze-Beridze"
    with django_capture_on_commit_callbacks(execute=True):
        newsroom.author.save_revision().publish()

    assert "Nino Kapanadze-Beridze" in client.get("/caucasus/").content.decode()


def test_a_sections_new_name_shows_in_the_kicker(client, front, newsroom,
                                                 django_capture_on_commit_callbacks):
    client.get("/")
    newsroom.section.title = "South Caucasus"
    with django_capture_on_commit_callbacks(execute=True):
        newsroom.section.save_revision().publish()

    assert 'story__kicker">South Caucasus<' in client.get("/").content.decode()


def test_a_new_time_zone_dates_the_card_in_it(client, newsroom):
    yesterday = timezone.now() - datetime.timedelta(days=1)
    story = factories.ArticlePageFactory(parent=newsroom.section,
                                         published_at=yesterday.replace(hour=23, minute=30))
    client.get("/caucasus/")
    newsroom.settings.time_zone = "Asia/Tokyo"
    newsroom.settings.save()

    listed = client.get("/caucasus/").content.decode()

    tokyo_day = story.published_at.astimezone(newsroom.settings.zone()).isoformat()[:10]
    assert f'datetime="{tokyo_day}' in listed


def test_each_language_keeps_its_own_card(rf, front, newsroom):
    from django.template.loader import render_to_string

    request = rf.get("/", HTTP_HOST="localhost")
    front.section_title = newsroom.section.title
    context = {"article": front, "variant": "list", "level": 2, "show_section": True,
               "request": request}
    with translation.override("en"):
        english = render_to_string("components/story_card.html", context)
    with translation.override("fa"):
        persian = render_to_string("components/story_card.html", context)

    assert len(kept_cards()) == 2
    assert english != persian

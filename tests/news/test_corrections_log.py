"""The public corrections log lists every note on a published story, newest first."""

import datetime

import pytest

from django.utils import timezone

from dateline.news.models import ArticleCorrection
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def note(article, text, hours_ago, kind=ArticleCorrection.Kind.CORRECTION):
    return ArticleCorrection.objects.create(
        article=article, kind=kind, text=text,
        noted_at=timezone.now() - datetime.timedelta(hours=hours_ago),
    )


def test_every_note_is_listed_newest_first_with_its_kind_and_story(client, newsroom):
    bridge = ArticlePageFactory(parent=newsroom.section, title="Bridge vote delayed")
    market = ArticlePageFactory(parent=newsroom.other_section, title="Market reopens")
    note(bridge, "An earlier version misspelt the engineer's name.", hours_ago=30)
    note(market, "The market opens at 7am, not 8am.", hours_ago=2,
         kind=ArticleCorrection.Kind.CLARIFICATION)
    note(bridge, "The council has now set a date for the vote.", hours_ago=1,
         kind=ArticleCorrection.Kind.UPDATE)

    html = client.get("/corrections/").content.decode()

    order = [html.index(text) for text in ("set a date", "7am, not 8am", "misspelt")]
    assert order == sorted(order)
    assert "Clarification" in html and "Update" in html
    assert f'href="{bridge.url}"' in html and "Market reopens" in html


def test_notes_on_drafts_and_embargoed_stories_stay_private(client, newsroom):
    draft = ArticlePageFactory(parent=newsroom.section, draft=True)
    embargoed = ArticlePageFactory(parent=newsroom.section, embargoed=True)
    note(draft, "A note on a draft.", hours_ago=1)
    note(embargoed, "A note on an embargoed story.", hours_ago=1)

    html = client.get("/corrections/").content.decode()

    assert "A note on a draft." not in html
    assert "A note on an embargoed story." not in html
    assert "No story has needed a correction" in html


def test_the_log_is_paginated_and_a_page_past_the_end_is_not_found(client, newsroom):
    article = ArticlePageFactory(parent=newsroom.section)
    for number in range(31):
        note(article, f"Note number {number}.", hours_ago=number + 1)

    assert "Note number 30." in client.get("/corrections/?page=2").content.decode()
    assert client.get("/corrections/?page=3").status_code == 404
    assert client.get("/corrections/?page=abc").status_code == 200


def test_every_page_links_to_the_corrections_log(client, newsroom):
    assert 'href="/corrections/"' in client.get(newsroom.home.url).content.decode()

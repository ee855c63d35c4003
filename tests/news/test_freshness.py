"""When pages next change by the clock: at midnight, and when a live story's date or a
correction's time arrives (the story joins its listings, the note its corrections log)."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dateline.news import freshness, sockets
from dateline.news.models import ArticleCorrection
from tests import factories

pytestmark = pytest.mark.django_db


def test_pages_change_when_a_live_storys_date_arrives(newsroom):
    now = timezone.now()
    embargoed = factories.ArticlePageFactory(parent=newsroom.section, embargoed=True)
    factories.ArticlePageFactory(parent=newsroom.section, draft=True,
                                 published_at=now + datetime.timedelta(minutes=5))
    assert sockets.next_change_by_clock(now) == min(embargoed.published_at,
                                                    freshness.next_midnight(now))
    assert freshness.next_story_moment(now) == embargoed.published_at


def test_pages_change_when_a_corrections_time_arrives(newsroom):
    now = timezone.now()
    story = factories.ArticlePageFactory(parent=newsroom.section)
    noted_at = now + datetime.timedelta(minutes=20)
    ArticleCorrection.objects.create(article=story, noted_at=noted_at,
                                     text="The ferry sails at noon.")
    ArticleCorrection.objects.create(article=story, noted_at=now - datetime.timedelta(hours=1),
                                     text="Its name is the Caspian Star.")
    assert freshness.next_story_moment(now) == noted_at


def test_with_nothing_ahead_only_midnight_changes_pages_in_two_queries_at_most(newsroom):
    factories.ArticlePageFactory(parent=newsroom.section)
    now = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        assert freshness.next_story_moment(now) is None
    assert len(queries) <= 2

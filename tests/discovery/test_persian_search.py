"""Persian search finds what readers type: the labelled queries of persian_queries.py, every
one found by reader search and by the admin's, on the engine of the database in use (the suite
runs on SQLite, and on PostgreSQL with DATABASE_URL)."""

import pytest

from dateline.discovery.search import get_search_backend
from dateline.news.models import ArticlePage
from tests import factories
from tests.discovery.persian_queries import PRECISION, QUERIES, STORIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def persian_stories(newsroom):
    """The labelled stories, published as editors publish them: {key: article id}."""
    ids = {}
    for key, (headline, standfirst, body) in STORIES.items():
        article = factories.ArticlePageFactory(
            parent=newsroom.section, slug=key, title=headline, standfirst=standfirst,
            body=[("paragraph", f"<p>{body}</p>")])
        article.save_revision().publish()
        ids[key] = article.pk
    return ids


def found(query):
    return {hit.article_id for hit in get_search_backend().search(query)[:50]}


def test_every_labelled_persian_query_finds_its_story_and_none_it_only_seems_to_name(
        persian_stories):
    assert len(QUERIES) >= 100
    missed = [(query, key, kind) for query, key, kind in QUERIES
              if persian_stories[key] not in found(query)]
    assert missed == []
    wrongly_found = [(query, key) for query, key in PRECISION
                     if persian_stories[key] in found(query)]
    assert wrongly_found == []


def admin_found(query):
    return {page.pk for page in ArticlePage.objects.search(query)}


def test_the_admin_search_finds_every_labelled_persian_query_too(persian_stories):
    missed = [(query, key) for query, key, _kind in QUERIES
              if persian_stories[key] not in admin_found(query)]
    assert missed == []
    wrongly_found = [(query, key) for query, key in PRECISION
                     if persian_stories[key] in admin_found(query)]
    assert wrongly_found == []


def test_a_snippet_marks_the_story_s_own_spelling_of_the_words_a_query_names(persian_stories):
    # Typed on an Arabic keyboard, the story keeps its own kaf; the query had the Persian one.
    hit, = get_search_backend().search("کرمان تعطیل")[:1]
    assert hit.article_id == persian_stories["schools"]
    assert "<mark>\u0643\u0631\u0645\u0627\u0646</mark>" in hit.snippet
    # A word written with a ZWNJ is marked whole, in Persian digits where the story has them.
    hit, = get_search_backend().search("سه شنبه 1200")[:1]
    assert hit.article_id == persian_stories["ferry"]
    assert "<mark>سه\u200cشنبه</mark>" in hit.snippet
    assert "<mark>۱۲۰۰</mark>" in hit.snippet

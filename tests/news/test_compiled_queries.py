"""The query that loads a page to be served is compiled once per process and run with each
page's key: every run gives what Django's own queryset gives, restrictions as they are now."""

import pytest

from wagtail.models import PageViewRestriction

from dateline.news.models import ArticlePage
from dateline.news.models.compiled import CompiledOnce
from dateline.news.models.querysets import view_restricted
from dateline.news.models.routing import serving_query
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

LOADED_WITH = ["joined_byline_ids", "joined_topic_ids", "joined_pick_ids", "has_corrections",
               "restricted_on_path", "title", "url_path", "published_at", "lead_image_id"]


def as_django_loads(pk):
    return (ArticlePage.serving_queryset().filter(pk=pk)
            .annotate(restricted_on_path=view_restricted()).first())


def test_each_run_loads_its_own_story_as_djangos_queryset_does(newsroom,
                                                               django_assert_num_queries):
    first = ArticlePageFactory(parent=newsroom.section, authors=[newsroom.author],
                               topics=[newsroom.topic])
    second = ArticlePageFactory(parent=newsroom.other_section)
    query = CompiledOnce(serving_query(ArticlePage).build)
    for story in (first, second, first):
        with django_assert_num_queries(1):
            [loaded] = query.run(story.pk)
        expected = as_django_loads(story.pk)
        assert type(loaded) is ArticlePage
        assert [getattr(loaded, name) for name in LOADED_WITH] == \
            [getattr(expected, name) for name in LOADED_WITH]
    with django_assert_num_queries(0):
        assert loaded.locale.language_code  # loaded with the story


def test_a_restriction_made_after_compiling_is_seen_at_once(newsroom):
    story = ArticlePageFactory(parent=newsroom.section)
    query = CompiledOnce(serving_query(ArticlePage).build)
    assert query.run(story.pk)[0].restricted_on_path is False
    PageViewRestriction.objects.create(page=newsroom.section,
                                       restriction_type=PageViewRestriction.LOGIN)
    assert query.run(story.pk)[0].restricted_on_path is True


def test_a_key_with_no_page_loads_nothing(newsroom):
    assert CompiledOnce(serving_query(ArticlePage).build).run(10**9) == []

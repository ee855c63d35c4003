import datetime
import zoneinfo

import pytest

from django.utils import timezone

from wagtail.models import PageViewRestriction, Site

from dateline.news.models import ArticlePage
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def test_published_means_live_and_due(newsroom):
    due = ArticlePageFactory(parent=newsroom.section)
    ArticlePageFactory(parent=newsroom.section, draft=True)
    ArticlePageFactory(parent=newsroom.section, embargoed=True)
    assert list(ArticlePage.objects.published()) == [due]


def test_in_section_includes_subsections_only(newsroom):
    mine = ArticlePageFactory(parent=newsroom.section)
    ArticlePageFactory(parent=newsroom.other_section)
    assert list(ArticlePage.objects.published().in_section(newsroom.section)) == [mine]


def test_newest_first_orders_by_publication_time(newsroom):
    old = ArticlePageFactory(parent=newsroom.section, archive=True)
    new = ArticlePageFactory(parent=newsroom.section, breaking=True)
    assert list(ArticlePage.objects.published().newest_first()) == [new, old]


def test_on_day_uses_the_current_time_zone(newsroom):
    # 23:30 UTC on 9 December is 10 December in Tehran.
    story = ArticlePageFactory(
        parent=newsroom.section,
        published_at=datetime.datetime(2024, 12, 9, 23, 30, tzinfo=UTC),
    )
    def on_day(month, day):
        return [found for year in ArticlePage.objects.on_day_by_year(month, day)
                for found in year]

    with timezone.override(zoneinfo.ZoneInfo("Asia/Tehran")):
        assert on_day(12, 10) == [story]
        assert on_day(12, 9) == []
    with timezone.override(UTC):
        assert on_day(12, 9) == [story]


def test_for_listing_fetches_bylines_in_a_fixed_number_of_queries(
    newsroom, django_assert_max_num_queries
):
    for _ in range(5):
        ArticlePageFactory(parent=newsroom.section, authors=[newsroom.author])
    # Where each site's editions begin, which Wagtail reads once for every page URL it builds
    # and then keeps in the cache: no part of what a listing costs.
    Site.get_site_root_paths()
    with django_assert_max_num_queries(3):
        for article in ArticlePage.objects.published().for_listing():
            assert [author.title for author in article.byline_links(None)] == [
                newsroom.author.title]


def test_readable_leaves_out_stories_under_any_view_restriction(newsroom):
    readable = ArticlePageFactory(parent=newsroom.section)
    for restriction_type in (PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN,
                             PageViewRestriction.GROUPS):
        PageViewRestriction.objects.create(page=ArticlePageFactory(parent=newsroom.section),
                                           restriction_type=restriction_type, password="pw")
    PageViewRestriction.objects.create(page=newsroom.other_section,
                                       restriction_type=PageViewRestriction.LOGIN)
    ArticlePageFactory(parent=newsroom.other_section)
    ArticlePageFactory(parent=newsroom.section, embargoed=True)
    ArticlePageFactory(parent=newsroom.section, draft=True)
    assert list(ArticlePage.objects.readable()) == [readable]


def test_a_listing_built_before_a_story_was_made_private_leaves_it_out(newsroom):
    story = ArticlePageFactory(parent=newsroom.section)
    assert list(ArticlePage.objects.for_listing().readable()) == [story]
    # As from another process: no signal tells this one.
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=story, restriction_type=PageViewRestriction.LOGIN)])
    assert list(ArticlePage.objects.for_listing().readable()) == []
    assert list(newsroom.section.articles()) == []

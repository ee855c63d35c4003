"""A section's page explorer lists its stories with their publication time and byline.

Wagtail's explorer lists every page by title, last update, type and status; a desk browsing a
section asks when each story went out and who wrote it. Wagtail lets a page type bring its own
explorer listing for the parents it lives under (``PageViewSet.parent_models``): articles (and
live blogs, which are articles) bring this one to sections. It lists every child page, as
Wagtail's does, so that sub-sections stay in view.
"""

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import ExplorableIndexView, GenericPageFilterSet
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from dateline.news.models import ArticlePage, SectionPage
from dateline.newsroom.story_listing import PublishedAtColumn, byline


class SectionExplorerView(ExplorableIndexView):
    def get_table(self, object_list):
        # Wagtail lists specific pages; the stories' authors are read in one go, not a row at a
        # time, and once, though Wagtail builds the table more than once.
        rows = list(object_list)
        stories = [row for row in rows if isinstance(row, ArticlePage)
                   and not hasattr(row, "story_byline")]
        prefetch_related_objects(stories, "article_authors__author")
        for story in stories:
            story.story_byline = byline(story)
        return super().get_table(rows)


class ArticleViewSet(PageViewSet):
    model = ArticlePage
    index_view_class = SectionExplorerView
    parent_models = [SectionPage]
    filterset_class = GenericPageFilterSet
    # Wagtail's columns, with the publication time and byline after the title.
    columns = [
        *ExplorableIndexView.base_columns[:2],  # the bulk-action tick and the title
        # A sub-section has neither.
        PublishedAtColumn("published_at", label=_("Published"), width="14%",
                          accessor=lambda page: getattr(page, "published_at", None)),
        Column("byline", label=_("Byline"), width="14%",
               accessor=lambda page: getattr(page, "story_byline", "")),
        *ExplorableIndexView.base_columns[2:],
    ]

    def get_index_view_kwargs(self, **kwargs):
        # Every child of the section, sub-sections included, not the articles alone.
        return super().get_index_view_kwargs(model=Page, **kwargs)

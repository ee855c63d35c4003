"""The "Stories" listing in the admin: every article with its publication time and byline.

Wagtail's page explorer lists a section's pages by title, last update and status, the same for
every kind of page; a desk asks when a story went out and who wrote it. This is Wagtail's own
per-page-type listing (``PageListingViewSet``) for articles, with those columns, newest first,
sortable by publication time and filterable by section and publication date. The explorer of a
section links to it.
"""

import django_filters

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTitleColumn, ParentPageColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import Button

from dateline.news.models import ArticlePage, SectionPage


class PublishedAtColumn(Column):
    """The publication time as readers see it, not "3 hours ago"."""

    cell_template_name = "newsroom/story_listing/published_at_cell.html"


def byline(story):
    return ", ".join(author.author.title for author in story.article_authors.all())


class StoryFilterSet(PageFilterSet):
    section = django_filters.ModelChoiceFilter(
        label=_("Section"), queryset=SectionPage.objects.order_by("path"),
        method="in_section", empty_label=_("All sections"),
    )
    published_at = django_filters.DateFromToRangeFilter(
        label=_("Publication date"), widget=DateRangePickerWidget,
    )

    class Meta:
        model = ArticlePage
        fields = []

    def in_section(self, queryset, name, section):
        return queryset.descendant_of(section)


class StoryIndexView(IndexView):
    page_title = _("Stories")
    default_ordering = "-published_at"

    def annotate_queryset(self, pages):
        # The byline column reads every story's authors: one query for the page, not one a row.
        return super().annotate_queryset(pages).prefetch_related("article_authors__author")


class StoryListingViewSet(PageListingViewSet):
    model = ArticlePage
    index_view_class = StoryIndexView
    filterset_class = StoryFilterSet
    icon = "doc-full-inverse"
    menu_label = _("Stories")
    menu_order = 150
    add_to_admin_menu = True
    name = "stories"
    columns = [
        PageTitleColumn("title", label=_("Headline"), sort_key="title", classname="title"),
        ParentPageColumn("parent", label=_("Section")),
        PublishedAtColumn("published_at", label=_("Published"), sort_key="published_at",
                          width="18%"),
        Column("byline", label=_("Byline"), accessor=byline, width="18%"),
        PageStatusColumn("status", label=_("Status"), sort_key="live", width="12%"),
    ]


def link_from_section_explorer(page, user, view_name, next_url=None):
    """The ``register_page_header_buttons`` hook: a section's explorer links to its stories with
    their times and bylines."""
    if page.specific_class is not None and issubclass(page.specific_class, SectionPage):
        url = reverse("stories:index") + f"?section={page.pk}"
        yield Button(_("Stories with times and bylines"), url, icon_name="doc-full-inverse",
                     priority=5)

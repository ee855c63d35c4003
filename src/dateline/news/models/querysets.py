"""The editorial vocabulary: what "published", "in a section" and "on this day" mean, once."""

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone

from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

# A page's parent has the page's tree path minus its last step (Page.steplen characters).
parent_titles = Page.objects.filter(
    path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
).values("title")[:1]


class ArticlePageQuerySet(PageQuerySet):
    def published(self):
        """Live articles whose publication time has come."""
        return self.live().filter(published_at__lte=timezone.now())

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def in_section(self, section):
        """Articles filed in the section or any of its subsections."""
        return self.descendant_of(section)

    def by_author(self, author):
        return self.filter(article_authors__author=author).distinct()

    def with_topic(self, topic):
        return self.filter(topics=topic)

    def on_day(self, month, day, *, include_leap_day=False):
        """Articles published on this calendar day, any year, in the current time zone.

        ``include_leap_day`` adds 29 February to 28 February, for years without a 29th.
        """
        condition = Q(published_at__month=month, published_at__day=day)
        if include_leap_day and (month, day) == (2, 28):
            condition |= Q(published_at__month=2, published_at__day=29)
        return self.filter(condition)

    def published_between(self, start, end=None):
        """Articles published from ``start`` up to, not including, ``end`` (open-ended if None)."""
        articles = self.filter(published_at__gte=start)
        return articles if end is None else articles.filter(published_at__lt=end)

    def before_year(self, year):
        return self.filter(published_at__year__lt=year)

    def for_listing(self):
        """What a story card needs (image, bylines, section name) in a fixed number of
        queries, however many cards there are."""
        return (
            self.select_related("lead_image")
            .prefetch_related("article_authors__author")
            .annotate(section_title=Subquery(parent_titles))
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)

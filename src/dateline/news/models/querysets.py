"""The editorial vocabulary: what "published", "in a section" and "on this day" mean, once."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import Aggregate, CharField, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat, Length, Substr
from django.utils import timezone

from wagtail.models import Page, PageManager, PageViewRestriction, get_page_models
from wagtail.query import PageQuerySet

from dateline.news import calendars, edition, sockets, translations

# A page's parent has the page's tree path minus its last step (Page.steplen characters).
parent_titles = Page.objects.filter(
    path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
).values("title")[:1]


class Joined(Aggregate):
    """The values as one comma-separated string, in no particular order."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG",
                           template="%(function)s(%(expressions)s, ',')", **extra_context)


def joined_ids(model, article_field, column, order=None):
    """A subquery giving the ``column`` ids of the article's rows in ``model`` as "order:id,…",
    so that a page or a story card carries its bylines or topics without a query of its own."""
    text = CharField()
    value = Cast(column, text) if order is None else Concat(order, Value(":"), column,
                                                            output_field=text)
    rows = model.objects.filter(**{article_field: OuterRef("pk")}).order_by()
    return Subquery(rows.values(article_field).annotate(ids=Joined(value)).values("ids"))


def parse_joined_ids(value):
    """The ids from ``joined_ids``, in order; a row without an order (a null sort_order) sorts
    as 0, and rows of equal order keep the database's order."""
    pairs = []
    for item in (value or "").split(","):
        if item:
            order, _, page_id = item.rpartition(":")
            pairs.append((int(order) if order else 0, int(page_id)))
    return [page_id for _order, page_id in sorted(pairs, key=lambda pair: pair[0])]


def newest_ids_of_each(querysets, count):
    """The ids of the ``count`` newest stories of each queryset, newest first, as one list per
    queryset, in one query: a UNION ALL of each queryset's own ``LIMIT``, each read from the
    ``published_at`` index. (Asked as ``pk IN (…) OR pk IN (…)``, SQLite reads every story;
    it takes a LIMIT inside a UNION only in a subquery, so each part is one.)"""
    parts, params = [], []
    for number, queryset in enumerate(querysets):
        rows = queryset.newest_first().values_list("published_at", "pk")[:count]
        sql, part_params = rows.query.sql_with_params()
        # sql is Django's own compiled query, its values kept apart in part_params.
        parts.append(f"SELECT {number} AS part, * FROM ({sql}) AS part_{number}")  # nosec B608
        params += part_params
    newest = [[] for _ in querysets]
    if parts:
        with connections[querysets[0].db].cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for part, published_at, pk in cursor.fetchall():
                newest[part].append((published_at, pk))
    # Sorted again rather than trusting a UNION to keep each part's order; the times are the
    # database's own values (text on SQLite), which sort as the times do.
    return [[pk for _time, pk in sorted(rows, reverse=True)] for rows in newest]


def view_restricted(path="path"):
    """Whether a view restriction (password, login or groups) covers the page whose tree path
    the outer query's ``path`` is: its own, or one on any page above it.

    A condition inside the query, so each query reads the restrictions as they are now, at no
    query of its own: a site has a handful of restrictions, each on a page whose tree path
    begins the page's. (Wagtail's ``public()`` reads them in a query of its own when the
    queryset is built, so a queryset built once per process would keep the old ones.)"""
    return Exists(restrictions_covering(OuterRef(path)))


def restrictions_covering(path):
    """The view restrictions on the page whose tree path is the expression ``path`` or on a
    page above it; for SQL of one's own, ``path`` may be ``RawSQL("page.path", ())``."""
    return PageViewRestriction.objects.filter(
        page__path=Substr(path, 1, Length("page__path")))


class ArticlePageQuerySet(PageQuerySet):
    def readable(self):
        """What a reader may see: live, its publication time come, and under no view
        restriction. Every page, list, feed, sitemap and search a reader reaches asks this."""
        return self.published().filter(~view_restricted())

    def published(self):
        """Live articles whose publication time has come, whoever may read them: editorial
        counts and tools, never a reader's page (``readable``)."""
        return self.live().filter(published_at__lte=timezone.now())

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def in_section(self, section):
        """Articles filed in the section or any of its subsections."""
        return self.descendant_of(section)

    def by_author(self, author):
        return self.filter(article_authors__author=author).distinct()

    def in_edition(self, language=None):
        """Articles of one language's edition (the active language's by default)."""
        return self.filter(locale_id=translations.locale_id(language))

    def with_topic(self, topic):
        return self.filter(topics=topic)

    def on_day_by_year(self, month, day, *, include_leap_day=False, before_year=None,
                       calendar=calendars.GREGORIAN):
        """Articles published on this day of the calendar in the current time zone, one
        queryset per year of the archive (before ``before_year`` when given), the newest year
        first.

        ``include_leap_day`` adds the leap day (29 February, 30 Esfand) to the day before it,
        for years without one.
        """
        return [self.filter(days) for days in self.day_each_year(
            month, day, include_leap_day=include_leap_day, before_year=before_year,
            calendar=calendar)[::-1]]

    def day_each_year(self, month, day, *, include_leap_day, before_year, calendar):
        """The day in each year of the archive as a condition on ``published_at``, oldest year
        first: a range of its index each, so the database reads those days' stories only.
        Extracting the day of every story's date read the whole archive (0.4 s at a million
        stories)."""
        days = calendar.days_shown(month, day, include_leap_day=include_leap_day)
        zone = timezone.get_current_timezone()
        span = edition.remembered("archive-span", "all", self.archive_span)
        if span is None:
            return []
        first, last = (calendar.parts(moment.astimezone(zone).date())[0] for moment in span)
        if before_year is not None:
            last = before_year - 1
        conditions = []
        for year in range(first, last + 1):
            in_year = Q()
            for day_month, day_number in days:
                try:
                    start = datetime.datetime.combine(
                        calendar.date(year, day_month, day_number), datetime.time(), tzinfo=zone)
                except ValueError:
                    continue  # a leap day in a common year
                # Local midnight to the next, whatever the offset did in between.
                end = datetime.datetime.combine(start.date() + datetime.timedelta(days=1),
                                                datetime.time(), tzinfo=zone)
                in_year |= Q(published_at__gte=start, published_at__lt=end)
            if in_year:
                conditions.append(in_year)
        return conditions

    def archive_span(self):
        """The first and last publication times of any article, from the index; None when none
        has one."""
        dated = self.model._default_manager.filter(published_at__isnull=False)
        first = dated.order_by("published_at").values_list("published_at", flat=True).first()
        last = dated.order_by("-published_at").values_list("published_at", flat=True).first()
        return None if first is None else (first, last)

    def published_between(self, start, end=None):
        """Articles published from ``start`` up to, not including, ``end`` (open-ended if None)."""
        articles = self.filter(published_at__gte=start)
        return articles if end is None else articles.filter(published_at__lt=end)

    def for_listing(self):
        """What a story card needs (image, byline ids, section name) in the query that lists
        the stories; the authors' names come from ``news.page_links``."""
        return (
            self.select_related("lead_image")
            .defer("body")
            .annotate(section_title=Subquery(parent_titles))
            .with_byline_ids()
        )

    def for_serving(self):
        """What an article's own page needs, in the query that loads it: its image, the ids of
        its bylines, topics and Related News picks, whether it has corrections, and what the
        plug of ``sockets.similar_stories`` reads."""
        corrections = self.related_model("corrections")
        return (
            self.select_related("lead_image", "locale")
            .with_byline_ids()
            .with_topic_ids()
            .annotate(
                joined_pick_ids=self.joined("related_picks", "article_id", "sort_order"),
                has_corrections=Exists(corrections.objects.filter(article=OuterRef("pk"))),
                **sockets.serving_annotations(),
            )
        )

    def with_byline_ids(self):
        """Each story's author page ids (``ArticlePage.author_ids``) in its own row."""
        return self.annotate(
            joined_byline_ids=self.joined("article_authors", "author_id", "sort_order"))

    def with_topic_ids(self):
        """Each story's topic page ids (``ArticlePage.topic_ids``) in its own row."""
        return self.annotate(
            joined_topic_ids=joined_ids(self.model.topics.through, "articlepage", "topicpage_id"))

    def related_model(self, relation):
        return self.model._meta.get_field(relation).related_model

    def joined(self, relation, column, order):
        field = self.model._meta.get_field(relation).field.name
        return joined_ids(self.related_model(relation), field, column, order)

class ArticlePageManager(PageManager.from_queryset(ArticlePageQuerySet)):
    """Starts ``for_listing`` and ``for_serving`` from copies of querysets built once per
    process: Django takes longer to build their subqueries than the database takes to answer
    them. ``ArticlePage.objects.for_listing().readable()…`` is the fast order."""

    def for_listing(self):
        return self.built("for_listing").all()

    def for_serving(self):
        return self.built("for_serving").all()

    def built(self, name):
        built = self.__dict__.setdefault("_built", {})
        if name not in built:
            built[name] = getattr(self.get_queryset(), name)()
        return built[name]



class OwnTablePageQuerySet(PageQuerySet):
    """Pages of a type there are few of (sections, authors, topics, the almanac)."""

    def from_own_table(self):
        """Makes the database read this type's own table first, then each page's tree row by
        its key. Tree filters (children of, descendants of) test a path prefix that no index
        serves, and SQLite, which keeps no planner statistics unless analysed, would otherwise
        read the whole page tree, every story included, to find a handful of pages."""
        return self.filter(page_ptr_id__in=self.model.objects.order_by().values("page_ptr_id"))


class SectionPageQuerySet(OwnTablePageQuerySet):
    def in_menu_under(self, page):
        """The live sections listed in the menu under ``page``, in tree order."""
        return self.child_of(page).live().in_menu().from_own_table()


SectionPageManager = PageManager.from_queryset(SectionPageQuerySet)
OwnTablePageManager = PageManager.from_queryset(OwnTablePageQuerySet)


def page_types_except(*excluded):
    """Content type ids of every page type but ``excluded`` and their subclasses. Pages asked
    for by type are found through the content type index; asked for as "not a story", the
    database reads every story to leave them out."""
    kept = [model for model in get_page_models() if not issubclass(model, excluded)]
    return [content_type.pk
            for content_type in ContentType.objects.get_for_models(*kept).values()]

"""What every search backend does; the engines differ only in the two ranked queries."""

from abc import ABC, abstractmethod
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from dateline.discovery.models import SearchDocument
from dateline.discovery.search.query import content_words
from dateline.discovery.search.snippets import snippet
from dateline.discovery.search.text import body_text, highlighted, plain
from dateline.news.models import ArticlePage
from dateline.news.models.querysets import restrictions_covering
from dateline.news.text_forms import search_form

REBUILD_BATCH = 500
COUNT_LIMIT = 1000


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    snippet: str  # safe HTML: escaped text with the matched words in <mark>


class SearchResults:
    """Ranked hits fetched a page at a time: a paginator asks for the count and one slice.

    Counting stops at ``COUNT_LIMIT``: counting every story that two common words match costs
    as much as ranking them, and no reader pages that deep. Past it, ``count()`` is the limit
    and ``more_than_counted`` says the search page should read "more than". The count is a
    pass of its own rather than the length of a ranked list: the engine hands matches over in
    storage order, so their page rows are read in that order, where ranked they would be read
    scattered (on SQLite, 1,000 of them took 90 ms from a cold cache against 5 ms).
    """

    def __init__(self, backend=None, terms=(), eligible=None):
        self.backend = backend
        self.terms = terms
        self.eligible = eligible
        self._count = None if terms else 0
        self._more = False

    def count(self):
        if self._count is None:
            counted = self.backend.count_matches(self.terms, *self.eligible, COUNT_LIMIT + 1)
            self._count, self._more = min(counted, COUNT_LIMIT), counted > COUNT_LIMIT
        return self._count

    @property
    def more_than_counted(self):
        self.count()
        return self._more

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        if not isinstance(window, slice):
            raise TypeError("search results are read a page at a time, by slice")
        start, stop, _ = window.indices(self.count())
        if stop <= start:
            return []
        rows = self.backend.ranked_matches(self.terms, *self.eligible, start, stop - start)
        return [SearchHit(article_id, highlighted(snippet(snippet_text(standfirst, body),
                                                          self.terms)))
                for article_id, standfirst, body in rows]


def snippet_text(standfirst, body):
    """What a hit's snippet is cut from."""
    return f"{standfirst}\n{body}" if standfirst else body


def eligibility(section, author, date_from, date_to):
    """The readable() and filter conditions as SQL on each match's page row.

    They are checked match by match beside the engine's own query, never as a list of every
    eligible id, which at archive scale costs more than the search. "Readable" is the page
    being live, not among the few articles whose time has not come, and under no view
    restriction (of which a site has a handful, read by the query itself); asked instead as
    readable() of each match's own article row, the count of a common word's 1,000 matches took
    twice as long. The guard test of every reader surface (tests/security) keeps the two the
    same. A section is a prefix of the page's tree path (what in_section() asks). Author and
    dates, which select few articles, stay as queryset subqueries.
    """
    not_yet_published = ArticlePage.objects.filter(
        # Two conditions rather than exclude(published_at__lte=...), so the database reads
        # them from the published_at index instead of scanning every article.
        Q(published_at__gt=timezone.now()) | Q(published_at__isnull=True)
    )
    conditions = [
        ("page.live", []),
        subquery("page.id NOT IN ({})", not_yet_published),
        subquery("NOT EXISTS ({})", restrictions_covering(RawSQL("page.path", ()))),
    ]
    if section is not None:
        conditions.append(("page.path LIKE %s", [f"{section.path}%"]))
    if author is not None:
        conditions.append(subquery("page.id IN ({})", ArticlePage.objects.by_author(author)))
    if date_from is not None or date_to is not None:
        dated = ArticlePage.objects.all()
        if date_from is not None:
            dated = dated.filter(published_at__gte=date_from)
        if date_to is not None:
            dated = dated.filter(published_at__lt=date_to)
        conditions.append(subquery("page.id IN ({})", dated))
    sql = " AND ".join(condition for condition, _params in conditions)
    return sql, [param for _condition, params in conditions for param in params]


def subquery(template, rows):
    sql, params = rows.order_by().values("pk").query.sql_with_params()
    return template.format(sql), list(params)


def search_document(article):
    title, standfirst, body = plain(article.title), plain(article.standfirst), body_text(article)
    return SearchDocument(
        article_id=article.pk,
        title=title,
        standfirst=standfirst,
        body_text=body,
        published_at=article.published_at,
        indexed_title=search_form(title),
        indexed_standfirst=search_form(standfirst),
        indexed_body=search_form(body),
    )


class SearchBackend(ABC):
    def index_article(self, article):
        search_document(article).save()

    def remove(self, article_id):
        SearchDocument.objects.filter(article_id=article_id).delete()

    def rebuild(self, track=None):
        """Index every live article afresh; ``track(iterable, total)`` may report progress.
        Answers with the number of articles indexed."""
        articles = ArticlePage.objects.live().order_by("pk")
        total = articles.count()
        rows = articles.iterator(chunk_size=REBUILD_BATCH)
        with transaction.atomic():
            SearchDocument.objects.all().delete()
            batch = []
            for article in track(rows, total) if track else rows:
                batch.append(search_document(article))
                if len(batch) == REBUILD_BATCH:
                    SearchDocument.objects.bulk_create(batch)
                    batch = []
            SearchDocument.objects.bulk_create(batch)
        return total

    def search(self, query, *, section=None, author=None, date_from=None, date_to=None):
        """Published articles matching every content word of the query, best first; a query of
        function words alone ("the", "of") finds nothing, as an empty one does.

        ``section`` limits to a section page and its subsections (or any page's subtree, such
        as a site's home); ``author`` to one byline; ``date_from`` (inclusive) and ``date_to``
        (exclusive) are aware datetimes bounding the publication time.
        """
        terms = content_words(query)
        if not terms:
            return SearchResults()
        return SearchResults(self, terms, eligibility(section, author, date_from, date_to))

    @abstractmethod
    def count_matches(self, terms, eligible_sql, eligible_params, limit):
        """How many eligible articles match every term, counting no further than ``limit``.
        ``eligible_sql`` is a condition on ``page``, the matched document's wagtailcore_page
        row, joined by the backend."""

    @abstractmethod
    def ranked_matches(self, terms, eligible_sql, eligible_params, offset, limit):
        """Rows of (article id, standfirst, body text) of the matches, best first."""

    def fetch(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

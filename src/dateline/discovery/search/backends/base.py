"""What every search backend does; the engines differ only in the two ranked queries."""

from abc import ABC, abstractmethod
from dataclasses import dataclass

from django.db import connection, transaction

from dateline.discovery.models import SearchDocument
from dateline.discovery.search.query import search_terms
from dateline.discovery.search.text import body_text, highlighted, plain
from dateline.news.models import ArticlePage

REBUILD_BATCH = 500


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    snippet: str  # safe HTML: escaped text with the matched words in <mark>


class SearchResults:
    """Ranked hits fetched a page at a time: a paginator asks for the count and one slice."""

    def __init__(self, backend=None, terms=(), eligible=None):
        self.backend = backend
        self.terms = terms
        self.eligible = eligible
        self._count = None if terms else 0

    def count(self):
        if self._count is None:
            self._count = self.backend.count_matches(self.terms, *self.eligible)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        if not isinstance(window, slice):
            raise TypeError("search results are read a page at a time, by slice")
        start, stop, _ = window.indices(self.count())
        if stop <= start:
            return []
        rows = self.backend.ranked_matches(self.terms, *self.eligible, start, stop - start)
        return [SearchHit(article_id, highlighted(snippet)) for article_id, snippet in rows]


def search_document(article):
    return SearchDocument(
        article_id=article.pk,
        title=plain(article.title),
        standfirst=plain(article.standfirst),
        body_text=body_text(article),
        published_at=article.published_at,
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
        """Published articles matching every word of the query, best first.

        ``section`` limits to a section page and its subsections (or any page's subtree, such
        as a site's home); ``author`` to one byline; ``date_from`` (inclusive) and ``date_to``
        (exclusive) are aware datetimes bounding the publication time.
        """
        terms = search_terms(query)
        if not terms:
            return SearchResults()
        eligible = ArticlePage.objects.published()
        if section is not None:
            eligible = eligible.in_section(section)
        if author is not None:
            eligible = eligible.by_author(author)
        if date_from is not None:
            eligible = eligible.filter(published_at__gte=date_from)
        if date_to is not None:
            eligible = eligible.filter(published_at__lt=date_to)
        # The filters become a subquery of article ids inside the engine's own ranked query.
        sql, params = eligible.order_by().values("pk").query.sql_with_params()
        return SearchResults(self, terms, (sql, list(params)))

    @abstractmethod
    def count_matches(self, terms, eligible_sql, eligible_params):
        """How many eligible articles match every term."""

    @abstractmethod
    def ranked_matches(self, terms, eligible_sql, eligible_params, offset, limit):
        """Rows of (article id, snippet with MARK_START/MARK_END around matched words)."""

    def fetch(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

"""Wagtail's search, which the admin uses for pages, images, documents and snippets, on the
database's own full-text engine: FTS5 on SQLite, a weighted tsvector on PostgreSQL.

Configure with ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND":
"dateline.discovery.search.wagtail_backend"}}``. Every indexed object, drafts included, is one
AdminSearchEntry row, written on save at a cost that does not grow with the archive. A search
asks the engine for the matching objects, then keeps those the queryset Wagtail passes allows,
so the admin's permission, live and type filters apply as the ORM writes them. Entries and
queries are in search spelling (``news.text_forms``), as the reader's search is, and queries are
reduced to plain words (quoted phrases kept), so no engine syntax a user types gets through.

Two simplifications: ``fields=`` does not narrow a search (an object's whole text is
searched), and indexed models need integer primary keys, as Wagtail's pages, images and
documents and Dateline's snippets have.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, Manager
from django.db.models.expressions import RawSQL
from django.utils.encoding import force_str
from django.utils.functional import cached_property

from wagtail.search import index
from wagtail.search.backends.base import (
    BaseIndex,
    BaseSearchBackend,
    BaseSearchQueryCompiler,
    BaseSearchResults,
    get_model_root,
)
from wagtail.search.query import And, MatchAll, Or, Phrase, PlainText

from dateline.discovery.models import AdminSearchEntry
from dateline.discovery.search import SearchBackendUnavailable
from dateline.discovery.search.query import MAX_QUERY_CHARS, MAX_TERMS, search_terms
from dateline.news.text_forms import ZWNJ, search_form, words


def root_content_type(model):
    return ContentType.objects.get_for_model(get_model_root(model))


def as_text(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(map(as_text, value))
    if isinstance(value, dict):
        return " ".join(map(as_text, value.values()))
    return force_str(value)


def searchable_values(obj, search_fields):
    """(field name, text) for each SearchField and AutocompleteField, following RelatedFields
    such as tags; a field declared both ways is read once."""
    seen = set()
    for field in search_fields:
        if isinstance(field, (index.SearchField, index.AutocompleteField)):
            if field.field_name not in seen:
                seen.add(field.field_name)
                yield field.field_name, as_text(field.get_value(obj))
        elif isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            if isinstance(related, Manager):
                related = related.all()
            elif related is not None:
                related = [related() if callable(related) else related]
            for related_obj in related or []:
                yield from searchable_values(related_obj, field.fields)


def entry_for(obj, content_type):
    title, body = [], []
    for name, text in searchable_values(obj, obj.get_search_fields()):
        (title if name == "title" else body).append(text)
    # A live page's row keeps its published headline; editors also look for the draft's.
    draft_title = getattr(obj, "draft_title", "")
    if draft_title and draft_title not in title:
        title.append(draft_title)
    return AdminSearchEntry(content_type=content_type, object_id=obj.pk,
                            title=search_form(" ".join(title)), body=search_form(" ".join(body)))


class AdminSearchIndex(BaseIndex):
    def add_items(self, model, items):
        content_type = root_content_type(model)
        AdminSearchEntry.objects.bulk_create(
            [entry_for(item, content_type) for item in items],
            update_conflicts=True, unique_fields=["content_type", "object_id"],
            update_fields=["title", "body"],
        )

    def delete_item(self, item):
        AdminSearchEntry.objects.filter(
            content_type=root_content_type(type(item)), object_id=item.pk
        ).delete()

    def reset(self):
        AdminSearchEntry.objects.all().delete()


class AdminSearchRebuilder:
    """Rebuilds in one transaction, so searches read the old entries until the new are all in."""

    def __init__(self, search_index):
        self.index = search_index
        self.transaction = transaction.atomic()

    def start(self):
        self.transaction.__enter__()
        self.index.reset()
        return self.index

    def finish(self):
        self.transaction.__exit__(None, None, None)


class FTS5:
    """SQLite: a MATCH expression of quoted words; bm25 with the title ten times the body."""

    # CROSS JOIN keeps the full-text match as the outer loop: left to itself, SQLite's planner
    # may walk the entries and run the match once for each of them.
    MATCHING = (
        "SELECT entry.object_id{score} FROM discovery_admin_search_fts CROSS JOIN "
        "discovery_adminsearchentry entry ON entry.id = discovery_admin_search_fts.rowid "
        "WHERE discovery_admin_search_fts MATCH %s AND entry.content_type_id = %s"
    )
    SCORE = ", -bm25(discovery_admin_search_fts, 10.0, 1.0)"
    AND, OR = " AND ", " OR "

    @classmethod
    def word(cls, term, prefix=False):
        """A term with parts is its joined word or its parts as a phrase."""
        star = "*" if prefix else ""
        parts = term.split(ZWNJ)
        if len(parts) == 1:
            return f'"{term}"{star}'
        return f'("{"".join(parts)}"{star} OR {cls.phrase(parts)}{star})'

    @staticmethod
    def phrase(words):
        return '"{}"'.format(" ".join(words))


class TSQuery:
    """PostgreSQL: a to_tsquery of quoted lexemes; ts_rank_cd over title (A) and body (C)."""

    MATCHING = (
        "SELECT entry.object_id{score} FROM discovery_adminsearchentry entry, "
        "to_tsquery('simple', %s) query "
        "WHERE entry.search_vector @@ query AND entry.content_type_id = %s"
    )
    SCORE = ", ts_rank_cd(entry.search_vector, query)"
    AND, OR = " & ", " | "

    @staticmethod
    def lexeme(word, prefix=False):
        return f"'{word}'" + (":*" if prefix else "")

    @classmethod
    def word(cls, term, prefix=False):
        """A term with parts is its joined word or its parts side by side."""
        parts = term.split(ZWNJ)
        if len(parts) == 1:
            return cls.lexeme(term, prefix)
        lexemes = [cls.lexeme(part, prefix and n == len(parts) - 1)
                   for n, part in enumerate(parts)]
        return f"({cls.lexeme(''.join(parts), prefix)} | {' <-> '.join(lexemes)})"

    @classmethod
    def phrase(cls, words):
        return " <-> ".join(map(cls.lexeme, words))


ENGINES = {"sqlite": FTS5, "postgresql": TSQuery}


def engine():
    try:
        return ENGINES[connection.vendor]
    except KeyError:
        raise SearchBackendUnavailable(
            f"Dateline's Wagtail search backend has no engine for the {connection.vendor!r} "
            f"database; use one of: {', '.join(ENGINES)}, or Wagtail's own backends."
        ) from None


class AdminSearchQueryCompiler(BaseSearchQueryCompiler):
    DEFAULT_OPERATOR = "and"
    prefix_last_word = False

    @cached_property
    def match_expression(self):
        """The engine's query for the words, or None when no word is left to look for."""
        # A query of thousands of quoted phrases must not become an expression the engine
        # refuses; like reader search, only the first few words count.
        self.words_left = MAX_TERMS
        return self.expression(self.query, engine())

    def expression(self, query, syntax):
        if isinstance(query, PlainText):
            terms = self.take(search_terms(query.query_string))
            last = len(terms) - 1
            parts = [syntax.word(term, prefix=self.prefix_last_word and n == last)
                     for n, term in enumerate(terms)]
            return self.joined(parts, syntax.AND if query.operator == "and" else syntax.OR)
        if isinstance(query, Phrase):
            # The index holds a word with parts as the parts, then the joined word: a phrase
            # reads the parts, so words before and within it stand side by side.
            parts = [part for word in words(query.query_string[:MAX_QUERY_CHARS])
                     for part in word.parts]
            parts = self.take(parts)
            return syntax.phrase(parts) if parts else None
        if isinstance(query, (And, Or)):
            parts = [self.expression(part, syntax) for part in query.subqueries]
            return self.joined([part for part in parts if part],
                               syntax.AND if isinstance(query, And) else syntax.OR)
        raise NotImplementedError(
            f"{type(query).__name__} queries are not supported by Dateline's search backend."
        )

    def take(self, words):
        taken = words[:self.words_left]
        self.words_left -= len(taken)
        return taken

    @staticmethod
    def joined(parts, operator):
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else "(" + operator.join(parts) + ")"


class AdminAutocompleteQueryCompiler(AdminSearchQueryCompiler):
    """As-you-type: the last word of each run of words may be the start of a longer one."""

    prefix_last_word = True


class AdminSearchResults(BaseSearchResults):
    """Wagtail's results class for a backend: ``_do_search`` and ``_do_count`` are what a
    backend supplies, and ``_score_field`` names the attribute ``annotate_score()`` asked for
    (private, with no public reader: tests/test_wagtail_privates.py)."""

    supports_facet = True

    def matching(self):
        """The queryset Wagtail passed, narrowed to the objects that match the words."""
        compiler = self.query_compiler
        if isinstance(compiler.query, MatchAll):
            return compiler.queryset
        expression = compiler.match_expression
        if expression is None:
            return compiler.queryset.none()
        sql = engine().MATCHING.format(score="")
        content_type = root_content_type(compiler.queryset.model)
        matching = RawSQL(sql, [expression, content_type.pk])  # nosec B611 # values are params
        return compiler.queryset.filter(pk__in=matching)

    def _do_count(self):
        return self.matching().count()

    def _do_search(self):
        compiler = self.query_compiler
        words = not isinstance(compiler.query, MatchAll)
        if not (compiler.order_by_relevance and words):
            queryset = self.matching()
            if not queryset.query.order_by:
                queryset = queryset.order_by("-pk")  # pages of results need a stable order
            objects = list(queryset[self.start:self.stop])
            if self._score_field and words and objects:
                self.annotate(objects, self.scores(compiler.queryset.filter(
                    pk__in=[obj.pk for obj in objects])))
            return objects
        stop = self.stop if self.stop is not None else self.count()
        ranked = self.scores(compiler.queryset, self.start, stop - self.start)
        by_pk = compiler.queryset.in_bulk(list(ranked))
        objects = [by_pk[pk] for pk in ranked if pk in by_pk]
        if self._score_field:
            self.annotate(objects, ranked)
        return objects

    def scores(self, eligible, offset=0, limit=None):
        """{object id: score}, best first, for the matching objects among ``eligible``."""
        expression = self.query_compiler.match_expression
        if expression is None or limit == 0:
            return {}
        eligible_sql, eligible_params = eligible.order_by().values("pk").query.sql_with_params()
        sql = (engine().MATCHING.format(score=engine().SCORE + " AS score")
               + f" AND entry.object_id IN ({eligible_sql})"
               + " ORDER BY score DESC, entry.object_id DESC")
        params = [expression, root_content_type(eligible.model).pk, *eligible_params]
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return dict(cursor.fetchall())

    def annotate(self, objects, scores):
        for obj in objects:
            setattr(obj, self._score_field, scores.get(obj.pk))

    def facet(self, field_name):
        counts = (self.matching().order_by().values(field_name)
                  .annotate(count=Count("pk")).order_by("-count"))
        return {row[field_name]: row["count"] for row in counts}


class DatelineSearchBackend(BaseSearchBackend):
    query_compiler_class = AdminSearchQueryCompiler
    autocomplete_query_compiler_class = AdminAutocompleteQueryCompiler
    index_class = AdminSearchIndex
    results_class = AdminSearchResults
    rebuilder_class = AdminSearchRebuilder


SearchBackend = DatelineSearchBackend

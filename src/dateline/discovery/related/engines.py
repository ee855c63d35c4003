"""What Related News asks of the database's full-text engine: how many stories use each word,
and which stories use the chosen words most (the candidates it then scores itself)."""

from django.db import connection

from dateline.discovery.search.backends.sqlite import COLUMN_WEIGHTS

# PostgreSQL counts a word's stories through the GIN index; past this many the word is common
# whatever the exact figure, so counting stops there and the cost stays bounded.
COUNT_CAP = 5000


def fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class SQLiteEngine:
    def story_count(self):
        # FTS5's own table of document sizes has a row per story and is far smaller to scan
        # than the documents themselves (255 ms against a few at 100,000 stories).
        return fetch("SELECT count(*) FROM discovery_search_fts_docsize", [])[0][0]

    def stories_using(self, terms):
        placeholders = ", ".join(["%s"] * len(terms))
        rows = fetch(
            f"SELECT term, doc FROM discovery_search_vocab WHERE term IN ({placeholders})",
            list(terms),
        )
        return dict(rows)

    def candidates(self, terms, exclude_id, limit):
        match = " OR ".join(f'"{term}"' for term in terms)
        rows = fetch(
            "SELECT rowid FROM discovery_search_fts WHERE discovery_search_fts MATCH %s "
            f"AND rowid != %s ORDER BY bm25(discovery_search_fts, {COLUMN_WEIGHTS}) LIMIT %s",
            [match, exclude_id, limit],
        )
        return [article_id for (article_id,) in rows]


class PostgreSQLEngine:
    def story_count(self):
        return fetch("SELECT count(*) FROM discovery_searchdocument", [])[0][0]

    def stories_using(self, terms):
        counts = {}
        for term in terms:
            counts[term] = fetch(
                "SELECT count(*) FROM (SELECT 1 FROM discovery_searchdocument "
                "WHERE search_vector @@ plainto_tsquery('simple', %s) LIMIT %s) uses",
                [term, COUNT_CAP],
            )[0][0]
        return counts

    def candidates(self, terms, exclude_id, limit):
        # Terms are runs of letters and digits (profiles.WORD), so joined with "|" they are a
        # plain disjunction with no other tsquery syntax in them.
        rows = fetch(
            "SELECT document.article_id FROM discovery_searchdocument document, "
            "to_tsquery('simple', %s) query "
            "WHERE document.search_vector @@ query AND document.article_id <> %s "
            "ORDER BY ts_rank(document.search_vector, query) DESC LIMIT %s",
            [" | ".join(terms), exclude_id, limit],
        )
        return [article_id for (article_id,) in rows]


ENGINES = {"sqlite": SQLiteEngine, "postgresql": PostgreSQLEngine}


def full_text_engine():
    return ENGINES[connection.vendor]()

"""SQLite FTS5: bm25 with the headline weighted above the standfirst and the body."""

from dateline.discovery.search.backends.base import SearchBackend
from dateline.discovery.search.text import MARK_END, MARK_START

# bm25 weights for the FTS columns title, standfirst, body_text, published_at (unindexed).
COLUMN_WEIGHTS = "10.0, 4.0, 1.0, 0.0"
SNIPPET_TOKENS = 32


def fts_query(terms):
    """Each word a quoted FTS5 string, all required: no operator a reader types survives."""
    return " AND ".join('"{}"'.format(term.replace('"', '""')) for term in terms)


class SQLiteSearchBackend(SearchBackend):
    def count_matches(self, terms, eligible_sql, eligible_params):
        sql = (
            "SELECT count(*) FROM discovery_search_fts WHERE discovery_search_fts MATCH %s "
            f"AND rowid IN ({eligible_sql})"
        )
        return self.fetch(sql, [fts_query(terms), *eligible_params])[0][0]

    def ranked_matches(self, terms, eligible_sql, eligible_params, offset, limit):
        sql = (
            "SELECT rowid, snippet(discovery_search_fts, -1, %s, %s, '…', %s) "
            "FROM discovery_search_fts WHERE discovery_search_fts MATCH %s "
            f"AND rowid IN ({eligible_sql}) "
            f"ORDER BY bm25(discovery_search_fts, {COLUMN_WEIGHTS}), published_at DESC, rowid DESC "
            "LIMIT %s OFFSET %s"
        )
        params = [MARK_START, MARK_END, SNIPPET_TOKENS, fts_query(terms), *eligible_params,
                  limit, offset]
        return self.fetch(sql, params)

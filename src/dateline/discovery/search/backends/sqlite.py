"""SQLite FTS5: bm25 with the headline weighted above the standfirst and the body."""

import json

from dateline.discovery.search.backends.base import SearchBackend
from dateline.news.text_forms import ZWNJ

# bm25 weights for the FTS columns title, standfirst, body_text, published_at (unindexed); FTS5's
# rank column is set to it per query.
COLUMN_WEIGHTS = "10.0, 4.0, 1.0, 0.0"
RANK = f"bm25({COLUMN_WEIGHTS})"
# How many of the best matches TOP takes for each one a page needs: room for a few that are
# not eligible (not yet published, or outside the site) without going through every match.
TOP_MARGIN = 2
# CROSS JOIN keeps the FTS table the outer loop: offered the page ids as a constraint, FTS5
# would otherwise re-run the whole MATCH once per eligible article.
MATCHING = (
    "FROM discovery_search_fts CROSS JOIN wagtailcore_page page "
    "ON page.id = discovery_search_fts.rowid "
    "WHERE discovery_search_fts MATCH %s AND {eligible}"
)
# The best matches of the whole index, in SQLite's own ORDER BY ... LIMIT (which keeps only the
# best rows while scoring), then checked for eligibility: a match's page row is read only for
# those. Unless filters leave too few of them, that is the page.
TOP = (
    # Constant SQL of this module; values are always parameters.
    "SELECT top.rowid, top.score FROM (SELECT discovery_search_fts.rowid, "  # nosec B608 # constant
    f"bm25(discovery_search_fts, {COLUMN_WEIGHTS}) AS score FROM discovery_search_fts "
    "WHERE discovery_search_fts MATCH %s ORDER BY score LIMIT %s) top "
    "CROSS JOIN wagtailcore_page page ON page.id = top.rowid WHERE {eligible} "
    "ORDER BY top.score LIMIT %s"
)
# Ordered by the rank column, FTS5 scores and sorts every match itself (a third slower than
# TOP, which need not sort them all) and hands them over best first, so a match's page row is
# still read only until the LIMIT is reached. Scores above the bound are skipped before that.
BEST = (
    "SELECT discovery_search_fts.rowid, discovery_search_fts.rank "
    + MATCHING
    + " AND discovery_search_fts.rank MATCH %s AND discovery_search_fts.rank <= %s "
    "ORDER BY discovery_search_fts.rank LIMIT %s"
)
# Recency breaks ties among the best matches; the page of results is read for its snippets.
PAGE = (
    "WITH best(article_id, score) AS (SELECT value ->> 0, value ->> 1 FROM json_each(%s)), "
    "page AS MATERIALIZED (SELECT best.article_id, row_number() OVER ("
    "ORDER BY best.score, document.published_at DESC, best.article_id DESC) AS position "
    "FROM best JOIN discovery_searchdocument document ON document.article_id = best.article_id "
    "ORDER BY position LIMIT %s OFFSET %s) "
    "SELECT page.article_id, document.standfirst, document.body_text FROM page "
    "JOIN discovery_searchdocument document ON document.article_id = page.article_id "
    "ORDER BY page.position"
)


def fts_query(terms):
    """Each term a quoted FTS5 string, all required: no operator a reader types survives. A term
    with parts is its joined word or its parts as a phrase."""
    return " AND ".join(map(fts_term, terms))


def fts_term(term):
    parts = term.split(ZWNJ)
    if len(parts) == 1:
        return quoted(term)
    return f'({quoted("".join(parts))} OR {quoted(" ".join(parts))})'


def quoted(text):
    return '"{}"'.format(text.replace('"', '""'))


class SQLiteSearchBackend(SearchBackend):
    def count_matches(self, terms, eligible_sql, eligible_params, limit):
        # eligible_sql is eligibility()'s SQL: constant conditions with %s placeholders.
        matching = MATCHING.format(eligible=eligible_sql)
        sql = f"SELECT count(*) FROM (SELECT 1 {matching} LIMIT %s)"  # nosec B608 # see above
        return self.fetch(sql, [fts_query(terms), *eligible_params, limit])[0][0]

    def ranked_matches(self, terms, eligible_sql, eligible_params, offset, limit):
        match = fts_query(terms)
        best_sql = BEST.format(eligible=eligible_sql)
        end = offset + limit
        # One match beyond the page tells whether ties straddle its end.
        best = self.fetch(TOP.format(eligible=eligible_sql),
                          [match, TOP_MARGIN * (end + 1), *eligible_params, end + 1])
        if len(best) <= end:
            # Too few matches, or filters left too few of the best: go through them all.
            best = self.fetch(best_sql, [match, *eligible_params, RANK, float("inf"), end + 1])
        if len(best) > end and best[end][1] == best[end - 1][1]:
            # Recency decides which of the stories tied at the page's end make it: take them all.
            best = self.fetch(best_sql, [match, *eligible_params, RANK, best[end][1], -1])
        return self.fetch(PAGE, [json.dumps(best), limit, offset])

"""PostgreSQL: stories with every word in the headline first, then ts_rank_cd over a tsvector
weighted A (headline), B (standfirst), C (body) among the newest matches."""

from dateline.discovery.search.backends.base import SearchBackend
from dateline.news.text_forms import ZWNJ

# ts_rank_cd reads a story's whole search_vector, kept out of line (migration 0005): about
# 25 µs a story, so two common words matching 18,000 stories would take half a second. Only the
# newest this many matches are ranked by it; older ones follow, newest first.
RANKED_CANDIDATES = 300
# The query requires every term (tsquery()). Materialized, the
# matches come from the GIN index (a planner told of a LIMIT may otherwise prefer to read every
# row's search_vector), and only as far as the count or the ranking reads them. Every match's
# sort key comes from the narrow row: the headline's own vector and the publication time.
MATCHES = (
    "WITH query AS (SELECT to_tsquery('simple', %s) AS query), "
    "matches AS MATERIALIZED (SELECT document.article_id, document.published_at, "
    "CASE WHEN document.headline_vector @@ query "
    "THEN ts_rank_cd(document.headline_vector, query) END AS headline_score "
    "FROM discovery_searchdocument document, query WHERE document.search_vector @@ query)"
)
# The page row of a match is read through a LATERAL subquery, which the planner cannot turn into
# a join over every match: only for the matches counted or placed on the page, in order.
ELIGIBLE = (
    "CROSS JOIN LATERAL (SELECT FROM wagtailcore_page page "
    "WHERE page.id = match.article_id AND {eligible} LIMIT 1) eligible"
)
# Values are always parameters: only this module's constant SQL is formatted into these.
COUNT = (
    f"{MATCHES} SELECT count(*) FROM "  # nosec B608 # constant SQL of this module
    f"(SELECT FROM matches match {ELIGIBLE} LIMIT %s) counted"
)
ORDER = (
    "ORDER BY {0}.in_headline DESC, {0}.score DESC NULLS LAST, "
    "{0}.published_at DESC NULLS LAST, {0}.article_id DESC"
)
# Stories with every word in the headline first, by how close together the words stand there;
# then the newest RANKED_CANDIDATES matches by ts_rank_cd; then the rest; newest first on ties.
# Only the page's rows are read for their snippets.
RANKED = (
    f"{MATCHES}, ranked AS (SELECT article_id, published_at, "  # nosec B608 # constant SQL
    "headline_score IS NOT NULL AS in_headline, coalesce(headline_score, CASE "
    "WHEN row_number() OVER (ORDER BY published_at DESC NULLS LAST, article_id DESC) <= %s "
    "THEN (SELECT ts_rank_cd(document.search_vector, query) FROM discovery_searchdocument "
    "document, query WHERE document.article_id = matches.article_id) END) AS score "
    "FROM matches), "
    "page AS MATERIALIZED (SELECT match.* FROM (SELECT * FROM ranked "
    f"{ORDER.format('ranked')}) match {ELIGIBLE} {ORDER.format('match')} LIMIT %s OFFSET %s) "
    "SELECT page.article_id, document.standfirst, document.body_text "
    "FROM page JOIN discovery_searchdocument document ON document.article_id = page.article_id "
    f"{ORDER.format('page')}"
)


def tsquery(terms):
    """Every term required; a term with parts is its joined word or its parts side by side.
    Terms are runs of letters and digits (``news.text_forms``), quoted: no tsquery syntax."""
    return " & ".join(map(tsquery_term, terms))


def tsquery_term(term):
    parts = term.split(ZWNJ)
    if len(parts) == 1:
        return lexeme(term)
    return f"({lexeme(''.join(parts))} | {' <-> '.join(map(lexeme, parts))})"


def lexeme(word):
    return "'{}'".format(word.replace("'", "''").replace("\\", "\\\\"))


class PostgreSQLSearchBackend(SearchBackend):
    def count_matches(self, terms, eligible_sql, eligible_params, limit):
        return self.fetch(COUNT.format(eligible=eligible_sql),
                          [tsquery(terms), *eligible_params, limit])[0][0]

    def ranked_matches(self, terms, eligible_sql, eligible_params, offset, limit):
        params = [tsquery(terms), RANKED_CANDIDATES, *eligible_params, limit, offset]
        return self.fetch(RANKED.format(eligible=eligible_sql), params)

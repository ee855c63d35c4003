"""PostgreSQL: stories with every word in the headline first, then ts_rank_cd over a tsvector
weighted A (headline), B (standfirst), C (body) among the newest matches."""

from dateline.discovery.search.backends.base import SearchBackend
from dateline.discovery.search.text import MARK_END, MARK_START

# PostgreSQL's parser reads "<...>" as an HTML tag and ts_headline drops it; the snippet keeps
# the article's own angle brackets by swapping them for stand-ins and back.
ANGLE_BRACKETS = "<>"
STAND_INS = "\ue002\ue003"
RESTORE_ANGLE_BRACKETS = str.maketrans(STAND_INS, ANGLE_BRACKETS)
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
# ts_rank_cd reads a story's whole search_vector, kept out of line (migration 0005): about
# 25 µs a story, so two common words matching 18,000 stories would take half a second. Only the
# newest this many matches are ranked by it; older ones follow, newest first.
RANKED_CANDIDATES = 300
# plainto_tsquery reads the words as plain text and requires them all. Materialized, the
# matches come from the GIN index (a planner told of a LIMIT may otherwise prefer to read every
# row's search_vector), and only as far as the count or the ranking reads them. Every match's
# sort key comes from the narrow row: the headline's own vector and the publication time.
MATCHES = (
    "WITH query AS (SELECT plainto_tsquery('simple', %s) AS query), "
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
# Only the page's rows get snippets.
RANKED = (
    f"{MATCHES}, ranked AS (SELECT article_id, published_at, "  # nosec B608 # constant SQL
    "headline_score IS NOT NULL AS in_headline, coalesce(headline_score, CASE "
    "WHEN row_number() OVER (ORDER BY published_at DESC NULLS LAST, article_id DESC) <= %s "
    "THEN (SELECT ts_rank_cd(document.search_vector, query) FROM discovery_searchdocument "
    "document, query WHERE document.article_id = matches.article_id) END) AS score "
    "FROM matches), "
    "page AS MATERIALIZED (SELECT match.* FROM (SELECT * FROM ranked "
    f"{ORDER.format('ranked')}) match {ELIGIBLE} {ORDER.format('match')} LIMIT %s OFFSET %s) "
    "SELECT page.article_id, ts_headline('simple', translate("
    "concat_ws(' ', document.standfirst, document.body_text), %s, %s), query, %s) "
    "FROM page JOIN discovery_searchdocument document ON document.article_id = page.article_id "
    f"CROSS JOIN query {ORDER.format('page')}"
)


class PostgreSQLSearchBackend(SearchBackend):
    def count_matches(self, terms, eligible_sql, eligible_params, limit):
        return self.fetch(COUNT.format(eligible=eligible_sql),
                          [" ".join(terms), *eligible_params, limit])[0][0]

    def ranked_matches(self, terms, eligible_sql, eligible_params, offset, limit):
        params = [" ".join(terms), RANKED_CANDIDATES, *eligible_params, limit, offset,
                  ANGLE_BRACKETS, STAND_INS, HEADLINE_OPTIONS]
        rows = self.fetch(RANKED.format(eligible=eligible_sql), params)
        return [(article_id, snippet.translate(RESTORE_ANGLE_BRACKETS))
                for article_id, snippet in rows]

"""PostgreSQL: ts_rank_cd over a tsvector weighted A (headline), B (standfirst), C (body)."""

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
# plainto_tsquery reads the words as plain text and requires them all.
MATCHING = (
    "FROM discovery_searchdocument document, plainto_tsquery('simple', %s) query "
    "WHERE document.search_vector @@ query AND document.article_id IN ({eligible})"
)


class PostgreSQLSearchBackend(SearchBackend):
    def count_matches(self, terms, eligible_sql, eligible_params):
        sql = "SELECT count(*) " + MATCHING.format(eligible=eligible_sql)
        return self.fetch(sql, [" ".join(terms), *eligible_params])[0][0]

    def ranked_matches(self, terms, eligible_sql, eligible_params, offset, limit):
        sql = (
            "SELECT document.article_id, ts_headline('simple', translate("
            "concat_ws(' ', document.standfirst, document.body_text), %s, %s), query, %s) "
            + MATCHING.format(eligible=eligible_sql)
            + " ORDER BY ts_rank_cd(document.search_vector, query) DESC, "
            "document.published_at DESC, document.article_id DESC LIMIT %s OFFSET %s"
        )
        params = [ANGLE_BRACKETS, STAND_INS, HEADLINE_OPTIONS, " ".join(terms), *eligible_params,
                  limit, offset]
        rows = self.fetch(sql, params)
        return [(article_id, snippet.translate(RESTORE_ANGLE_BRACKETS))
                for article_id, snippet in rows]

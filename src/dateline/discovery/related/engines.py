"""What Related News asks of the database's full-text engine: how many stories use each word,
and which stories use the chosen words most (the candidates it then scores itself)."""

from django.db import connection, transaction

from dateline.discovery.search.backends.sqlite import COLUMN_WEIGHTS


def fetch_rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class SQLiteEngine:
    def story_count(self):
        # FTS5's own table of document sizes has a row per story and is far smaller to scan
        # than the documents themselves (255 ms against a few at 100,000 stories).
        return fetch_rows("SELECT count(*) FROM discovery_search_fts_docsize", [])[0][0]

    def stories_using(self, terms):
        placeholders = ", ".join(["%s"] * len(terms))
        rows = fetch_rows(
            "SELECT term, doc FROM discovery_search_vocab "
            f"WHERE term IN ({placeholders})",  # nosec B608 # only "%s" placeholders go in
            list(terms),
        )
        return dict(rows)

    def candidates(self, terms, exclude_id, limit):
        match = " OR ".join(f'"{term}"' for term in terms)
        rows = fetch_rows(
            "SELECT rowid FROM discovery_search_fts WHERE discovery_search_fts MATCH %s "
            "AND rowid != %s ORDER BY "
            f"bm25(discovery_search_fts, {COLUMN_WEIGHTS}) LIMIT %s",  # nosec B608 # constant weights
            [match, exclude_id, limit],
        )
        return [article_id for (article_id,) in rows]


class PostgreSQLEngine:
    def story_count(self):
        return fetch_rows("SELECT count(*) FROM discovery_searchdocument", [])[0][0]

    def stories_using(self, terms):
        """Common words' counts from the planner's statistics, the rest counted exactly.

        Counting a common word means visiting thousands of rows, and the planner then prefers
        a scan of the whole table; ANALYZE already keeps the share of rows holding each of the
        most common words. A word not among them is rare, and the GIN index counts it cheaply.
        """
        shares = self.common_word_shares()
        stories = self.story_count() if shares else 0
        counts = {term: round(shares[term] * stories) for term in terms if term in shares}
        for term in terms:
            if term not in counts:
                counts[term] = fetch_rows(
                    "SELECT count(*) FROM discovery_searchdocument "
                    "WHERE search_vector @@ plainto_tsquery('simple', %s)",
                    [term],
                )[0][0]
        return counts

    def common_word_shares(self):
        rows = fetch_rows(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = 'discovery_searchdocument' "
            "AND attname = 'search_vector'",
            [],
        )
        if not rows or rows[0][0] is None:
            return {}
        words, shares = rows[0]
        # The shares end with three summary figures (minimum, maximum, null share).
        return dict(zip(words, shares[: len(words)], strict=True))

    def candidates(self, terms, exclude_id, limit):
        # Terms are runs of letters and digits (news.text_forms), so joined with "|" they are a
        # plain disjunction with no other tsquery syntax in them.
        # The planner prices testing a row's vector as cheap, but each vector lives out of line
        # and must be read: a scan of the table tests them all (525 ms at 100,000 stories)
        # where the GIN index reads only the matches (45 ms).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                "SELECT document.article_id FROM discovery_searchdocument document, "
                "to_tsquery('simple', %s) query "
                "WHERE document.search_vector @@ query AND document.article_id <> %s "
                "ORDER BY ts_rank(document.search_vector, query) DESC LIMIT %s",
                [" | ".join(terms), exclude_id, limit],
            )
            return [article_id for (article_id,) in cursor.fetchall()]


ENGINES = {"sqlite": SQLiteEngine, "postgresql": PostgreSQLEngine}


def full_text_engine():
    return ENGINES[connection.vendor]()

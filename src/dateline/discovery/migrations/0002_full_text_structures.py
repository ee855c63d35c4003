"""The engine's own full-text index over discovery_searchdocument, one per database vendor.

SQLite: an FTS5 table reading its text from the documents table (external content), kept in
step by triggers. PostgreSQL: a generated tsvector column weighted A (headline), B (standfirst),
C (body), with a GIN index. The 'simple' configuration and unicode61 tokenizer both match whole
words without language-specific stemming, so the two engines find the same stories.
"""

from django.db import migrations

SQL = {
    "sqlite": (
        [
            """CREATE VIRTUAL TABLE discovery_search_fts USING fts5(
                title, standfirst, body_text, published_at UNINDEXED,
                content='discovery_searchdocument', content_rowid='article_id',
                tokenize='unicode61 remove_diacritics 2'
            )""",
            """CREATE TRIGGER discovery_search_fts_insert AFTER INSERT ON discovery_searchdocument
            BEGIN
                INSERT INTO discovery_search_fts(rowid, title, standfirst, body_text, published_at)
                VALUES (new.article_id, new.title, new.standfirst, new.body_text, new.published_at);
            END""",
            """CREATE TRIGGER discovery_search_fts_delete AFTER DELETE ON discovery_searchdocument
            BEGIN
                INSERT INTO discovery_search_fts(
                    discovery_search_fts, rowid, title, standfirst, body_text, published_at
                ) VALUES (
                    'delete', old.article_id, old.title, old.standfirst, old.body_text,
                    old.published_at
                );
            END""",
            """CREATE TRIGGER discovery_search_fts_update AFTER UPDATE ON discovery_searchdocument
            BEGIN
                INSERT INTO discovery_search_fts(
                    discovery_search_fts, rowid, title, standfirst, body_text, published_at
                ) VALUES (
                    'delete', old.article_id, old.title, old.standfirst, old.body_text,
                    old.published_at
                );
                INSERT INTO discovery_search_fts(rowid, title, standfirst, body_text, published_at)
                VALUES (new.article_id, new.title, new.standfirst, new.body_text, new.published_at);
            END""",
        ],
        [
            "DROP TRIGGER discovery_search_fts_update",
            "DROP TRIGGER discovery_search_fts_delete",
            "DROP TRIGGER discovery_search_fts_insert",
            "DROP TABLE discovery_search_fts",
        ],
    ),
    "postgresql": (
        [
            """ALTER TABLE discovery_searchdocument ADD COLUMN search_vector tsvector
            GENERATED ALWAYS AS (
                setweight(to_tsvector('simple'::regconfig, title), 'A')
                || setweight(to_tsvector('simple'::regconfig, standfirst), 'B')
                || setweight(to_tsvector('simple'::regconfig, body_text), 'C')
            ) STORED""",
            """CREATE INDEX discovery_search_vector_idx ON discovery_searchdocument
            USING gin (search_vector)""",
        ],
        [
            "DROP INDEX discovery_search_vector_idx",
            "ALTER TABLE discovery_searchdocument DROP COLUMN search_vector",
        ],
    ),
}


def run(statements_for):
    def operation(apps, schema_editor):
        for statement in statements_for(SQL.get(schema_editor.connection.vendor, ([], []))):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("discovery", "0001_initial")]

    operations = [
        migrations.RunPython(run(lambda pair: pair[0]), run(lambda pair: pair[1])),
    ]

"""On PostgreSQL, a tsvector of the headline alone with its own GIN index, and narrow rows.

Reader search cannot rank every match by ts_rank_cd, which must read (detoast) a story's whole
search_vector: two common words match thousands of stories. It ranks every match by the
headline's own small vector and publication time instead, so those must be cheap to read: the
vector is kept in the row (storage MAIN) while the row's other text columns are moved out of
line (a 128-byte toast target), so the rows sit dozens to a page. Done in one ALTER TABLE, the
table rewrite that adding the column causes applies both to existing rows.
SQLite needs nothing: FTS5 ranks from its own index.
"""

from django.db import migrations

SQL = {
    "postgresql": (
        [
            """ALTER TABLE discovery_searchdocument
            ADD COLUMN headline_vector tsvector
                GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title)) STORED,
            ALTER COLUMN headline_vector SET STORAGE MAIN,
            SET (toast_tuple_target = 128)""",
            """CREATE INDEX discovery_search_headline_idx ON discovery_searchdocument
            USING gin (headline_vector)""",
        ],
        [
            "DROP INDEX discovery_search_headline_idx",
            "ALTER TABLE discovery_searchdocument DROP COLUMN headline_vector",
            "ALTER TABLE discovery_searchdocument RESET (toast_tuple_target)",
        ],
    ),
}


def run(statements_for):
    def operation(apps, schema_editor):
        for statement in statements_for(SQL.get(schema_editor.connection.vendor, ([], []))):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("discovery", "0004_admin_search_entries")]

    operations = [
        migrations.RunPython(run(lambda pair: pair[0]), run(lambda pair: pair[1])),
    ]

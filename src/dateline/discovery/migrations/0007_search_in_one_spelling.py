"""Search reads one spelling of every word (``news.text_forms.search_form``): Arabic and Persian
yeh and kaf alike, no diacritics or tatweel, one set of digits, a word with a ZWNJ as its parts
and as the joined word.

The reader's documents keep the text as written, for snippets, and gain the text as indexed;
the engines' structures are built again over the latter (SQLite: the FTS5 table and its
triggers; PostgreSQL: the generated weighted and headline vectors, as 0002 and 0005 made them)
and filled from the documents already stored, so no rebuild is needed. The admin's entries only
ever serve search, so they are rewritten in search spelling in place.
"""

from django.db import migrations, models

from dateline.news.text_forms import search_form

BATCH = 500
FTS_COLUMNS = {
    "old": ("title", "standfirst", "body_text"),
    "new": ("indexed_title", "indexed_standfirst", "indexed_body"),
}


def sqlite_index(columns):
    title, standfirst, body = columns
    listed = f"{title}, {standfirst}, {body}, published_at"
    new_values = f"new.article_id, new.{title}, new.{standfirst}, new.{body}, new.published_at"
    old_values = f"old.article_id, old.{title}, old.{standfirst}, old.{body}, old.published_at"
    delete = (f"INSERT INTO discovery_search_fts(discovery_search_fts, rowid, {listed}) "
              f"VALUES ('delete', {old_values});")
    insert = f"INSERT INTO discovery_search_fts(rowid, {listed}) VALUES ({new_values});"
    return [
        f"""CREATE VIRTUAL TABLE discovery_search_fts USING fts5(
            {title}, {standfirst}, {body}, published_at UNINDEXED,
            content='discovery_searchdocument', content_rowid='article_id',
            tokenize='unicode61 remove_diacritics 2')""",
        "CREATE TRIGGER discovery_search_fts_insert AFTER INSERT ON discovery_searchdocument "
        f"BEGIN {insert} END",
        "CREATE TRIGGER discovery_search_fts_delete AFTER DELETE ON discovery_searchdocument "
        f"BEGIN {delete} END",
        "CREATE TRIGGER discovery_search_fts_update AFTER UPDATE ON discovery_searchdocument "
        f"BEGIN {delete} {insert} END",
        "INSERT INTO discovery_search_fts(discovery_search_fts) VALUES ('rebuild')",
    ]


SQLITE_DROP = [
    "DROP TRIGGER discovery_search_fts_update",
    "DROP TRIGGER discovery_search_fts_delete",
    "DROP TRIGGER discovery_search_fts_insert",
    "DROP TABLE discovery_search_fts",
]


def postgresql_index(columns):
    title, standfirst, body = columns
    return [
        f"""ALTER TABLE discovery_searchdocument
        ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, {title}), 'A')
            || setweight(to_tsvector('simple'::regconfig, {standfirst}), 'B')
            || setweight(to_tsvector('simple'::regconfig, {body}), 'C')
        ) STORED,
        ADD COLUMN headline_vector tsvector
            GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {title})) STORED,
        ALTER COLUMN headline_vector SET STORAGE MAIN""",
        "CREATE INDEX discovery_search_vector_idx ON discovery_searchdocument "
        "USING gin (search_vector)",
        "CREATE INDEX discovery_search_headline_idx ON discovery_searchdocument "
        "USING gin (headline_vector)",
    ]


POSTGRESQL_DROP = ["ALTER TABLE discovery_searchdocument DROP COLUMN search_vector, "
                   "DROP COLUMN headline_vector"]


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(vendor, []):
        schema_editor.execute(statement)


def create_index(columns):
    def operation(apps, schema_editor):
        if columns == "new":
            write_search_spelling(apps)
        index = {"sqlite": sqlite_index,
                 "postgresql": postgresql_index}.get(schema_editor.connection.vendor)
        for statement in index(FTS_COLUMNS[columns]) if index else []:
            schema_editor.execute(statement)

    return operation


def write_search_spelling(apps):
    documents = apps.get_model("discovery", "SearchDocument")
    rewrite(documents, {"indexed_title": "title", "indexed_standfirst": "standfirst",
                        "indexed_body": "body_text"})
    rewrite(apps.get_model("discovery", "AdminSearchEntry"), {"title": "title", "body": "body"})


def rewrite(model, sources):
    batch = []
    for row in model.objects.order_by("pk").iterator(chunk_size=BATCH):
        for target, source in sources.items():
            setattr(row, target, search_form(getattr(row, source)))
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.bulk_update(batch, list(sources))
            batch = []
    model.objects.bulk_update(batch, list(sources))


class Migration(migrations.Migration):
    dependencies = [("discovery", "0006_story_days_for_the_sitemap_index")]

    # The old structures go first: adding a column may make SQLite copy the table, which would
    # leave its triggers behind.
    operations = [
        migrations.RunPython(drop_index, create_index("old")),
        migrations.AddField(
            model_name="searchdocument", name="indexed_title",
            field=models.TextField(blank=True, default="", verbose_name="headline as indexed"),
        ),
        migrations.AddField(
            model_name="searchdocument", name="indexed_standfirst",
            field=models.TextField(blank=True, default="",
                                   verbose_name="standfirst as indexed"),
        ),
        migrations.AddField(
            model_name="searchdocument", name="indexed_body",
            field=models.TextField(blank=True, default="", verbose_name="body text as indexed"),
        ),
        migrations.RunPython(create_index("new"), drop_index),
    ]

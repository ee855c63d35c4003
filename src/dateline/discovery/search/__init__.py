"""Reader search on the database's own full-text engine: FTS5 on SQLite, tsvector on PostgreSQL.

``get_search_backend()`` answers with the backend for the database in use; every backend
indexes articles, removes them, rebuilds the index and answers ranked searches.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils.module_loading import import_string

BACKENDS = {
    "sqlite": "dateline.discovery.search.backends.sqlite.SQLiteSearchBackend",
    "postgresql": "dateline.discovery.search.backends.postgresql.PostgreSQLSearchBackend",
}


class SearchBackendUnavailable(ImproperlyConfigured):
    pass


def get_search_backend():
    try:
        path = BACKENDS[connection.vendor]
    except KeyError:
        raise SearchBackendUnavailable(
            f"Reader search has no backend for the {connection.vendor!r} database; "
            f"use one of: {', '.join(BACKENDS)}."
        ) from None
    return import_string(path)()

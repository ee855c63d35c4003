"""The database away (restarting, failing over, its file gone) or the disk full: a 503 that says
what happened and when to come back, instead of a 500 that says something is broken.

Django's 500 handler runs inside the ``except`` block of the failed request, so the exception is
still at hand; a lost or refused database connection is an outage the site recovers from by
itself, since every request opens a new connection (``CONN_MAX_AGE`` is 0). A full disk is not,
but the editor whose change it refused must hear that nothing was saved, and why. Nothing here
may touch the database: the page is a template rendered without a request.
"""

import errno
import sqlite3
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error

RETRY_AFTER_SECONDS = 30
OUTAGES = (OperationalError, InterfaceError)
# PostgreSQL's "disk_full" condition.
POSTGRESQL_DISK_FULL = "53100"


def database_outage_or_server_error(request):
    error = sys.exception()
    if is_disk_full(error):
        return unavailable("503.html", {"disk_full": True})
    if not isinstance(error, OUTAGES):
        return server_error(request)
    return unavailable("503.html", {})


def is_disk_full(error):
    """A write the disk had no room for: a media file's, or the database's own."""
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(error, OperationalError):
        cause = error.__cause__
        return (getattr(cause, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
                or getattr(cause, "sqlstate", None) == POSTGRESQL_DISK_FULL)
    return False


def unavailable(template, context):
    response = HttpResponse(loader.get_template(template).render(context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # A cache in front must not keep the outage in place of the page it will soon have again.
    response["Cache-Control"] = "no-store"
    return response

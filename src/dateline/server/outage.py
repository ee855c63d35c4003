"""The database away (restarting, failing over, its file gone): a 503 that says when to come
back, instead of a 500 that says something is broken.

Django's 500 handler runs inside the ``except`` block of the failed request, so the exception is
still at hand; a lost or refused database connection is an outage the site recovers from by
itself, since every request opens a new connection (``CONN_MAX_AGE`` is 0). Nothing here may
touch the database: the page is a template rendered without a request.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error

RETRY_AFTER_SECONDS = 30
OUTAGES = (OperationalError, InterfaceError)


def database_outage_or_server_error(request):
    if not isinstance(sys.exception(), OUTAGES):
        return server_error(request)
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # A cache in front must not keep the outage in place of the page it will soon have again.
    response["Cache-Control"] = "no-store"
    return response

"""Reader pages answer only the methods they serve: GET, HEAD and OPTIONS.

Nothing a reader sees posts back to its own address (the password form of a protected page
posts to Wagtail's ``/_util/`` view), so any other method is a 405 whose Allow header says so,
never a page rendered as if it were a GET. Page types take the list through Wagtail's
``allowed_http_methods``; Dateline's other reader views are wrapped with ``reader_view``. Both
answer before Django's CSRF check through ``ReaderMethodsMiddleware``.
"""

import functools
from http import HTTPMethod

from django.http import HttpResponse, HttpResponseNotAllowed

READER_METHODS = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]
ALLOWED = [method.value for method in READER_METHODS]


def reader_view(view):
    """``view`` answering GET and HEAD; OPTIONS lists them, anything else is a 405."""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        if request.method == HTTPMethod.OPTIONS:
            return HttpResponse(headers={"Allow": ", ".join(ALLOWED)})
        if request.method not in ALLOWED:
            return HttpResponseNotAllowed(ALLOWED)
        return view(request, *args, **kwargs)

    answer.reader_methods = ALLOWED
    return answer


class ReaderMethodsMiddleware:
    """Answers a write to a reader page with its 405 before the CSRF check would answer 403,
    so a client told to go away learns which methods the page does serve."""

    def __init__(self, get_response):
        # Imported once the page models are loaded: the page types import this module.
        from wagtail.models import Page
        from wagtail.views import serve

        self.route_for_request = Page.route_for_request
        self.wagtail_serve = serve
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method in ALLOWED:
            return None
        allowed = getattr(view, "reader_methods", None)
        if view is self.wagtail_serve:
            # Wagtail keeps the route on the request, so serving the page routes only once.
            route = self.route_for_request(request, args[0] if args else kwargs["path"])
            allowed = route and route[0].allowed_http_method_names()
        if allowed and request.method not in allowed:
            return HttpResponseNotAllowed(allowed)
        return None

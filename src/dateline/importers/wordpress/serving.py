"""Old WordPress query-string addresses (``/?p=1``) redirect to the imported page.

Wagtail's RedirectMiddleware only acts on 404 responses, and ``/?p=1`` routes to the home
page, which answers 200; this ``before_serve_page`` hook looks the full path up first. Only
WordPress's own query keys cost a query, so ``?page=2`` on a section costs nothing.
"""

from urllib.parse import parse_qs

from django import http

from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

WORDPRESS_QUERY_KEYS = {"p", "page_id", "attachment_id"}


def redirect_wordpress_query(page, request, serve_args, serve_kwargs):
    if not WORDPRESS_QUERY_KEYS & parse_qs(request.META.get("QUERY_STRING", "")).keys():
        return None
    path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
    redirect = get_redirect(request, path)
    if redirect is None or redirect.link is None:
        return None
    if redirect.is_permanent:
        return http.HttpResponsePermanentRedirect(redirect.link)
    return http.HttpResponseRedirect(redirect.link)

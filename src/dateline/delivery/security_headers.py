"""Security headers on every response: readers' pages, the admin, errors, static files, media.

Outermost but for Django's SecurityMiddleware, so whitenoise's static files and the media view
get them too; the page cache stores them with each page, so cached hits carry them as well.
Readers' pages run no script of their own (JSON-LD is data, which browsers do not execute), so
their policy forbids inline code; the Wagtail admin gets the looser policy it needs.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.deprecation import MiddlewareMixin


def content_security_policy(directives, media_origin):
    parts = []
    for name, sources in directives.items():
        if media_origin and name == "img-src":
            sources = [*sources, media_origin]
        parts.append(" ".join([name, *sources]))
    return "; ".join(parts)


def media_origin():
    """The host media come from when it is not this site's own (object storage or a CDN)."""
    parts = urlsplit(settings.MEDIA_URL)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


class SecurityHeadersMiddleware(MiddlewareMixin):
    def __init__(self, get_response):
        super().__init__(get_response)
        origin = media_origin()
        self.reader_policy = content_security_policy(settings.CONTENT_SECURITY_POLICY, origin)
        self.admin_policy = content_security_policy(settings.CONTENT_SECURITY_POLICY_ADMIN,
                                                    origin)
        self.admin_prefixes = tuple(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES)

    def process_response(self, request, response):
        admin = request.path.startswith(self.admin_prefixes)
        response.headers.setdefault(
            "Content-Security-Policy", self.admin_policy if admin else self.reader_policy,
        )
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        # Whitenoise answers before Django's clickjacking middleware runs; views that must be
        # framed (Wagtail's previews) have set their own value already.
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response

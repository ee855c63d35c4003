"""Production: refuses to start without its configuration; HTTPS hardening by default."""

from django.core.exceptions import ImproperlyConfigured

from dateline.settings import env
from dateline.settings.base import *  # noqa: F403
from dateline.settings.base import ALLOWED_HOSTS, DEBUG, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DATELINE_SECRET_KEY is not set. Generate one with "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'` and export it, "
        "or run `dateline demo` to try Dateline locally."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DATELINE_ALLOWED_HOSTS is not set. Export the site's host names, "
        "e.g. DATELINE_ALLOWED_HOSTS=news.example.org"
    )
if DEBUG:
    raise ImproperlyConfigured("DATELINE_DEBUG must be off in production.")

if env.read_bool("DATELINE_SECURE"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

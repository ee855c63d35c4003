"""The services a site scales out onto, each chosen by environment variables: a cache shared
through Redis, media in S3-compatible object storage, purges sent to a CDN or caching proxy, the
mail server that sends the site's mail.

Each function builds its Django or Wagtail setting from the environment alone, so that tests
can check every configuration without reloading the settings. The libraries each service needs
are extras of the package (``dateline[postgres]``, ``dateline[redis]``, ``dateline[s3]``): a
setting that asks for one that is not installed stops the start with the extra to install.
"""

import importlib
import urllib.parse
from email.utils import parseaddr

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

from dateline.settings import env

S3_STORAGE = "storages.backends.s3.S3Storage"

# Django's database engines and the driver each needs, with the extra that installs it.
DATABASE_DRIVERS = {
    "django.db.backends.postgresql": ("psycopg", "postgres"),
    "django.contrib.gis.db.backends.postgis": ("psycopg", "postgres"),
}

# Varnish, Fastly and Cloudflare purge by the keys pages carry (dateline.delivery.edge); the
# others by URL.
PURGE_BACKENDS = {
    "varnish": "dateline.delivery.edge.VarnishBackend",
    "fastly": "dateline.delivery.edge.FastlyBackend",
    "cloudflare": "dateline.delivery.edge.CloudflareBackend",
    "http": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
    "cloudfront": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
}


class MissingExtra(ImproperlyConfigured):
    """A setting asks for a service whose library is not installed."""


def require(module, extra, asked_by):
    """Imports ``module``, or stops the start naming the extra that installs it."""
    try:
        importlib.import_module(module)
    except ImportError as error:
        raise MissingExtra(
            f"{asked_by} needs the {module} package, which is not installed ({error}). "
            f"Install Dateline with it: pip install 'dateline[{extra}]'"
        ) from error


def require_database_driver(database):
    """Checks that the driver of a ``DATABASES`` entry is installed."""
    if database["ENGINE"] in DATABASE_DRIVERS:
        module, extra = DATABASE_DRIVERS[database["ENGINE"]]
        require(module, extra, "DATABASE_URL (PostgreSQL)")


# About a kilobyte each: the front page, every section's first page and a day of searches.
FRAGMENTS_KEPT = 3000


def caches():
    """Django's ``CACHES``: Redis when ``REDIS_URL`` is set, so every machine sees the same
    cache; otherwise Django's default, a cache in each process's memory."""
    redis_url = env.read("REDIS_URL")
    if not redis_url:
        return {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            # Rendered story cards (``news_tags.story_card_cache``), kept apart so that a few
            # thousand of them push out none of what requests remember per edition.
            "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                          "LOCATION": "fragments",
                          "OPTIONS": {"MAX_ENTRIES": FRAGMENTS_KEPT}},
        }
    require("redis", "redis", "REDIS_URL")
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": env.read("DATELINE_CACHE_KEY_PREFIX"),
    }
    return {"default": redis, "fragments": redis}


def media_storage():
    """``STORAGES["default"]`` and ``MEDIA_URL`` for S3-compatible object storage, or None
    when ``DATELINE_S3_BUCKET`` is not set (media stay on local disk)."""
    bucket = env.read("DATELINE_S3_BUCKET")
    if not bucket:
        return None
    for module in ("storages", "boto3"):
        require(module, "s3", "DATELINE_S3_BUCKET")
    endpoint = env.read("DATELINE_S3_ENDPOINT_URL")
    domain = env.read("DATELINE_S3_CUSTOM_DOMAIN")
    storage = {
        "BACKEND": S3_STORAGE,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": env.read("DATELINE_S3_REGION"),
            "access_key": env.read("DATELINE_S3_ACCESS_KEY_ID"),
            "secret_key": env.read("DATELINE_S3_SECRET_ACCESS_KEY"),
            "custom_domain": domain,
            # Pages link images by a stable address that browsers and the CDN can cache; a
            # signed one would expire inside cached pages.
            "querystring_auth": False,
            # Two uploads named photo.jpg must both survive, as they do on local disk.
            "file_overwrite": False,
        },
    }
    # The addresses django-storages gives files: the custom domain over HTTPS, path-style on
    # another S3 service, the bucket's own host name on Amazon S3.
    if domain:
        media_url = f"https://{domain}/"
    elif endpoint:
        media_url = f"{endpoint.rstrip('/')}/{bucket}/"
    else:
        media_url = f"https://{bucket}.s3.amazonaws.com/"
    return storage, media_url


def frontend_cache():
    """Wagtail's ``WAGTAILFRONTENDCACHE`` for ``DATELINE_CDN_PURGE``: empty, so nothing is
    purged, when it is not set."""
    kind = (env.read("DATELINE_CDN_PURGE") or "").strip().lower()
    if not kind:
        return {}
    if kind not in PURGE_BACKENDS:
        raise ImproperlyConfigured(
            f"DATELINE_CDN_PURGE must be one of {', '.join(PURGE_BACKENDS)}, not {kind!r}"
        )
    backend = PURGE_BACKENDS[kind]
    if kind in ("http", "varnish"):
        # One backend per cache, so a purge reaches the cache in front of every machine.
        return {
            location: {"BACKEND": backend, "LOCATION": location}
            for location in _required_list("DATELINE_CDN_PURGE_URL", kind)
        }
    if kind == "cloudflare":
        return {
            "cloudflare": {
                "BACKEND": backend,
                "ZONEID": _required("DATELINE_CDN_CLOUDFLARE_ZONE_ID", kind),
                "BEARER_TOKEN": _required("DATELINE_CDN_CLOUDFLARE_TOKEN", kind),
            }
        }
    if kind == "fastly":
        return {
            "fastly": {
                "BACKEND": backend,
                "SERVICE_ID": _required("DATELINE_CDN_FASTLY_SERVICE_ID", kind),
                "API_TOKEN": _required("DATELINE_CDN_FASTLY_TOKEN", kind),
            }
        }
    return {
        "cloudfront": {
            "BACKEND": backend,
            "DISTRIBUTION_ID": _required("DATELINE_CDN_CLOUDFRONT_DISTRIBUTION_ID", kind),
        }
    }


def _required(name, kind):
    value = (env.read(name) or "").strip()
    if not value:
        raise ImproperlyConfigured(f"DATELINE_CDN_PURGE={kind} needs {name} as well")
    return value


def _required_list(name, kind):
    values = env.read_list(name)
    if not values:
        raise ImproperlyConfigured(f"DATELINE_CDN_PURGE={kind} needs {name} as well")
    return values


# Sends nothing: what a site uses until DATELINE_EMAIL_URL is set (dateline.mailroom.outbox
# tells features that need mail by this backend).
NO_MAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The encryption each scheme asks for; smtp:// takes STARTTLS unless ?tls=off says otherwise.
MAIL_SCHEMES = {"smtp": "starttls", "smtp+ssl": "ssl", "smtps": "ssl"}
MAIL_PORTS = {"starttls": 587, "ssl": 465, "off": 25}
# A mail server that stops answering must not hold a request (or a newsletter batch) forever:
# Django's own default is no timeout at all.
MAIL_TIMEOUT_SECONDS = 10
MAIL_URL_FORMS = ("smtp://user:password@host:587, smtp+ssl://user:password@host:465, "
                  "smtp://host:25?tls=off or console:")


class BadMailSetting(ImproperlyConfigured):
    """DATELINE_EMAIL_URL or DATELINE_EMAIL_FROM cannot be used; the message names which."""


def mail():
    """Django's ``EMAIL_*`` settings, ``DEFAULT_FROM_EMAIL`` and ``SERVER_EMAIL`` from
    ``DATELINE_EMAIL_URL`` and ``DATELINE_EMAIL_FROM``: no mail at all when the URL is not set.
    User name and password are percent-decoded, so a password may hold any character."""
    url = (env.read("DATELINE_EMAIL_URL") or "").strip()
    sender = (env.read("DATELINE_EMAIL_FROM") or "").strip()
    settings = {"EMAIL_BACKEND": NO_MAIL_BACKEND}
    if url:
        settings = _mail_server(url)
        if settings["EMAIL_BACKEND"] == SMTP_BACKEND and not sender:
            raise BadMailSetting(
                "DATELINE_EMAIL_URL sends through a mail server, so DATELINE_EMAIL_FROM must "
                "name the sender the server accepts, e.g. "
                "DATELINE_EMAIL_FROM='The Caspian Ledger <newsroom@news.example.org>'"
            )
    if sender:
        settings["DEFAULT_FROM_EMAIL"] = settings["SERVER_EMAIL"] = _checked_sender(sender)
    return settings


def _mail_server(url):
    shown = _without_password(url)
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise BadMailSetting(f"DATELINE_EMAIL_URL {shown!r} is not a valid URL ({error}); "
                             f"use one of {MAIL_URL_FORMS}") from None
    scheme = parts.scheme.lower()
    if scheme == "console":
        if parts.netloc or parts.path.strip("/") or parts.query:
            raise BadMailSetting(f"DATELINE_EMAIL_URL {shown!r}: console: takes nothing after it")
        return {"EMAIL_BACKEND": CONSOLE_BACKEND}
    if scheme not in MAIL_SCHEMES:
        raise BadMailSetting(f"DATELINE_EMAIL_URL {shown!r} has an unknown scheme "
                             f"{parts.scheme!r}; use one of {MAIL_URL_FORMS}")
    if not parts.hostname:
        raise BadMailSetting(f"DATELINE_EMAIL_URL {shown!r} names no mail server host")
    if parts.path.strip("/"):
        raise BadMailSetting(f"DATELINE_EMAIL_URL {shown!r}: a mail server URL has no path "
                             f"({parts.path!r})")
    options = _mail_options(parts.query, shown)
    encryption = MAIL_SCHEMES[scheme]
    if options.get("tls") == "off":
        if encryption == "ssl":
            raise BadMailSetting(f"DATELINE_EMAIL_URL {shown!r}: {scheme}:// is encrypted "
                                 f"from the start; tls=off goes with smtp:// only")
        encryption = "off"
    user = urllib.parse.unquote(parts.username or "")
    password = urllib.parse.unquote(parts.password or "")
    if not (user + password).isascii():
        # smtplib writes AUTH in ASCII only: the first message would fail, not the start.
        raise BadMailSetting(f"DATELINE_EMAIL_URL {shown!r}: the user name and password must "
                             f"be ASCII; mail servers' AUTH takes nothing else")
    if bool(user) != bool(password):
        raise BadMailSetting(f"DATELINE_EMAIL_URL {shown!r} needs both a user name and a "
                             f"password, or neither")
    return {
        "EMAIL_BACKEND": SMTP_BACKEND,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or MAIL_PORTS[encryption],
        "EMAIL_HOST_USER": user,
        "EMAIL_HOST_PASSWORD": password,
        "EMAIL_USE_TLS": encryption == "starttls",
        "EMAIL_USE_SSL": encryption == "ssl",
        "EMAIL_TIMEOUT": options.get("timeout", MAIL_TIMEOUT_SECONDS),
    }


def _mail_options(query, shown):
    options = {}
    for name, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        if name == "tls" and value.lower() in {"on", "off"}:
            options["tls"] = value.lower()
        elif name == "timeout" and _is_positive_number(value):
            options["timeout"] = float(value)
        elif name in {"tls", "timeout"}:
            expected = "on or off" if name == "tls" else "a number of seconds above 0"
            raise BadMailSetting(f"DATELINE_EMAIL_URL {shown!r}: {name} must be {expected}, "
                                 f"not {value!r}")
        else:
            raise BadMailSetting(f"DATELINE_EMAIL_URL {shown!r}: unknown option {name!r} "
                                 f"(known: tls, timeout)")
    return options


def _is_positive_number(value):
    try:
        return 0 < float(value) < float("inf")
    except ValueError:
        return False


def _without_password(url):
    """The URL as an error may show it: the password, if any, replaced by ***."""
    try:
        parts = urllib.parse.urlsplit(url)
        if parts.password is None:
            return url
    except ValueError:
        # Unparseable: show no credentials at all.
        return url.rpartition("@")[2] if "@" in url else url
    credentials, _, host = parts.netloc.rpartition("@")
    user = credentials.partition(":")[0]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def _checked_sender(sender):
    _name, address = parseaddr(sender)
    try:
        validate_email(address)
    except ValidationError:
        raise BadMailSetting(
            f"DATELINE_EMAIL_FROM {sender!r} is not an e-mail address; write it as "
            f"newsroom@news.example.org or 'The Caspian Ledger <newsroom@news.example.org>'"
        ) from None
    return sender

"""The services a site scales out onto, each chosen by environment variables: a cache shared
through Redis, media in S3-compatible object storage, purges sent to a CDN or caching proxy.

Each function builds its Django or Wagtail setting from the environment alone, so that tests
can check every configuration without reloading the settings. The libraries each service needs
are extras of the package (``dateline[postgres]``, ``dateline[redis]``, ``dateline[s3]``): a
setting that asks for one that is not installed stops the start with the extra to install.
"""

import importlib

from django.core.exceptions import ImproperlyConfigured

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


def caches():
    """Django's ``CACHES``: Redis when ``REDIS_URL`` is set, so every machine sees the same
    cache; otherwise Django's default, a cache in each process's memory."""
    redis_url = env.read("REDIS_URL")
    if not redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    require("redis", "redis", "REDIS_URL")
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": env.read("DATELINE_CACHE_KEY_PREFIX"),
        }
    }


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

"""The cache in front of Dateline (Varnish, Fastly, Cloudflare): the keys each response is filed
under there, and purges by those keys.

Pages say the keys of what they show (``dateline.news.cache_keys``); ``EdgeKeysMiddleware``
writes them, with ``everything``, into the header the configured cache reads: ``xkey`` for
Varnish's xkey module, ``Surrogate-Key`` for Fastly, ``Cache-Tag`` for Cloudflare. A change then
purges the keys ``sockets.where_story_appears`` names, in one request per cache (a few for a
CDN's batch limits), whatever the number of URLs and query strings that showed the story.

The backends extend Wagtail's front-end cache backends (``WAGTAILFRONTENDCACHE``, built from
``DATELINE_CDN_PURGE`` in ``settings/engines.py``), so the same backend also purges single
URLs, as Wagtail's do, for what has no key (a redirect's old address). Key purges are sent at
once, after the change commits, from the process that made it: the front must lose a takedown
before the editor's action returns, not when the worker next looks at its queue.
"""

import functools
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from urllib.request import Request, urlopen

from django.conf import settings
from django.utils.module_loading import import_string

from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import BaseBackend, HTTPBackend
from wagtail.contrib.frontend_cache.backends import CloudflareBackend as WagtailCloudflare
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache

from dateline.news import cache_keys

logger = logging.getLogger("dateline.delivery.edge")

TIMEOUT_SECONDS = 10
USER_AGENT = f"Dateline-purge (Wagtail-frontendcache/{wagtail_version})"


class KeyPurging:
    """A front-end cache backend that also purges by key. ``hard`` drops the pages; otherwise
    the cache may serve them once more while it fetches them again, where it can."""

    key_header = None  # the response header the cache files pages under
    key_separator = " "
    keys_per_request = 100

    def purge_keys(self, keys, hard=False):
        keys = sorted(keys)
        for start in range(0, len(keys), self.keys_per_request):
            try:
                self.send_key_purge(keys[start:start + self.keys_per_request], hard)
            except (urllib.error.URLError, OSError, ValueError) as error:
                logger.error("Could not purge keys %s from %s: %s",
                             " ".join(keys[start:start + self.keys_per_request]),
                             type(self).__name__, error)

    def send_key_purge(self, keys, hard):
        raise NotImplementedError


def send(url, *, headers, data=None, method="POST"):
    """Sends a purge request; an answer other than 2xx raises ``HTTPError``.

    Not through ``importers.fetching.fetch``: the address is the operator's own setting, and a
    cache in front usually listens on loopback or a private network, which ``fetch`` refuses.
    """
    # The cache's address is the operator's setting, never a reader's.
    request = Request(url, data=data, headers=headers, method=method)  # nosemgrep
    # Likewise: the operator's own address, see above.
    with urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 # nosec B310 # nosemgrep
        return response.read()


class VarnishBackend(KeyPurging, HTTPBackend):
    """Varnish with the xkey module (``deploy/varnish/dateline.vcl``): ``PURGE`` with an
    ``xkey-purge`` header (or ``xkey-softpurge``) drops every object carrying one of the keys;
    a plain ``PURGE`` of a URL drops that URL, as Wagtail's HTTP backend sends it."""

    key_header = "xkey"

    def send_key_purge(self, keys, hard):
        header = "xkey-purge" if hard else "xkey-softpurge"
        send(urllib.parse.urlunsplit((self.cache_scheme, self.cache_netloc, "/", "", "")),
             headers={header: " ".join(keys), "User-Agent": USER_AGENT}, method="PURGE")


class FastlyBackend(KeyPurging, BaseBackend):
    """Fastly: surrogate-key purges (``POST /service/<id>/purge``, up to 256 keys a request,
    soft with ``Fastly-Soft-Purge: 1``) and single-URL purges (``POST /purge/<host/path>``)."""

    key_header = "Surrogate-Key"
    keys_per_request = 256

    def __init__(self, params):
        super().__init__(params)
        self.service_id = params["SERVICE_ID"]
        self.token = params["API_TOKEN"]
        self.api_url = params.get("API_URL", "https://api.fastly.com").rstrip("/")

    def post(self, path, body=None, soft=False):
        headers = {"Fastly-Key": self.token, "Accept": "application/json",
                   "User-Agent": USER_AGENT}
        if soft:
            headers["Fastly-Soft-Purge"] = "1"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        send(self.api_url + path, data=data, headers=headers)

    def send_key_purge(self, keys, hard):
        self.post(f"/service/{urllib.parse.quote(self.service_id, safe='')}/purge",
                  {"surrogate_keys": keys}, soft=not hard)

    def purge(self, url):
        parts = urllib.parse.urlsplit(url)
        try:
            self.post("/purge/" + parts.netloc + (parts.path or "/")
                      + (f"?{parts.query}" if parts.query else ""))
        except (urllib.error.URLError, OSError) as error:
            logger.error("Could not purge %s from Fastly: %s", url, error)


class CloudflareBackend(KeyPurging, WagtailCloudflare):
    """Cloudflare: Wagtail's backend for URLs, and purges by cache tag (``{"tags": [...]}`` to
    the zone's ``purge_cache``, 30 a request; Cloudflare has no soft purge)."""

    key_header = "Cache-Tag"
    key_separator = ","
    keys_per_request = 30

    def __init__(self, params):
        self.api_url = params.pop("API_URL", "https://api.cloudflare.com/client/v4").rstrip("/")
        super().__init__(params)

    def send_key_purge(self, keys, hard):
        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
        if self.cloudflare_token:
            headers["Authorization"] = f"Bearer {self.cloudflare_token}"
        else:
            headers["X-Auth-Email"] = self.cloudflare_email
            headers["X-Auth-Key"] = self.cloudflare_api_key
        answer = json.loads(send(
            f"{self.api_url}/zones/{urllib.parse.quote(self.cloudflare_zoneid, safe='')}"
            "/purge_cache",
            data=json.dumps({"tags": keys}).encode(), headers=headers))
        if not answer.get("success"):
            raise ValueError(f"Cloudflare refused the purge: {answer.get('errors')}")


@functools.cache
def header_of(backend_paths):
    """(header name, separator) of the first key-purging backend among ``backend_paths``."""
    for path in backend_paths:
        backend = import_string(path)
        if issubclass(backend, KeyPurging):
            return backend.key_header, backend.key_separator
    return None


def key_header():
    """The header (name, separator) the configured cache files pages under, or None when no
    configured cache purges by key."""
    return header_of(tuple(backend["BACKEND"]
                           for backend in settings.WAGTAILFRONTENDCACHE.values()))


class EdgeKeysMiddleware:
    """Writes the keys a page marked (``news.cache_keys.mark``), and ``everything``, into the
    header the configured cache reads, on every answer to a GET or HEAD but static files
    (named by their content: no change purges them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = key_header()
        if (header is not None and request.method in ("GET", "HEAD")
                and not request.path.startswith(settings.STATIC_URL)):
            name, separator = header
            keys = cache_keys.marked(response) | {cache_keys.EVERYTHING}
            response[name] = separator.join(sorted(keys))
        return response


def purge(urls, keys, hard=False):
    """Purges ``keys`` from every cache that purges by key, and the absolute ``urls`` from the
    others (all of them when there are no keys), through Wagtail's task as Wagtail does."""
    backends = get_backends()
    by_key = {name for name, backend in backends.items() if isinstance(backend, KeyPurging)}
    if keys:
        for name in by_key:
            backends[name].purge_keys(keys, hard=hard)
    by_url = sorted(backends.keys() - by_key) if keys else sorted(backends)
    if urls and by_url:
        purge_urls_from_cache(sorted(urls), backends=by_url)

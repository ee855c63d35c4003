"""The page cache: anonymous readers' pages served as ready bytes before Django runs.

An ASGI layer around Django. A GET or HEAD without a session or CSRF cookie, for a public path,
is answered from the store when the page is there and fresh (with a 304 when the reader's copy
is current). On a miss, one request renders the page through Django while the others asking
for it wait for that render, then the page is stored in gzip, Brotli and plain forms.
Responses that set cookies, are private or vary on anything but the encoding are passed
through and never stored. Requests that carry a session, or go to the admin, always reach
Django, and their responses are marked ``private, no-store`` so no cache in front keeps them.
Static files, media and documents pass straight through with their own headers. Pages are keyed
by their canonical path and a variant: the scheme and host as Django sees them, the language
when there are several, and the query string without tracking parameters
(``dateline.delivery.addresses``); Django renders the query it is keyed by.

Pages go stale when the purge (``dateline.delivery.purge``) names their paths softly, or after
``PAGE_CACHE_SECONDS``. For ``stale_while_revalidate`` seconds after that, readers get the stale
page at once while one request per process renders the new one in the background, so a publish
on a busy night never makes readers queue behind renders; a page whose render now fails with
404 is dropped. Later, readers wait for the render. Two changes are never served stale: a hard
purge (a takedown, a privacy change, a correction) drops the page, and no request that came
after it gets a render that began before it; and the moment a page changes by the clock
(``dateline.news.sockets.clock``: midnight, a banner starting, a story's date arriving) ends its
life here and at any CDN, whose ``Cache-Control`` never lets it keep the page past it.
"""

import asyncio
import datetime
import email.utils
import time
import urllib.parse

from asgiref.sync import sync_to_async

from django.db import DatabaseError, close_old_connections

from dateline.delivery.addresses import path_of_url
from dateline.delivery.entries import build_page
from dateline.delivery.reader_requests import ReaderRequest
from dateline.news import sockets

CACHEABLE_STATUSES = {200, 301}
# Vary values that do not split the cache: the cache negotiates the encoding itself, only
# requests without cookies are stored, and the language is in the key when there are several.
HARMLESS_VARY = {"accept-encoding", "cookie", "accept-language"}
# Request headers Django must not see when rendering a page to store: it renders the full,
# uncompressed page for everyone.
RENDER_DROPS = {b"accept-encoding", b"if-none-match", b"if-modified-since", b"range"}
PRIVATE = b"private, no-store"
STALE_IF_ERROR_SECONDS = 86_400


class PageCache:
    def __init__(self, app, store, *, seconds, cdn_seconds, stale_while_revalidate,
                 private_prefixes, pass_prefixes, private_cookies, vary_on_language,
                 secure_proxy_ssl_header=None, reads=None):
        self.app = app
        self.store = store
        self.seconds = seconds
        self.cdn_seconds = cdn_seconds
        self.stale_while_revalidate = stale_while_revalidate
        self.private_prefixes = tuple(private_prefixes)
        self.pass_prefixes = tuple(pass_prefixes)
        self.private_cookies = frozenset(private_cookies)
        self.vary_on_language = vary_on_language
        self.secure_proxy_ssl_header = secure_proxy_ssl_header
        # Told of every answer from the cache (readership's tally of most-read stories).
        self.reads = reads
        # (path, variant) -> (Future of the page this process is rendering, when it began)
        self.renders = {}
        self.revalidations = set()  # background renders' tasks, kept until they finish

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith(self.pass_prefixes):
            return await self.app(scope, receive, send)
        request = ReaderRequest(scope, self)
        if not request.cacheable:
            outgoing = mark_private(send) if request.private else mark_uncached_cookies(send)
            return await self.app(scope, receive, outgoing)
        # Django renders what is stored for everyone: without the reader's tracking parameters.
        scope = {**scope, "query_string": request.query_string}
        page = await self.store.get(request.path, request.variant, request.encodings)
        now = time.time()
        if page is not None and page.fresh(now):
            return await self.answer(page, request, send, b"hit")
        if page is not None and now < page.stale_until(self.stale_while_revalidate):
            self.revalidate(request, scope)
            return await self.answer(page, request, send, b"stale")
        await self.render(request, scope, receive, send, stale=page)

    async def answer(self, page, request, send, state):
        if self.reads is not None:
            self.reads.saw(request, page)
        await respond(page, request, send, state)

    def revalidate(self, request, scope):
        """Renders the page again in the background, unless this process already is."""
        key = (request.path, request.variant)
        if key in self.renders:
            return
        # Registered before the task starts, so this process's other readers do not start one.
        future = asyncio.get_running_loop().create_future()
        self.renders[key] = (future, time.time())
        task = asyncio.create_task(self.refresh(request, scope, future))
        self.revalidations.add(task)
        task.add_done_callback(self.revalidations.discard)

    async def refresh(self, request, scope, future):
        key = (request.path, request.variant)
        page = None
        claimed = False
        try:
            claimed = await self.store.claim_render(request.path, request.variant)
            if not claimed:
                return  # another process is rendering it for the shared store
            started = time.time()
            status, headers, body = await self.capture(scope, body_already_read())
            lifetime = self.lifetime(status, headers)
            if lifetime is not None:
                page = await self.store_page(request, status, headers, body, started, lifetime)
            elif status < 500:
                # Unpublished, moved or now private: the stale copy must not be served again.
                await self.store.discard(request.path, request.variant)
        finally:
            del self.renders[key]
            future.set_result(page)
            if claimed:
                await self.store.release_render(request.path, request.variant)

    async def render(self, request, scope, receive, send, stale):
        key = (request.path, request.variant)
        waiting = self.renders.get(key)
        if waiting is not None:
            future, began = waiting
            page = await asyncio.shield(future)
            if page is None:  # not to be stored: each request has its own answer
                return await self.app(scope, receive, mark_uncached_cookies(send))
            if await self.store.hard_purged_since(request.path, began):
                # It may show what was taken down: those who waited for it share one new
                # render. Each rendering its own cost 4.5 ms of CPU a poll when 5,000 readers
                # of a live blog asked for its fragment after each update (0.17 ms after).
                # One who asks after that render ended takes its page: a store never gives
                # back a page whose render began before a hard purge.
                page = await self.store.get(request.path, request.variant, request.encodings)
                if page is not None and page.fresh(time.time()):
                    return await self.answer(page, request, send, b"hit")
                return await self.render(request, scope, receive, send, stale)
            return await self.answer(page, request, send, b"hit")
        # Registered before the first await, so this process's other requests wait on it.
        future = asyncio.get_running_loop().create_future()
        self.renders[key] = (future, time.time())
        page = None
        claimed = False
        try:
            claimed = await self.store.claim_render(request.path, request.variant)
            if not claimed:
                page = await self.store.wait_for_render(request.path, request.variant,
                                                        request.encodings)
                if page is not None:
                    return await self.answer(page, request, send, b"hit")
            started = time.time()
            status, headers, body = await self.capture(scope, receive)
            lifetime = self.lifetime(status, headers)
            if lifetime is not None:
                page = await self.store_page(request, status, headers, body, started, lifetime)
        finally:
            del self.renders[key]
            future.set_result(page)
            if claimed:
                await self.store.release_render(request.path, request.variant)
        if page is not None:
            return await self.answer(page, request, send, b"miss")
        if status >= 500 and stale is not None and time.time() < stale.stale_until(
                STALE_IF_ERROR_SECONDS):
            return await self.answer(stale, request, send, b"stale")
        await send_captured(send, status, headers, body, request.method)

    async def capture(self, scope, receive):
        render_scope = {
            **scope,
            "method": "GET",
            "headers": [(name, value) for name, value in scope["headers"]
                        if name not in RENDER_DROPS],
        }
        response = {"status": 500, "headers": [], "body": []}

        async def collect(message):
            if message["type"] == "http.response.start":
                response["status"] = message["status"]
                response["headers"] = [(name.lower(), value)
                                       for name, value in message.get("headers", [])]
            elif message["type"] == "http.response.body":
                response["body"].append(message.get("body", b""))

        await self.app(render_scope, receive, collect)
        return response["status"], response["headers"], b"".join(response["body"])

    def lifetime(self, status, headers):
        """Seconds to keep the response, or None when it must not be stored."""
        if status not in CACHEABLE_STATUSES:
            return None
        seconds = self.seconds
        for name, value in headers:
            if name == b"set-cookie":
                return None
            if name == b"vary":
                varies = {part.strip().lower() for part in value.decode("latin-1").split(",")}
                if varies - HARMLESS_VARY:
                    return None
            if name == b"cache-control":
                directives = parse_cache_control(value)
                if {"private", "no-store", "no-cache"} & directives.keys():
                    return None
                if "max-age" in directives:
                    try:
                        seconds = min(seconds, int(directives["max-age"]))
                    except ValueError:
                        return None
        return seconds if seconds > 0 else None

    async def store_page(self, request, status, headers, body, rendered_at, lifetime):
        if redirects_to_itself(request, status, headers):
            return None
        expires_at = rendered_at + lifetime
        try:
            next_change = await sync_to_async(next_change_after)(rendered_at)
        except DatabaseError:
            return None
        changes_at = next_change.timestamp() if next_change is not None else None
        if changes_at is not None:
            expires_at = min(expires_at, changes_at)
        if expires_at <= time.time():
            return None
        cdn_seconds = min(self.cdn_seconds, lifetime)
        cache_control = (f"public, max-age=0, s-maxage={cdn_seconds}, "
                         f"stale-while-revalidate={self.stale_while_revalidate}, "
                         f"stale-if-error={STALE_IF_ERROR_SECONDS}").encode()
        page = await asyncio.to_thread(build_page, status, headers, body, now=rendered_at,
                                       expires_at=expires_at, cache_control=cache_control,
                                       changes_at=changes_at)
        await self.store.put(request.path, request.variant, page)
        return page


def redirects_to_itself(request, status, headers):
    """A redirect to the same path on another scheme or host (to HTTPS, to www.) answers how
    the request arrived, which the key does not fully hold: stored, it would loop."""
    if not 300 <= status < 400:
        return False
    location = next((value for name, value in headers if name == b"location"), None)
    if location is None:
        return False
    target = urllib.parse.urlsplit(location.decode("latin-1"))
    return bool(target.netloc) and path_of_url(target.path) == request.path


def body_already_read():
    """An ASGI ``receive`` for a render with no reader attached: an empty body, then nothing
    (Django listens for a disconnect until the response is sent)."""
    delivered = False

    async def receive():
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()

    return receive


def next_change_after(timestamp):
    # This thread is outside Django's request cycle, which would otherwise drop a connection
    # that broke (a database restart).
    close_old_connections()
    return sockets.next_change_by_clock(
        datetime.datetime.fromtimestamp(timestamp, datetime.UTC))


def parse_cache_control(value):
    directives = {}
    for part in value.decode("latin-1").lower().split(","):
        name, _, argument = part.strip().partition("=")
        if name:
            directives[name] = argument.strip('"')
    return directives


def not_modified(page, request):
    if request.if_none_match is not None:
        tags = {tag.strip().removeprefix(b"W/") for tag in request.if_none_match.split(b",")}
        return page.etag in tags or b"*" in tags
    if request.if_modified_since is not None:
        try:
            since = email.utils.parsedate_to_datetime(request.if_modified_since.decode("latin-1"))
            modified = email.utils.parsedate_to_datetime(page.last_modified.decode("latin-1"))
        except (TypeError, ValueError):
            return False
        return since.tzinfo is not None and modified <= since
    return False


async def respond(page, request, send, state):
    encoding = page.encoding_for(request.encodings)
    headers = page.response_headers(encoding, state, time.time())
    if not_modified(page, request):
        kept = {b"etag", b"last-modified", b"cache-control", b"vary", b"x-dateline-cache"}
        await send({"type": "http.response.start", "status": 304,
                    "headers": [(name, value) for name, value in headers if name in kept]})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": page.status, "headers": headers})
    body = page.bodies[encoding] if request.method != "HEAD" else b""
    await send({"type": "http.response.body", "body": body})


async def send_captured(send, status, headers, body, method):
    if any(name == b"set-cookie" for name, _ in headers):
        headers = with_private_cache_control(headers)
    await send({"type": "http.response.start", "status": status,
                "headers": [*headers, (b"x-dateline-cache", b"bypass")]})
    await send({"type": "http.response.body", "body": body if method != "HEAD" else b""})


def with_private_cache_control(headers):
    for name, value in headers:
        if name == b"cache-control":
            directives = parse_cache_control(value)
            if "private" in directives or "no-store" in directives:
                return headers
    return [*(header for header in headers if header[0] != b"cache-control"),
            (b"cache-control", PRIVATE)]


def mark_private(send):
    """Responses to signed-in people and the admin are never kept by a cache in front."""
    async def private_send(message):
        if message["type"] == "http.response.start":
            headers = [(name.lower(), value) for name, value in message.get("headers", [])]
            message = {**message, "headers": [*with_private_cache_control(headers),
                                              (b"x-dateline-cache", b"bypass")]}
        await send(message)
    return private_send


def mark_uncached_cookies(send):
    """A response that sets a cookie is one reader's: never kept by a cache in front."""
    async def checked_send(message):
        if message["type"] == "http.response.start":
            headers = [(name.lower(), value) for name, value in message.get("headers", [])]
            if any(name == b"set-cookie" for name, _ in headers):
                headers = with_private_cache_control(headers)
            message = {**message, "headers": [*headers, (b"x-dateline-cache", b"bypass")]}
        await send(message)
    return checked_send

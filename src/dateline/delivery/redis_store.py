"""Cached pages in Redis, shared by every server process and machine (``REDIS_URL``).

A module of its own so that a server without Redis does not import the client (4 MB per worker).
"""

import asyncio
import time

import redis
import redis.asyncio

from dateline.delivery.addresses import has_query
from dateline.delivery.entries import CachedPage
from dateline.news import edition

# Stores a version of a path with a query string, unless the path has ``cap`` of them already;
# first deletes those past their time. Atomic, so servers storing at once cannot pass the cap.
# KEYS: the path's query hash, its index (variant -> when it may be deleted).
# ARGV: now, cap, variant, when it may be deleted, milliseconds to keep both keys, the field
# suffixes of a variant (space-separated), then the fields and values to store.
STORE_QUERY_VARIANT = """
local dead = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
for _, variant in ipairs(dead) do
  for suffix in string.gmatch(ARGV[6], '%S+') do
    redis.call('HDEL', KEYS[1], variant .. '|' .. suffix)
  end
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
if not redis.call('ZSCORE', KEYS[2], ARGV[3])
    and redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV, 7))
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
for _, key in ipairs(KEYS) do
  if redis.call('PEXPIRE', key, ARGV[5], 'GT') == 0 then
    redis.call('PEXPIRE', key, ARGV[5], 'NX')
  end
end
return 1
"""
FIELD_SUFFIXES = ("meta", "identity", "gzip", "br")


class RedisStore:
    """Pages in Redis. Per path, one hash holds each version's metadata and bodies and when the
    path was last purged (softly, and hard), so one round trip answers a request and one write
    purges a path; the versions with a query string live in a second hash, indexed by when each
    may be deleted, so their number stays capped and a purge deletes them all at once. A page
    stored before a hard purge is never answered: a render that began before it may store it
    afterwards, and a purge of everything marks the paths being rendered as well as those
    stored."""

    PURGED_AT = "purged_at"
    HARD_PURGED_AT = "hard_purged_at"

    RENDER_CLAIM_SECONDS = 10
    POLL_SECONDS = 0.02

    def __init__(self, url, prefix, keep_stale_seconds, query_variants=32):
        self.url = url
        self.prefix = f"{prefix}:pages"
        self.keep_stale_seconds = keep_stale_seconds
        self.query_variants = query_variants
        self.clients = {}
        self.edition_since = 0.0  # when this process last started an edition for a purge

    def client(self):
        # redis.asyncio connections belong to the event loop that made them.
        loop = asyncio.get_running_loop()
        client = self.clients.get(loop)
        if client is None:
            client = self.clients[loop] = redis.asyncio.Redis.from_url(self.url)
        return client

    def key(self, path):
        return f"{self.prefix}:page:{path}"

    def query_key(self, path):
        return f"{self.prefix}:query:{path}"

    def query_index_key(self, path):
        return f"{self.prefix}:queries:{path}"

    async def get(self, path, variant, encodings):
        """The page with the best of ``encodings`` it holds (identity always); None also
        while Redis is unreachable, so pages are rendered instead of failing."""
        fields = [f"{variant}|meta", *(f"{variant}|{encoding}" for encoding in encodings),
                  f"{variant}|identity"]
        try:
            purged_at, hard_purged_at, metadata, *bodies = await self.read(path, variant, fields)
        except redis.RedisError:
            return None
        if hard_purged_at is not None:
            self.follow_hard_purge(float(hard_purged_at))
        if metadata is None:
            return None
        for encoding, body in zip([*encodings, "identity"], bodies, strict=True):
            if body is not None:
                page = CachedPage.from_metadata(metadata, {encoding: body})
                if hard_purged_at is not None and page.stored_at <= float(hard_purged_at):
                    return None
                if purged_at is not None and page.stored_at <= float(purged_at):
                    page.expires_at = min(page.expires_at, float(purged_at))
                return page
        return None

    async def read(self, path, variant, fields):
        """When ``path`` was last purged, softly and hard, then the variant's ``fields``."""
        marks = [self.PURGED_AT, self.HARD_PURGED_AT]
        if not has_query(variant):
            return await self.client().hmget(self.key(path), [*marks, *fields])
        async with self.client().pipeline(transaction=False) as pipeline:
            pipeline.hmget(self.key(path), marks)
            pipeline.hmget(self.query_key(path), fields)
            marked, values = await pipeline.execute()
        return [*marked, *values]

    def follow_hard_purge(self, purged_at):
        """What this process remembers for rendering may be older than a hard purge made
        elsewhere (Django's cache need not be shared): it is read again before the render."""
        if purged_at >= self.edition_since:
            self.edition_since = time.time()
            edition.start_new_edition()

    async def put(self, path, variant, page):
        fields = {f"{variant}|meta": page.metadata()}
        fields.update({f"{variant}|{encoding}": body for encoding, body in page.bodies.items()})
        key = self.key(path)
        keep_ms = int((page.expires_at - time.time() + self.keep_stale_seconds) * 1000)
        if has_query(variant):
            return await self.put_query_variant(path, variant, page, fields, max(keep_ms, 1000))
        try:
            async with self.client().pipeline(transaction=True) as pipeline:
                pipeline.hset(key, mapping=fields)
                pipeline.pexpire(key, max(keep_ms, 1000), gt=True)
                pipeline.pexpire(key, max(keep_ms, 1000), nx=True)
                await pipeline.execute()
        except redis.RedisError:
            return

    async def put_query_variant(self, path, variant, page, fields, keep_ms):
        arguments = [time.time(), self.query_variants, variant,
                     page.expires_at + self.keep_stale_seconds, keep_ms,
                     " ".join(FIELD_SUFFIXES)]
        for name, value in fields.items():
            arguments += [name, value]
        try:
            await self.client().eval(STORE_QUERY_VARIANT, 2, self.query_key(path),
                                     self.query_index_key(path), *arguments)
        except redis.RedisError:
            return

    async def discard(self, path, variant):
        fields = [f"{variant}|{suffix}" for suffix in FIELD_SUFFIXES]
        try:
            if has_query(variant):
                async with self.client().pipeline(transaction=True) as pipeline:
                    pipeline.hdel(self.query_key(path), *fields)
                    pipeline.zrem(self.query_index_key(path), variant)
                    await pipeline.execute()
            else:
                await self.client().hdel(self.key(path), *fields)
        except redis.RedisError:
            return

    async def hard_purged_since(self, path, moment):
        """True when ``path`` was purged hard at or after ``moment`` (a render's start)."""
        try:
            purged_at = await self.client().hget(self.key(path), self.HARD_PURGED_AT)
        except redis.RedisError:
            return True
        return purged_at is not None and float(purged_at) >= moment

    def claim_key(self, path, variant):
        return f"{self.prefix}:rendering:{variant}|{path}"

    async def claim_render(self, path, variant):
        """True when this process renders the page; others wait for it to be stored."""
        try:
            # The claim holds the path, for a hard purge of everything to find.
            return bool(await self.client().set(self.claim_key(path, variant), path, nx=True,
                                                ex=self.RENDER_CLAIM_SECONDS))
        except redis.RedisError:
            return True

    async def release_render(self, path, variant):
        try:
            await self.client().delete(self.claim_key(path, variant))
        except redis.RedisError:
            return

    async def wait_for_render(self, path, variant, encodings):
        """The page another process is rendering, once stored; None if it gave up."""
        deadline = time.monotonic() + self.RENDER_CLAIM_SECONDS
        while time.monotonic() < deadline:
            await asyncio.sleep(self.POLL_SECONDS)
            page = await self.get(path, variant, encodings)
            if page is not None and page.fresh(time.time()):
                return page
            try:
                if not await self.client().exists(self.claim_key(path, variant)):
                    return None
            except redis.RedisError:
                return None
        return None

    def purge(self, paths, hard=False):
        # What every process remembers for rendering (in Django's cache, Redis too) may have
        # been read before the change committed. A new edition starts before the purge is
        # marked, so a render that begins after the mark, and is stored as fresh, reads
        # everything again.
        edition.start_new_edition()
        with redis.Redis.from_url(self.url) as client:
            self.mark_purged(client, paths, hard)

    def purge_everything(self, hard=False):
        edition.start_new_edition()  # as for purge()
        with redis.Redis.from_url(self.url) as client:
            # The time first: a render that began before it claimed its path before it, so
            # the claim is still there for the scan to find.
            now = time.time()
            keys = client.scan_iter(match=f"{self.prefix}:*", count=1000)
            for batch in self.batches(key.decode("utf-8", "replace") for key in keys):
                self.mark_purged(client, self.paths_of(client, batch, hard), hard, now)

    @staticmethod
    def batches(keys, size=1000):
        batch = []
        for key in keys:
            batch.append(key)
            if len(batch) == size:
                yield batch
                batch = []
        yield batch

    def paths_of(self, client, keys, hard):
        """The paths ``keys`` hold versions of and, for a hard purge, the paths their render
        claims name."""
        paths = {path for path in map(self.path_of_key, keys) if path is not None}
        claims = [key for key in keys if key.startswith(f"{self.prefix}:rendering:")]
        if hard and claims:
            paths.update(path.decode() for path in client.mget(claims) if path is not None)
        return paths

    def path_of_key(self, key):
        for kind in ("page", "query", "queries"):
            start = f"{self.prefix}:{kind}:"
            if key.startswith(start):
                return key.removeprefix(start)
        return None

    def mark_purged(self, client, paths, hard=False, now=None):
        """Notes the purge time on each path (and the hard purge's, when ``hard``), kept at
        least as long as a render may run, and deletes its versions with a query string. The
        page itself is kept stale no longer than ``keep_stale_seconds``."""
        if not paths:
            return
        now = now or time.time()
        keep_ms = int(max(self.keep_stale_seconds, self.RENDER_CLAIM_SECONDS) * 1000)
        fields = {self.PURGED_AT: repr(now)}
        if hard:
            fields[self.HARD_PURGED_AT] = repr(now)
        with client.pipeline(transaction=False) as pipeline:
            for path in paths:
                pipeline.hset(self.key(path), mapping=fields)
                pipeline.pexpire(self.key(path), keep_ms, lt=True)
                pipeline.delete(self.query_key(path), self.query_index_key(path))
            pipeline.execute()

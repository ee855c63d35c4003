"""Where cached pages live: in each server process (the default), or in Redis, shared by every
process and machine.

Pages are filed by URL path, then by a variant (host, query string), so a purge names paths
and marks every variant of each stale at once. A purged page is kept: the page cache answers
with it while one request renders the new one (stale-while-revalidate), and a render that
began before the purge is stored already stale, so it never brings the old page back.
"""

import asyncio
import collections
import fcntl
import os
import time
from pathlib import Path

import redis
import redis.asyncio

from dateline.delivery.entries import CachedPage
from dateline.news import edition

EVERYTHING = "*"


class PurgeLog:
    """An append-only file of purged paths that every server process on the machine follows.

    Purges happen wherever a page is published (a server process, the worker, a management
    command); each process reads the new lines before it answers from its own memory. Reading
    costs one ``stat`` per request when nothing changed.
    """

    ROTATE_AT_BYTES = 1 << 20

    def __init__(self, path):
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.started = False
        self.inode = None
        self.offset = 0

    def append(self, paths):
        lines = "".join(f"{path}\n" for path in paths if "\n" not in path)
        if not lines:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            # A reader that finds a new file drops everything, so nothing appended to the old
            # one before the rotation is missed.
            if self.path.exists() and self.path.stat().st_size > self.ROTATE_AT_BYTES:
                self.path.unlink()
            with open(self.path, "a", encoding="utf-8") as log:
                log.write(lines)

    def read_new(self):
        """Paths purged since the last call; EVERYTHING when the log was rotated or lost.
        The first call only notes where the log ends: nothing was cached before it."""
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            status = None
        if not self.started:
            self.started = True
            if status is not None:
                self.inode, self.offset = status.st_ino, status.st_size
            return []
        if status is None:
            lost = self.inode is not None
            self.inode, self.offset = None, 0
            return [EVERYTHING] if lost else []
        if status.st_ino != self.inode:
            rotated = self.inode is not None
            self.inode, self.offset = status.st_ino, 0
            if rotated:
                self.offset = status.st_size
                return [EVERYTHING]
        if status.st_size <= self.offset:
            return []
        with open(self.path, "rb") as log:
            log.seek(self.offset)
            chunk = log.read(status.st_size - self.offset)
        complete = chunk.rfind(b"\n") + 1
        self.offset += complete
        return chunk[:complete].decode("utf-8", "replace").splitlines()


class LocalStore:
    """Pages in this process's memory, least recently used dropped beyond ``max_bytes``."""

    # Longer than any render takes; a render this old has given up.
    REMEMBER_PURGES_SECONDS = 120

    def __init__(self, purge_log, max_bytes):
        self.purge_log = purge_log
        self.max_bytes = max_bytes
        self.pages = collections.OrderedDict()  # (path, variant) -> CachedPage
        self.variants = {}  # path -> {variant}
        self.bytes = 0
        self.purged_at = {}  # path -> when it was last purged, for renders still running
        self.everything_purged_at = 0.0

    async def get(self, path, variant, encodings):
        self.catch_up()
        page = self.pages.get((path, variant))
        if page is not None:
            self.pages.move_to_end((path, variant))
        return page

    async def put(self, path, variant, page):
        self.catch_up()
        purged_at = max(self.purged_at.get(path, 0.0), self.everything_purged_at)
        if page.stored_at <= purged_at:
            page.expires_at = min(page.expires_at, page.stored_at)
        self.drop(path, variant)
        size = page.size()
        if size > self.max_bytes // 4:
            return
        self.pages[(path, variant)] = page
        self.variants.setdefault(path, set()).add(variant)
        self.bytes += size
        while self.bytes > self.max_bytes:
            (old_path, old_variant), _ = next(iter(self.pages.items()))
            self.drop(old_path, old_variant)

    def drop(self, path, variant):
        page = self.pages.pop((path, variant), None)
        if page is None:
            return
        self.bytes -= page.size()
        variants = self.variants[path]
        variants.discard(variant)
        if not variants:
            del self.variants[path]

    async def discard(self, path, variant):
        self.drop(path, variant)

    def catch_up(self):
        purged = self.purge_log.read_new()
        if not purged:
            return
        # What this process remembers for rendering (menus, bylines, counts) may be as old as
        # the pages just purged: the next render must not bring them back.
        edition.start_new_edition()
        now = time.time()
        self.purged_at = {path: at for path, at in self.purged_at.items()
                          if at > now - self.REMEMBER_PURGES_SECONDS}
        for path in purged:
            if path == EVERYTHING:
                self.everything_purged_at = now
                for page in self.pages.values():
                    page.expires_at = min(page.expires_at, now)
            else:
                self.purged_at[path] = now
                for variant in self.variants.get(path, ()):
                    page = self.pages[(path, variant)]
                    page.expires_at = min(page.expires_at, now)

    async def claim_render(self, path, variant):
        """Other processes render for themselves: each has its own memory."""
        return True

    async def release_render(self, path, variant):
        pass

    async def wait_for_render(self, path, variant, encodings):
        return None

    def purge(self, paths):
        self.purge_log.append(paths)

    def purge_everything(self):
        self.purge_log.append([EVERYTHING])


class RedisStore:
    """Pages in Redis: one hash per path, holding each variant's metadata and bodies, and when
    the path was last purged, so one round trip answers a request and one write purges a path."""

    PURGED_AT = "purged_at"

    RENDER_CLAIM_SECONDS = 10
    POLL_SECONDS = 0.02

    def __init__(self, url, prefix, keep_stale_seconds):
        self.url = url
        self.prefix = f"{prefix}:pages"
        self.keep_stale_seconds = keep_stale_seconds
        self.clients = {}

    def client(self):
        # redis.asyncio connections belong to the event loop that made them.
        loop = asyncio.get_running_loop()
        client = self.clients.get(loop)
        if client is None:
            client = self.clients[loop] = redis.asyncio.Redis.from_url(self.url)
        return client

    def key(self, path):
        return f"{self.prefix}:page:{path}"

    async def get(self, path, variant, encodings):
        """The page with the best of ``encodings`` it holds (identity always); None also
        while Redis is unreachable, so pages are rendered instead of failing."""
        fields = [self.PURGED_AT, f"{variant}|meta",
                  *(f"{variant}|{encoding}" for encoding in encodings), f"{variant}|identity"]
        try:
            purged_at, metadata, *bodies = await self.client().hmget(self.key(path), fields)
        except redis.RedisError:
            return None
        if metadata is None:
            return None
        for encoding, body in zip([*encodings, "identity"], bodies, strict=True):
            if body is not None:
                page = CachedPage.from_metadata(metadata, {encoding: body})
                if purged_at is not None and page.stored_at <= float(purged_at):
                    page.expires_at = min(page.expires_at, float(purged_at))
                return page
        return None

    async def put(self, path, variant, page):
        fields = {f"{variant}|meta": page.metadata()}
        fields.update({f"{variant}|{encoding}": body for encoding, body in page.bodies.items()})
        key = self.key(path)
        keep_ms = int((page.expires_at - time.time() + self.keep_stale_seconds) * 1000)
        try:
            async with self.client().pipeline(transaction=True) as pipeline:
                pipeline.hset(key, mapping=fields)
                pipeline.pexpire(key, max(keep_ms, 1000), gt=True)
                pipeline.pexpire(key, max(keep_ms, 1000), nx=True)
                await pipeline.execute()
        except redis.RedisError:
            return

    async def discard(self, path, variant):
        try:
            await self.client().hdel(self.key(path), f"{variant}|meta")
        except redis.RedisError:
            return

    def claim_key(self, path, variant):
        return f"{self.prefix}:rendering:{variant}|{path}"

    async def claim_render(self, path, variant):
        """True when this process renders the page; others wait for it to be stored."""
        try:
            return bool(await self.client().set(self.claim_key(path, variant), b"1", nx=True,
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

    def purge(self, paths):
        with redis.Redis.from_url(self.url) as client:
            self.mark_purged(client, [self.key(path) for path in paths])

    def purge_everything(self):
        with redis.Redis.from_url(self.url) as client:
            batch = []
            for key in client.scan_iter(match=f"{self.prefix}:page:*", count=1000):
                batch.append(key)
                if len(batch) == 1000:
                    self.mark_purged(client, batch)
                    batch = []
            self.mark_purged(client, batch)

    def mark_purged(self, client, keys):
        """Notes the purge time on each path, kept at least as long as a render may run (a
        path that held nothing gets no other expiry)."""
        if not keys:
            return
        now = time.time()
        keep_ms = int(max(self.keep_stale_seconds, self.RENDER_CLAIM_SECONDS) * 1000)
        with client.pipeline(transaction=False) as pipeline:
            for key in keys:
                pipeline.hset(key, self.PURGED_AT, repr(now))
                pipeline.pexpire(key, keep_ms, nx=True)
            pipeline.execute()

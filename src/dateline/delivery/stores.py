"""Where cached pages live: in each server process (the default), or in Redis, shared by every
process and machine (``dateline.delivery.redis_store``).

Pages are filed by canonical URL path (``dateline.delivery.addresses``), then by a variant
(scheme, host, language, query string), so a purge names paths and reaches every variant of each
at once. A soft purge keeps the page: the page cache answers with it while one request renders
the new one (stale-while-revalidate), and a render that began before the purge is stored already
stale, so it never brings the old page back. A hard purge (a takedown, a privacy change, a
correction) drops the page at once, and a render that began before it is never stored nor handed
to a request that came after it. Versions with a query string are few per path (beyond
``query_variants`` they are not stored) and any purge deletes them, freeing their memory.
"""

import collections
import fcntl
import os
import time
from pathlib import Path

from dateline.delivery.addresses import has_query
from dateline.news import edition

EVERYTHING = "*"
# Marks a hard purge in the purge log, before the path or EVERYTHING.
HARD = "!"


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

    def __init__(self, purge_log, max_bytes, query_variants=32):
        self.purge_log = purge_log
        self.max_bytes = max_bytes
        self.query_variants = query_variants
        self.pages = collections.OrderedDict()  # (path, variant) -> CachedPage
        self.variants = {}  # path -> {variant}
        self.bytes = 0
        self.purged_at = {}  # path -> when it was last purged, for renders still running
        self.everything_purged_at = 0.0
        self.hard_purged_at = {}  # path -> when it was last purged hard
        self.everything_hard_purged_at = 0.0

    async def get(self, path, variant, encodings):
        self.catch_up()
        page = self.pages.get((path, variant))
        if page is not None:
            self.pages.move_to_end((path, variant))
        return page

    async def put(self, path, variant, page):
        self.catch_up()
        if self.purged_hard_since(path, page.stored_at):
            return
        purged_at = max(self.purged_at.get(path, 0.0), self.everything_purged_at)
        if page.stored_at <= purged_at:
            page.expires_at = min(page.expires_at, page.stored_at)
        if has_query(variant) and not self.room_for_query(path, variant):
            return
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

    def room_for_query(self, path, variant):
        """Whether another version of ``path`` with a query may be stored; expired ones make
        room."""
        if len(self.query_variants_of(path, besides=variant)) < self.query_variants:
            return True
        now = time.time()
        for other in self.query_variants_of(path, besides=variant):
            if not self.pages[(path, other)].fresh(now):
                self.drop(path, other)
        return len(self.query_variants_of(path, besides=variant)) < self.query_variants

    def query_variants_of(self, path, besides=None):
        return [other for other in self.variants.get(path, ())
                if has_query(other) and other != besides]

    def forget_query_variants(self, path):
        for variant in self.query_variants_of(path):
            self.drop(path, variant)

    async def discard(self, path, variant):
        self.drop(path, variant)

    async def hard_purged_since(self, path, moment):
        """True when ``path`` was purged hard at or after ``moment`` (a render's start)."""
        self.catch_up()
        return self.purged_hard_since(path, moment)

    def purged_hard_since(self, path, moment):
        return max(self.hard_purged_at.get(path, 0.0), self.everything_hard_purged_at) >= moment

    def catch_up(self):
        purged = self.purge_log.read_new()
        if not purged:
            return
        # What this process remembers for rendering (menus, bylines, counts) may be as old as
        # the pages just purged: the next render must not bring them back.
        edition.start_new_edition()
        now = time.time()
        self.purged_at = recent(self.purged_at, now - self.REMEMBER_PURGES_SECONDS)
        self.hard_purged_at = recent(self.hard_purged_at, now - self.REMEMBER_PURGES_SECONDS)
        for line in purged:
            path = line.removeprefix(HARD)
            if path == EVERYTHING:
                self.everything_purged_at = now
                for each_path in list(self.variants):
                    self.forget_query_variants(each_path)
                for page in self.pages.values():
                    page.expires_at = min(page.expires_at, now)
            else:
                self.purged_at[path] = now
                self.forget_query_variants(path)
                for variant in self.variants.get(path, ()):
                    page = self.pages[(path, variant)]
                    page.expires_at = min(page.expires_at, now)
            if line.startswith(HARD):
                self.drop_hard(path, now)

    def drop_hard(self, path, now):
        """Nothing stored before a hard purge is answered again, not even as stale."""
        if path == EVERYTHING:
            self.everything_hard_purged_at = now
            keys = list(self.pages)
        else:
            self.hard_purged_at[path] = now
            keys = [(path, variant) for variant in list(self.variants.get(path, ()))]
        for key in keys:
            self.drop(*key)

    async def claim_render(self, path, variant):
        """Other processes render for themselves: each has its own memory."""
        return True

    async def release_render(self, path, variant):
        pass

    async def wait_for_render(self, path, variant, encodings):
        return None

    def purge(self, paths, hard=False):
        self.purge_log.append([HARD + path if hard else path for path in paths])

    def purge_everything(self, hard=False):
        self.purge_log.append([HARD + EVERYTHING if hard else EVERYTHING])


def recent(moments, since):
    return {path: at for path, at in moments.items() if at > since}

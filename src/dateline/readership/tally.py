"""Counting reads where the page cache serves them: in memory in each server process, added to
the database (and to Redis, when it is configured) every few seconds, and once more when the
process ends.

A read is a GET of a story's own page answered by the page cache (fresh, stale, rendered, or a
304 to a reader whose copy is current) for a User-Agent that is a browser (``bots``). The page
says it is a story's with the ``X-Dateline-Story`` header (``middleware``), stored with its
bytes, so a hit costs a look through the page's few headers and a dictionary increment on the
event loop; nothing about the reader is kept, not even for a moment.
"""

import asyncio
import atexit
import collections
import datetime
import logging
import time

from django.db import DatabaseError, close_old_connections, connection, transaction

from dateline.readership import bots
from dateline.readership.models import StoryReads

logger = logging.getLogger("dateline.readership")

STORY_HEADER = b"x-dateline-story"
HOUR = 3600
# The database takes each process's counts as one statement per story and hour.
UPSERT = (
    f"INSERT INTO {StoryReads._meta.db_table} (story_id, hour, reads) "  # nosec B608 # the model's
    "VALUES (%s, %s, %s) ON CONFLICT (story_id, hour) DO UPDATE SET "  # table name; values are
    f"reads = {StoryReads._meta.db_table}.reads "  # parameters
    "+ excluded.reads"
)


class ReadTally:
    """This process's reads not yet written: ``{(story pk as bytes, hour number): reads}``.

    ``saw()`` runs on the server's event loop, and so does the swap of the counts for an empty
    tally before each write, so no read can fall between them; a write that fails puts its
    counts back for the next one."""

    def __init__(self, *, flush_seconds, shared=None):
        self.flush_seconds = flush_seconds
        self.shared = shared  # a RedisReads when REDIS_URL is set
        self.counts = collections.Counter()
        self.flusher = None
        atexit.register(self.flush_now)

    def saw(self, request, page):
        """The page cache answered ``request`` with ``page``."""
        if request.method != "GET" or not bots.is_reader(request.user_agent):
            return
        for name, value in page.headers:
            if name == STORY_HEADER:
                # The id stays as the header's bytes until the write: cheaper on every hit.
                self.counts[value, int(time.time()) // HOUR] += 1
                if self.flusher is None:
                    self.flusher = asyncio.get_running_loop().create_task(self.flush_every())
                return

    async def flush_every(self):
        while True:
            await asyncio.sleep(self.flush_seconds)
            await self.flush()

    async def flush(self):
        counts, self.counts = self.counts, collections.Counter()
        if counts and not await asyncio.to_thread(self.write, counts):
            self.counts.update(counts)

    async def close(self):
        """Writes what is left as the server shuts down (the ASGI lifespan's shutdown)."""
        if self.flusher is not None:
            self.flusher.cancel()
        await self.flush()

    def flush_now(self):
        """Writes what is left, from outside the event loop, when a process ends without a
        lifespan shutdown."""
        counts, self.counts = self.counts, collections.Counter()
        if counts:
            self.write(counts)

    def write(self, counts):
        """Adds ``counts`` to the database, then to Redis; False when the database refused."""
        rows = [(int(story), hour_start(hour), reads)
                for (story, hour), reads in counts.items()]
        try:
            close_old_connections()
            write_rows(rows)
        except DatabaseError as error:
            logger.warning("Reads kept for the next write: %s", error)
            return False
        if self.shared is not None:
            self.shared.add(rows)
        return True


def hour_start(hour):
    return datetime.datetime.fromtimestamp(hour * HOUR, datetime.UTC)


def write_rows(rows):
    """``[(story pk, hour start, reads)]`` added to the stored counts, in one transaction."""
    adapt = connection.ops.adapt_datetimefield_value
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(UPSERT, [(story, adapt(hour), reads) for story, hour, reads in rows])

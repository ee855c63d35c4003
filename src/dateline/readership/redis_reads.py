"""Reads in Redis, when ``REDIS_URL`` is set: one hash per hour, ``{story pk: reads}``, that
every server adds to as it writes the database, so the Most read box is summed from 25 small
hashes instead of the database's rows. A module of its own so that a server without Redis does
not import the client."""

import datetime
import logging

import redis

from dateline.readership.tally import HOUR

logger = logging.getLogger("dateline.readership")

# An hour's hash outlives the window that reads it.
KEEP_SECONDS = 26 * HOUR


class RedisReads:
    def __init__(self, url, prefix):
        self.client = redis.Redis.from_url(url)
        self.prefix = prefix

    def key(self, hour):
        return f"{self.prefix}:readership:{hour}"

    def add(self, rows):
        """``[(story pk, hour start, reads)]`` added; a Redis away loses them here only (the
        database has them)."""
        pipeline = self.client.pipeline(transaction=False)
        for story, hour_start, reads in rows:
            key = self.key(int(hour_start.timestamp()) // HOUR)
            pipeline.hincrby(key, story, reads)
            pipeline.expire(key, KEEP_SECONDS)
        try:
            pipeline.execute()
        except redis.RedisError as error:
            logger.warning("Reads not added to Redis: %s", error)

    def totals_since(self, since):
        """``{story pk: reads}`` in the hours that began after ``since``."""
        first = int(since.timestamp()) // HOUR + 1
        last = int(datetime.datetime.now(datetime.UTC).timestamp()) // HOUR
        pipeline = self.client.pipeline(transaction=False)
        for hour in range(first, last + 1):
            pipeline.hgetall(self.key(hour))
        totals = {}
        for hour_reads in pipeline.execute():
            for story, reads in hour_reads.items():
                totals[int(story)] = totals.get(int(story), 0) + int(reads)
        return totals

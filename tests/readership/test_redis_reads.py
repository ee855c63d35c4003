"""With Redis, every server adds its reads to one hash per hour, and the Most read box sums the
hours of the last day from there."""

import datetime

import pytest

from dateline.readership.redis_reads import RedisReads
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.database_independent


def test_reads_from_several_servers_add_up_by_hour_within_the_window(redis_prefix):
    now = datetime.datetime.now(datetime.UTC).replace(minute=0, second=0, microsecond=0)
    hour = datetime.timedelta(hours=1)
    first, second = RedisReads(REDIS_URL, redis_prefix), RedisReads(REDIS_URL, redis_prefix)
    first.add([(7, now, 3), (8, now - 2 * hour, 1), (7, now - 30 * hour, 100)])
    second.add([(7, now, 4), (8, now - 23 * hour, 2)])
    assert first.totals_since(now - 24 * hour + datetime.timedelta(minutes=1)) == {7: 7, 8: 3}
    assert first.client.ttl(first.key(int(now.timestamp()) // 3600)) > 24 * 3600

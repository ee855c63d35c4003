import json

import pytest
import redis

from dateline.delivery.redis_store import RedisStore
from dateline.delivery.stores import LocalStore, PurgeLog
from tests.conftest import REDIS_URL


@pytest.fixture
def local_store(tmp_path):
    """A server process's own store, following a purge log of the test's own."""
    store = LocalStore(PurgeLog(tmp_path / "purges.log"), max_bytes=1 << 20)
    store.catch_up()  # a server process starts following the log when it starts
    return store


@pytest.fixture
def redis_store(redis_prefix):
    return RedisStore(REDIS_URL, redis_prefix, keep_stale_seconds=60)


def redis_keys(prefix):
    """The keys the test's Redis store holds, as text."""
    client = redis.Redis.from_url(REDIS_URL)
    return {key.decode() for key in client.scan_iter(match=f"{prefix}:*")}


@pytest.fixture
def site(shared_database):
    """A small site built by another process (``scenes.build_site``), and its draft's form."""
    built = shared_database.scene("build_site()", module="tests.delivery.scenes")
    return shared_database, json.loads(built.stdout.strip().splitlines()[-1])

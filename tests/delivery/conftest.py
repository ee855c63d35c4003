import uuid

import pytest
import redis

from dateline.delivery.redis_store import RedisStore
from dateline.delivery.stores import LocalStore, PurgeLog

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_prefix():
    """A key prefix of the test's own in the machine's Redis, its keys removed afterwards."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"Redis is not answering at {REDIS_URL}")
    prefix = f"dateline-test-{uuid.uuid4().hex}"
    yield prefix
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


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

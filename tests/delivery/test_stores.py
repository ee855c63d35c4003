"""The stores keep a purged page as stale, and never let a render that began before a purge
store the old page as fresh: in this process's memory (through the purge log) and in Redis."""

import asyncio
import time

import pytest

from dateline.delivery.entries import build_page
from dateline.delivery.redis_store import RedisStore
from dateline.delivery.stores import LocalStore, PurgeLog
from tests.conftest import run_on_a_new_loop
from tests.delivery.conftest import REDIS_URL

pytestmark = pytest.mark.database_independent


def page_rendered_at(rendered_at, text=b"<p>Ferry returns</p>"):
    return build_page(200, [(b"content-type", b"text/html")], text, now=rendered_at,
                      expires_at=rendered_at + 300, cache_control=b"public")


@pytest.fixture
def local_store(tmp_path):
    store = LocalStore(PurgeLog(tmp_path / "purges.log"), max_bytes=1 << 20)
    store.catch_up()  # a server process starts following the log when it starts
    return store


@pytest.fixture
def redis_store(redis_prefix):
    return RedisStore(REDIS_URL, redis_prefix, keep_stale_seconds=60)


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_a_purged_page_is_kept_as_stale_until_its_new_render_is_stored(request, store_name):
    store = request.getfixturevalue(store_name)

    async def scene():
        await store.put("/caucasus/", "localhost", page_rendered_at(time.time()))
        store.purge(["/caucasus/"])
        stale = await store.get("/caucasus/", "localhost", [])
        assert stale is not None and not stale.fresh(time.time())
        await store.put("/caucasus/", "localhost",
                        page_rendered_at(time.time(), b"<p>Timetable doubles</p>"))
        fresh = await store.get("/caucasus/", "localhost", [])
        assert fresh.fresh(time.time()) and fresh.bodies["identity"].endswith(b"doubles</p>")

    run_on_a_new_loop(scene())


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_a_render_that_began_before_a_purge_is_stored_already_stale(request, store_name):
    store = request.getfixturevalue(store_name)

    async def scene():
        render_began = time.time()
        await asyncio.sleep(0.01)
        store.purge(["/caucasus/"])
        await store.put("/caucasus/", "localhost", page_rendered_at(render_began))
        stored = await store.get("/caucasus/", "localhost", [])
        assert stored is not None and not stored.fresh(time.time())

    run_on_a_new_loop(scene())


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_purging_everything_leaves_every_page_stale(request, store_name):
    store = request.getfixturevalue(store_name)

    async def scene():
        for path in ("/", "/caucasus/", "/caucasus/ferry/"):
            await store.put(path, "localhost", page_rendered_at(time.time()))
        store.purge_everything()
        for path in ("/", "/caucasus/", "/caucasus/ferry/"):
            page = await store.get(path, "localhost", [])
            assert page is not None and not page.fresh(time.time()), path

    run_on_a_new_loop(scene())


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_a_discarded_page_is_gone(request, store_name):
    store = request.getfixturevalue(store_name)

    async def scene():
        await store.put("/caucasus/ferry/", "localhost", page_rendered_at(time.time()))
        await store.discard("/caucasus/ferry/", "localhost")
        assert await store.get("/caucasus/ferry/", "localhost", []) is None

    run_on_a_new_loop(scene())

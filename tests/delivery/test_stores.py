"""The stores keep a purged page as stale, and never let a render that began before a purge
store the old page as fresh: in this process's memory (through the purge log) and in Redis."""

import asyncio
import time

import pytest

from dateline.delivery.entries import build_page
from tests.conftest import run_on_a_new_loop

pytestmark = pytest.mark.database_independent


def page_rendered_at(rendered_at, text=b"<p>Ferry returns</p>"):
    return build_page(200, [(b"content-type", b"text/html")], text, now=rendered_at,
                      expires_at=rendered_at + 300, cache_control=b"public")


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


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_a_hard_purged_page_is_gone_at_once_not_even_stale(request, store_name):
    store = request.getfixturevalue(store_name)

    async def scene():
        await store.put("/caucasus/ferry/", "localhost", page_rendered_at(time.time()))
        store.purge(["/caucasus/ferry/"], hard=True)
        assert await store.get("/caucasus/ferry/", "localhost", []) is None

    run_on_a_new_loop(scene())


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_a_render_that_began_before_a_hard_purge_is_never_answered(request, store_name):
    store = request.getfixturevalue(store_name)

    async def scene():
        render_began = time.time()
        await asyncio.sleep(0.01)
        store.purge(["/caucasus/ferry/"], hard=True)
        assert await store.hard_purged_since("/caucasus/ferry/", render_began)
        await store.put("/caucasus/ferry/", "localhost", page_rendered_at(render_began))
        assert await store.get("/caucasus/ferry/", "localhost", []) is None
        await asyncio.sleep(0.01)
        render_began = time.time()
        assert not await store.hard_purged_since("/caucasus/ferry/", render_began)
        await store.put("/caucasus/ferry/", "localhost", page_rendered_at(render_began))
        assert (await store.get("/caucasus/ferry/", "localhost", [])).fresh(time.time())

    run_on_a_new_loop(scene())


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_a_hard_purge_of_everything_reaches_pages_stored_and_being_rendered(request,
                                                                             store_name):
    store = request.getfixturevalue(store_name)

    async def scene():
        await store.put("/", "localhost", page_rendered_at(time.time()))
        assert await store.claim_render("/caucasus/", "localhost")
        render_began = time.time()
        await asyncio.sleep(0.01)
        store.purge_everything(hard=True)
        await store.put("/caucasus/", "localhost", page_rendered_at(render_began))
        await store.release_render("/caucasus/", "localhost")
        for path in ("/", "/caucasus/"):
            assert await store.get(path, "localhost", []) is None, path

    run_on_a_new_loop(scene())

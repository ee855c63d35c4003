"""The stores keep a purged page as stale, and never let a render that began before a purge
store the old page as fresh: in this process's memory (through the purge log) and in Redis.
A purge by any spelling of an address reaches its page; versions with a query string are
capped per path, and a purge deletes them. A hard purge leaves nothing to answer, not even a
render that began before it."""

import asyncio
import re
import time
import urllib.parse

import pytest
import redis

from dateline.delivery.addresses import canonical_path, path_of_url, variant
from dateline.delivery.entries import build_page
from tests.conftest import run_on_a_new_loop
from tests.delivery.conftest import REDIS_URL, redis_keys

pytestmark = pytest.mark.database_independent


def page_rendered_at(rendered_at, text=b"<p>Ferry returns</p>"):
    return build_page(200, [(b"content-type", b"text/html")], text, now=rendered_at,
                      expires_at=rendered_at + 300, cache_control=b"public")


PAGE = variant("http", "localhost", "", "")


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_a_purged_page_is_kept_as_stale_until_its_new_render_is_stored(request, store_name):
    store = request.getfixturevalue(store_name)

    async def scene():
        await store.put("/caucasus/", PAGE, page_rendered_at(time.time()))
        store.purge(["/caucasus/"])
        stale = await store.get("/caucasus/", PAGE, [])
        assert stale is not None and not stale.fresh(time.time())
        await store.put("/caucasus/", PAGE,
                        page_rendered_at(time.time(), b"<p>Timetable doubles</p>"))
        fresh = await store.get("/caucasus/", PAGE, [])
        assert fresh.fresh(time.time()) and fresh.bodies["identity"].endswith(b"doubles</p>")

    run_on_a_new_loop(scene())


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_a_render_that_began_before_a_purge_is_stored_already_stale(request, store_name):
    store = request.getfixturevalue(store_name)

    async def scene():
        render_began = time.time()
        await asyncio.sleep(0.01)
        store.purge(["/caucasus/"])
        await store.put("/caucasus/", PAGE, page_rendered_at(render_began))
        stored = await store.get("/caucasus/", PAGE, [])
        assert stored is not None and not stored.fresh(time.time())

    run_on_a_new_loop(scene())


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_purging_everything_leaves_every_page_stale(request, store_name):
    store = request.getfixturevalue(store_name)

    async def scene():
        for path in ("/", "/caucasus/", "/caucasus/ferry/"):
            await store.put(path, PAGE, page_rendered_at(time.time()))
        store.purge_everything()
        for path in ("/", "/caucasus/", "/caucasus/ferry/"):
            page = await store.get(path, PAGE, [])
            assert page is not None and not page.fresh(time.time()), path

    run_on_a_new_loop(scene())


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_a_discarded_page_is_gone(request, store_name):
    store = request.getfixturevalue(store_name)

    async def scene():
        await store.put("/caucasus/ferry/", PAGE, page_rendered_at(time.time()))
        await store.discard("/caucasus/ferry/", PAGE)
        assert await store.get("/caucasus/ferry/", PAGE, []) is None

    run_on_a_new_loop(scene())


# Persian, Greek, and Latin with Georgian: the scripts of the newsrooms Dateline serves.
SLUGGED_PATHS = ["/caucasus/خبر-فوری-تهران/", "/caucasus/σεισμός-στην-κρήτη/",
                 "/caucasus/tbilisi-თბილისი-2025/"]


def spellings_of(path):
    """How a purge may name a path: Wagtail's URL (upper-case hex), lower-case hex, decoded."""
    encoded = urllib.parse.quote(path)
    lower_hex = re.sub(r"%[0-9A-F]{2}", lambda escape: escape.group().lower(), encoded)
    return [f"http://localhost{encoded}", lower_hex, path]


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
@pytest.mark.parametrize("path", SLUGGED_PATHS)
def test_a_purge_by_any_spelling_reaches_a_page_read_at_its_decoded_address(
        request, store_name, path):
    """The ASGI server hands the page cache the decoded path; purges name encoded URLs."""
    store = request.getfixturevalue(store_name)

    async def scene():
        for spelling in spellings_of(path):
            await store.put(canonical_path(path), PAGE, page_rendered_at(time.time()))
            await asyncio.sleep(0.01)
            store.purge([path_of_url(spelling)])
            page = await store.get(canonical_path(path), PAGE, [])
            assert page is not None and not page.fresh(time.time()), spelling

    run_on_a_new_loop(scene())


def with_query(query):
    return variant("http", "localhost", "", query)


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_versions_with_a_query_are_not_stored_beyond_the_cap(request, store_name):
    store = request.getfixturevalue(store_name)
    store.query_variants = 4

    async def scene():
        await store.put("/caucasus/", PAGE, page_rendered_at(time.time()))
        for number in range(1, 11):
            await store.put("/caucasus/", with_query(f"page={number}"),
                            page_rendered_at(time.time()))
        kept = [number for number in range(1, 11)
                if await store.get("/caucasus/", with_query(f"page={number}"), [])]
        assert kept == [1, 2, 3, 4]
        assert await store.get("/caucasus/", PAGE, []) is not None
        # A version already kept is still replaced by its new render.
        await store.put("/caucasus/", with_query("page=2"),
                        page_rendered_at(time.time(), b"<p>Page two, new</p>"))
        again = await store.get("/caucasus/", with_query("page=2"), [])
        assert again.bodies["identity"] == b"<p>Page two, new</p>"

    run_on_a_new_loop(scene())


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_expired_versions_with_a_query_make_room_for_new_ones(request, store_name):
    store = request.getfixturevalue(store_name)
    store.query_variants = 2
    store.keep_stale_seconds = 0

    async def scene():
        long_ago = time.time() - 1000
        for number in (1, 2):
            await store.put("/caucasus/", with_query(f"page={number}"),
                            page_rendered_at(long_ago))
        await store.put("/caucasus/", with_query("page=3"), page_rendered_at(time.time()))
        assert await store.get("/caucasus/", with_query("page=3"), []) is not None

    run_on_a_new_loop(scene())


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_a_purge_deletes_the_versions_with_a_query_and_keeps_the_page_stale(
        request, store_name):
    store = request.getfixturevalue(store_name)

    async def scene():
        await store.put("/caucasus/", PAGE, page_rendered_at(time.time()))
        for number in range(20):
            await store.put("/caucasus/", with_query(f"q={number}"),
                            page_rendered_at(time.time()))
        store.purge(["/caucasus/"])
        for number in range(20):
            assert await store.get("/caucasus/", with_query(f"q={number}"), []) is None
        stale = await store.get("/caucasus/", PAGE, [])
        assert stale is not None and not stale.fresh(time.time())

    run_on_a_new_loop(scene())


def test_a_purge_frees_the_redis_memory_of_versions_with_a_query(redis_store, redis_prefix):
    client = redis.Redis.from_url(REDIS_URL)
    body = bytes(range(256)) * 256  # 64 KB, about what a page takes in its three forms

    async def scene():
        for number in range(30):
            await redis_store.put("/caucasus/", with_query(f"q=ferry+{number}"),
                                  page_rendered_at(time.time(), body))

    run_on_a_new_loop(scene())

    def bytes_held():
        return sum(client.memory_usage(key, samples=0) or 0 for key in redis_keys(redis_prefix))

    assert bytes_held() > 30 * len(body)
    redis_store.purge(["/caucasus/"])
    assert bytes_held() < 1024
    assert 0 < client.pttl(redis_store.key("/caucasus/")) <= 60_000


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_a_hard_purged_page_is_gone_at_once_not_even_stale(request, store_name):
    store = request.getfixturevalue(store_name)

    async def scene():
        for version in (PAGE, with_query("page=2")):
            await store.put("/caucasus/ferry/", version, page_rendered_at(time.time()))
        store.purge(["/caucasus/ferry/"], hard=True)
        for version in (PAGE, with_query("page=2")):
            assert await store.get("/caucasus/ferry/", version, []) is None, version

    run_on_a_new_loop(scene())


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_a_render_that_began_before_a_hard_purge_is_never_answered(request, store_name):
    store = request.getfixturevalue(store_name)

    async def scene():
        render_began = time.time()
        await asyncio.sleep(0.01)
        store.purge(["/caucasus/ferry/"], hard=True)
        assert await store.hard_purged_since("/caucasus/ferry/", render_began)
        for version in (PAGE, with_query("page=2")):
            await store.put("/caucasus/ferry/", version, page_rendered_at(render_began))
            assert await store.get("/caucasus/ferry/", version, []) is None, version
        await asyncio.sleep(0.01)
        render_began = time.time()
        assert not await store.hard_purged_since("/caucasus/ferry/", render_began)
        await store.put("/caucasus/ferry/", PAGE, page_rendered_at(render_began))
        assert (await store.get("/caucasus/ferry/", PAGE, [])).fresh(time.time())

    run_on_a_new_loop(scene())


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_a_hard_purge_of_everything_reaches_pages_stored_and_being_rendered(request,
                                                                             store_name):
    store = request.getfixturevalue(store_name)

    async def scene():
        await store.put("/", PAGE, page_rendered_at(time.time()))
        await store.put("/", with_query("page=2"), page_rendered_at(time.time()))
        assert await store.claim_render("/caucasus/", PAGE)
        render_began = time.time()
        await asyncio.sleep(0.01)
        store.purge_everything(hard=True)
        await store.put("/caucasus/", PAGE, page_rendered_at(render_began))
        await store.release_render("/caucasus/", PAGE)
        for path, version in (("/", PAGE), ("/", with_query("page=2")), ("/caucasus/", PAGE)):
            assert await store.get(path, version, []) is None, (path, version)

    run_on_a_new_loop(scene())

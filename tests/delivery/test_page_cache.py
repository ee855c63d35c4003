"""The page cache itself, in front of a stand-in for Django whose renders the test holds and
releases: after a hard purge no request gets the old page, not even from a render that began
before it; and no page outlives the moment it changes by the clock, here or at a CDN."""

import asyncio
import datetime
import time

import pytest

from dateline.delivery import page_cache
from dateline.delivery.page_cache import PageCache
from tests.conftest import run_on_a_new_loop

pytestmark = pytest.mark.database_independent

STORY = "/caucasus/ferry/"


class Newsroom:
    """Django, as far as the cache sees it: serves the story's current text; a render reads
    the text when it begins and, while ``hold`` is set, waits to be released."""

    def __init__(self):
        self.text = b"<p>Ferry sails at one</p>"
        self.renders = 0
        self.hold = None

    async def __call__(self, scope, receive, send):
        self.renders += 1
        text = self.text
        if self.hold is not None:
            await self.hold.wait()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": text})


def cache_in_front(app, store):
    return PageCache(app, store, seconds=300, cdn_seconds=60, stale_while_revalidate=30,
                     private_prefixes=["/admin/"], pass_prefixes=["/static/"],
                     private_cookies=["sessionid"], vary_on_language=False)


async def read(cache, path=STORY):
    scope = {"type": "http", "method": "GET", "path": path, "query_string": b"",
             "headers": [(b"host", b"localhost")]}
    answer = {}

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            answer["headers"] = dict(message["headers"])
        else:
            answer["body"] = message["body"]

    await cache(scope, receive, send)
    return answer


@pytest.fixture
def clock_changes_in(monkeypatch):
    """Makes pages change by the clock ``seconds`` from now (as at midnight)."""
    def changes_in(seconds):
        moment = datetime.datetime.fromtimestamp(time.time() + seconds, datetime.UTC)
        monkeypatch.setattr(page_cache, "next_change_after", lambda timestamp: moment)
    changes_in(3600)
    return changes_in


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_after_a_hard_purge_no_request_gets_a_render_that_began_before_it(
        request, store_name, clock_changes_in):
    store = request.getfixturevalue(store_name)
    newsroom = Newsroom()
    cache = cache_in_front(newsroom, store)

    async def scene():
        await read(cache)  # warm
        newsroom.hold = asyncio.Event()
        store.purge([STORY], hard=True)
        began_before = asyncio.create_task(read(cache))
        while newsroom.renders < 2:
            await asyncio.sleep(0.001)
        await asyncio.sleep(0.01)
        newsroom.text = b"<p>Ferry sails at noon (corrected)</p>"
        store.purge([STORY], hard=True)
        came_after = asyncio.create_task(read(cache))
        await asyncio.sleep(0.05)  # joins the render that began before the purge
        newsroom.hold.set()
        came_after = await came_after
        await began_before
        assert came_after["body"] == newsroom.text
        assert (await read(cache))["body"] == newsroom.text

    run_on_a_new_loop(scene())


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_after_a_hard_purge_the_next_request_gets_the_new_state_not_a_stale_copy(
        request, store_name, clock_changes_in):
    store = request.getfixturevalue(store_name)
    newsroom = Newsroom()
    cache = cache_in_front(newsroom, store)

    async def scene():
        await read(cache)
        newsroom.text = b"<p>Ferry sails at noon (corrected)</p>"
        store.purge([STORY], hard=True)
        answer = await read(cache)
        assert (answer["body"], answer["headers"][b"x-dateline-cache"]) == (newsroom.text,
                                                                            b"miss")

    run_on_a_new_loop(scene())


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_the_many_who_waited_on_a_render_a_hard_purge_overtook_share_one_new_render(
        request, store_name, clock_changes_in):
    store = request.getfixturevalue(store_name)
    newsroom = Newsroom()
    cache = cache_in_front(newsroom, store)

    async def scene():
        await read(cache)  # warm
        newsroom.hold = asyncio.Event()
        store.purge([STORY], hard=True)
        began_before = asyncio.create_task(read(cache))
        while newsroom.renders < 2:
            await asyncio.sleep(0.001)
        newsroom.text = b"<p>Update 7 withdrawn</p>"
        store.purge([STORY], hard=True)
        readers = [asyncio.create_task(read(cache)) for _ in range(50)]
        await asyncio.sleep(0.05)  # all of them join the render that began before the purge
        newsroom.hold.set()
        answers = await asyncio.gather(*readers)
        await began_before
        assert {answer["body"] for answer in answers} == {newsroom.text}
        assert newsroom.renders == 3  # the warm one, the overtaken one, one for all 50

    run_on_a_new_loop(scene())


def cdn_lifetimes(cache_control):
    directives = dict(part.split(b"=") for part in cache_control.split(b", ") if b"=" in part)
    fresh = int(directives[b"s-maxage"])
    return fresh, fresh + int(directives[b"stale-while-revalidate"]), \
        fresh + int(directives[b"stale-if-error"])


def test_no_cdn_is_told_to_keep_a_page_past_the_moment_it_changes(local_store, clock_changes_in):
    cache = cache_in_front(Newsroom(), local_store)
    clock_changes_in(45)

    async def scene():
        await read(cache)
        await asyncio.sleep(1.1)
        return await read(cache)

    answer = run_on_a_new_loop(scene())
    assert answer["headers"][b"x-dateline-cache"] == b"hit"
    assert max(cdn_lifetimes(answer["headers"][b"cache-control"])) <= 44


def test_far_from_a_change_a_cdn_gets_the_usual_lifetimes(local_store, clock_changes_in):
    cache = cache_in_front(Newsroom(), local_store)
    clock_changes_in(200_000)
    answer = run_on_a_new_loop(read(cache))
    assert answer["headers"][b"cache-control"] == (
        b"public, max-age=0, s-maxage=60, stale-while-revalidate=30, stale-if-error=86400")


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_a_stale_copy_served_after_a_soft_purge_is_kept_by_no_cache_in_front(
        request, store_name, clock_changes_in):
    """Else Varnish or a CDN, refetching after its own purge, would keep the old page for a
    whole s-maxage."""
    store = request.getfixturevalue(store_name)
    newsroom = Newsroom()
    cache = cache_in_front(newsroom, store)

    async def scene():
        await read(cache)
        newsroom.text = b"<p>Ferry sails at noon</p>"
        store.purge([STORY])
        stale = await read(cache)
        while cache.revalidations:
            await asyncio.sleep(0.01)
        return stale, await read(cache)

    stale, fresh = run_on_a_new_loop(scene())
    assert stale["headers"][b"x-dateline-cache"] == b"stale"
    assert cdn_lifetimes(stale["headers"][b"cache-control"]) == (0, 0, 0)
    assert (fresh["headers"][b"x-dateline-cache"], fresh["body"]) == (b"hit", newsroom.text)
    assert cdn_lifetimes(fresh["headers"][b"cache-control"])[:2] == (60, 90)


@pytest.mark.parametrize("store_name", ["local_store", "redis_store"])
def test_a_page_is_never_served_stale_after_it_changes_by_the_clock(request, store_name,
                                                                    clock_changes_in):
    store = request.getfixturevalue(store_name)
    newsroom = Newsroom()
    cache = cache_in_front(newsroom, store)
    clock_changes_in(0.5)

    async def scene():
        await read(cache)
        await asyncio.sleep(0.6)
        newsroom.text = b"<p>Tuesday</p>"
        clock_changes_in(3600)
        return await read(cache)

    answer = run_on_a_new_loop(scene())
    assert (answer["body"], answer["headers"][b"x-dateline-cache"]) == (b"<p>Tuesday</p>",
                                                                        b"miss")

"""Django's synchronous work runs on a fixed set of threads, one request at a time on each."""

import asyncio
import threading
import time

import pytest
from asgiref.sync import sync_to_async

from dateline.server.threads import SyncThreads
from tests.conftest import run_on_a_new_loop

pytestmark = pytest.mark.database_independent

THREADS = 3
REQUESTS = 40


def recording_application(calls):
    """An ASGI application that, like Django's handler, makes two thread-sensitive calls per
    request, and notes the thread each ran on."""

    def sync_step(request_number, step):
        calls.append((request_number, step, threading.get_ident()))
        time.sleep(0.002)  # long enough that requests overlap

    async def application(scope, receive, send):
        number = scope["number"]
        await sync_to_async(sync_step)(number, "view")
        await sync_to_async(sync_step)(number, "close")
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    return application


async def serve_together(application):
    async def request(number):
        sent = []

        async def send(message):
            sent.append(message)

        await application({"type": "http", "number": number}, None, send)
        return sent[0]["status"]

    return await asyncio.gather(*(request(number) for number in range(REQUESTS)))


async def serve_one_after_another(application):
    async def send(message):
        pass

    for number in range(REQUESTS):
        await application({"type": "http", "number": number}, None, send)


def test_requests_share_a_fixed_set_of_threads_one_request_each_at_a_time():
    calls = []
    statuses = run_on_a_new_loop(
        serve_together(SyncThreads(recording_application(calls), threads=THREADS)))

    assert statuses == [200] * REQUESTS
    threads_of = {}
    for number, _, thread in calls:
        threads_of.setdefault(number, set()).add(thread)
    # Both of a request's calls ran on one thread, so they share its database connection.
    assert all(len(threads) == 1 for threads in threads_of.values())
    assert len(threads_of) == REQUESTS
    assert len({thread for _, _, thread in calls}) == THREADS
    # No thread ran two requests at once: on each, one request's calls come together.
    by_thread = {}
    for number, step, thread in calls:
        by_thread.setdefault(thread, []).append((number, step))
    for sequence in by_thread.values():
        assert sequence == [(number, step) for number, _ in sequence[::2]
                            for step in ("view", "close")]


def test_requests_one_after_another_keep_to_one_thread():
    """A quiet process touches one thread and its connection, not each of them in turn."""
    calls = []
    run_on_a_new_loop(
        serve_one_after_another(SyncThreads(recording_application(calls), threads=THREADS)))

    assert len(calls) == 2 * REQUESTS
    assert len({thread for _, _, thread in calls}) == 1


def test_without_the_fixed_threads_django_would_start_one_per_request():
    """The control: asgiref's per-request context, as Django's ASGI handler uses it, gives every
    request a thread of its own, so the test above can fail."""
    from asgiref.sync import ThreadSensitiveContext

    calls = []
    inner = recording_application(calls)

    async def per_request_context(scope, receive, send):
        async with ThreadSensitiveContext():
            await inner(scope, receive, send)

    run_on_a_new_loop(serve_together(per_request_context))
    assert len({thread for _, _, thread in calls}) > THREADS

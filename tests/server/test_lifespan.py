"""Dateline answers the ASGI lifespan protocol in front of Django, which refuses it, and runs
what must happen before a worker ends (writing its counted reads) at shutdown."""

import pytest

from dateline.server.lifespan import Lifespan
from tests.conftest import run_on_a_new_loop

pytestmark = pytest.mark.database_independent


def test_the_lifespan_starts_and_runs_each_ending_at_shutdown():
    ended = []
    passed = []

    async def app(scope, receive, send):
        passed.append(scope["type"])

    async def ending():
        ended.append(True)

    async def scene():
        lifespan = Lifespan(app, on_shutdown=[ending])
        messages = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
        sent = []

        async def receive():
            return next(messages)

        async def send(message):
            sent.append(message["type"])
            if message["type"] == "lifespan.startup.complete":
                assert ended == []

        await lifespan({"type": "lifespan"}, receive, send)
        await lifespan({"type": "http"}, receive, send)
        return sent

    assert run_on_a_new_loop(scene()) == ["lifespan.startup.complete",
                                          "lifespan.shutdown.complete"]
    assert ended == [True]
    assert passed == ["http"]

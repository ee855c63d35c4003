"""An ASGI application that answers every request with the same bytes, held in memory: what a
Python server costs with no application work at all, the floor under Dateline's page cache.
benchmarks/servers.py runs it on the bytes `dateline serve` sent for the page it compares."""

import os
from pathlib import Path

BODY = Path(os.environ["BENCH_BODY_FILE"]).read_bytes()
HEADERS = [(b"content-type", os.environ["BENCH_CONTENT_TYPE"].encode()),
           (b"content-length", str(len(BODY)).encode())]
if os.environ.get("BENCH_CONTENT_ENCODING"):
    HEADERS.append((b"content-encoding", os.environ["BENCH_CONTENT_ENCODING"].encode()))


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})

"""Polling or server-sent events for open live blogs: the server CPU that keeping N readers up
to date costs with each, on the same server (uvicorn, uvloop, httptools, one process), and how
late an update reaches them. Records the figures in docs/performance.md.

Run from the checkout, with a demo data folder `benchmarks/live_blog.py` or `dateline demo
--no-serve` built:
    PYTHONPATH=src .venv/bin/python benchmarks/live_transport.py --data-dir DEMO
        [--readers 2000] [--seconds 30] [--every 5]

Polling: Dateline itself, each reader asking for the live blog's updates fragment once a second
on its own keep-alive connection with the ETag it has (a 304 from the page cache), as the page's
script does. Server-sent events: the least such an endpoint can cost, a bare ASGI application
(``stream_app`` below) holding every reader's connection open and writing a 1 KB event to each
every ``--every`` seconds; a real one would add the work of finding what changed.
"""

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import sys
import time
from pathlib import Path

import http_load
import uvloop
from live_blog import LIVE_BLOG, Reader
from performance_doc import write_section

CHECKOUT = Path(__file__).resolve().parents[1]
HEADING = "## Live blog: polling or server-sent events"
EVENT_BYTES = 1024

streams = set()


async def stream_app(scope, receive, send):
    """Every reader's connection held open; every ``DATELINE_BENCH_EVERY`` seconds an event
    stamped with the moment it was sent goes to each."""
    if scope["type"] != "http":
        return
    if scope["path"] != "/events":  # the benchmark asking whether the server is up
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"up"})
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/event-stream"),
                            (b"cache-control", b"no-store")]})
    if not streams:
        asyncio.get_running_loop().create_task(push_every(
            float(os.environ.get("DATELINE_BENCH_EVERY", "5"))))
    queue = asyncio.Queue()
    streams.add(queue)
    try:
        while True:
            await send({"type": "http.response.body", "body": await queue.get(),
                        "more_body": True})
    finally:
        streams.discard(queue)


async def push_every(every):
    sequence = 0
    while True:
        await asyncio.sleep(every)
        sequence += 1
        head = f"id: {sequence}\nevent: update\ndata: {time.time():.6f} "
        event = (head + "x" * (EVENT_BYTES - len(head) - 2) + "\n\n").encode()
        for queue in streams:
            queue.put_nowait(event)


class StreamReader:
    def __init__(self, port):
        self.port = port
        self.delays = []
        self.errors = 0

    async def listen(self, stop_at):
        await asyncio.sleep(random.uniform(0, 1))
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            writer.write(b"GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         b"Accept: text/event-stream\r\n\r\n")
            while (await reader.readline()) not in (b"\r\n", b""):
                pass
            while time.time() < stop_at:
                line = await asyncio.wait_for(reader.readline(), stop_at - time.time())
                # Inside uvicorn's chunked framing, each event's data line carries its stamp.
                if line.startswith(b"data: "):
                    self.delays.append(time.time() - float(line.split()[1]))
            writer.close()
        except TimeoutError:
            pass
        except (OSError, ValueError, asyncio.IncompleteReadError):
            self.errors += 1


async def poll_readers(port, count, seconds):
    readers = [Reader(port, 0) for _ in range(count)]
    stop_at = [time.time() + seconds]
    await asyncio.gather(*(reader.poll(stop_at, 1.0) for reader in readers))
    return {"requests": sum(reader.requests for reader in readers),
            "errors": sum(reader.errors for reader in readers)}


async def stream_readers(port, count, seconds):
    readers = [StreamReader(port) for _ in range(count)]
    await asyncio.gather(*(reader.listen(time.time() + seconds) for reader in readers))
    delays = sorted(delay for reader in readers for delay in reader.delays)
    return {"events": len(delays), "errors": sum(reader.errors for reader in readers),
            "p99_s": round(delays[int(0.99 * len(delays))], 3) if delays else None}


def measure(name, command, env, port, log_dir, readers, options):
    with http_load.Server(name, command, env, port, log_dir).wait_until_up(
            LIVE_BLOG if name == "polling" else "/") as server:
        cpu_before = http_load.cpu_seconds([server.pid])
        started = time.time()
        if name == "polling":
            result = uvloop.run(poll_readers(port, readers, options.seconds))
        else:
            result = uvloop.run(stream_readers(port, readers, options.seconds))
        elapsed = time.time() - started
        cpu = http_load.cpu_seconds([server.pid]) - cpu_before
    return {**result, "server_cpu_s": round(cpu, 2),
            "cpu_ms_per_reader_minute": round(1000 * cpu / (readers * elapsed / 60), 2)}


def main():
    options = parse_arguments()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    env = {**os.environ, "DATELINE_DATA_DIR": options.data_dir,
           "DJANGO_SETTINGS_MODULE": "dateline.settings.demo",
           "PYTHONPATH": str(CHECKOUT / "src"), "DATELINE_BENCH_EVERY": str(options.every)}
    log_dir = Path(options.data_dir)
    load_before = http_load.load_average()
    port = http_load.free_port()
    polling = measure("polling", [sys.executable, "-m", "dateline", "serve", "--port",
                                  str(port), "--workers", "1"],
                      env, port, log_dir, options.readers, options)
    port = http_load.free_port()
    streaming = measure("events", [sys.executable, "-m", "uvicorn", "live_transport:stream_app",
                                   "--app-dir", str(CHECKOUT / "benchmarks"), "--port", str(port),
                                   "--loop", "uvloop", "--http", "httptools", "--ws", "none",
                                   "--log-level", "warning", "--timeout-keep-alive", "600",
                                   "--timeout-graceful-shutdown", "1"],
                        env, port, log_dir, options.readers, options)
    report(options, polling, streaming, load_before)


def report(options, polling, streaming, load_before):
    print(json.dumps({"polling": polling, "events": streaming}, indent=2))  # noqa: T201
    machine = (f"{os.cpu_count()} cores, {platform.system()} {platform.release()}, load "
               f"{load_before} at the start, {http_load.load_average()} at the end")
    write_section(HEADING, f"""{HEADING}

`benchmarks/live_transport.py --readers {options.readers} --seconds {options.seconds} \
--every {options.every}`: the server CPU of keeping open live blogs up to date, one server
process each way, {machine}, {time.strftime('%Y-%m-%dT%H:%M')}. Polling is Dateline answering
each reader's conditional request for the updates fragment once a second (304s from the page
cache); server-sent events are a bare ASGI stream writing one 1 KB event to every reader every
{options.every} s, the least such an endpoint can cost.

| transport | readers | requests or events | errors | server CPU | CPU per reader-minute |
|---|---|---|---|---|---|
| polling, 1 s | {options.readers} | {polling['requests']:,} requests | {polling['errors']} \
| {polling['server_cpu_s']} s | {polling['cpu_ms_per_reader_minute']} ms |
| server-sent events | {options.readers} | {streaming['events']:,} events (p99 \
{streaming['p99_s']} s late) | {streaming['errors']} | {streaming['server_cpu_s']} s \
| {streaming['cpu_ms_per_reader_minute']} ms |
""")


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--readers", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--every", type=float, default=5.0)
    return parser.parse_args()


if __name__ == "__main__":
    main()

"""Readers keeping a live blog open while an editor posts: how long each update takes to reach
every open page, whether any reader misses one or sees one twice, the errors, and the server
CPU per reader-minute; records it in docs/performance.md.

Run from the checkout:
    PYTHONPATH=src .venv/bin/python benchmarks/live_blog.py [--readers 5000] [--minutes 2]
        [--every 5] [--poll 1] [--workers 1] [--data-dir DEMO] [--database-url postgres://…]
        [--redis-url redis://…]

It builds the demo newsroom in a fresh data folder (`dateline demo --no-serve`, on SQLite or
the database named), serves it with `dateline serve`, and posts to the demo's running live
blog from a process of its own through the publish pipeline (as the composer does), noting the
moment each update's transaction has committed. Each simulated reader does what the live blog's
script does: asks for the updates fragment every ``--poll`` seconds on its own keep-alive
connection with the ETag it last had (a 304 when nothing changed), adds the updates numbered
after the last one it has, and asks for ``?after=N`` when the fragment does not reach back far
enough. Readers start at random moments within the first poll interval.
"""

import argparse
import asyncio
import collections
import datetime
import json
import multiprocessing
import os
import platform
import queue
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import http_load
import uvloop
from performance_doc import write_section

CHECKOUT = Path(__file__).resolve().parents[1]
LIVE_BLOG = "/iran-news/live-caspian-storm/"
HEADING = "## Live blog"
ERRORS = collections.Counter()


class Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection, read with one callback a packet: asyncio's streams
    cost 0.27 ms of the benchmark's CPU a poll, as much as the server it measures."""

    def __init__(self):
        self.transport = None
        self.buffer = bytearray()
        self.answer = None

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.buffer += data
        if self.answer is None or self.answer.done():
            return
        response = parse_response(self.buffer)
        if response:
            self.answer.set_result(response)

    def connection_lost(self, exc):
        if self.answer is not None and not self.answer.done():
            self.answer.set_exception(ConnectionResetError("closed without an answer"))
        self.transport = None

    async def exchange(self, request):
        self.answer = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return await self.answer


def parse_response(buffer):
    """(status, etag, body) of the first whole response in ``buffer``, removed from it; None
    while it is still arriving."""
    head_end = buffer.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    head = bytes(buffer[:head_end]).lower()
    status = int(head[9:12])
    etag = header(head, b"etag", buffer)
    body_start = head_end + 4
    if b"transfer-encoding: chunked" in head:  # Varnish streams what it is still fetching
        body, position = bytearray(), body_start
        while True:
            line_end = buffer.find(b"\r\n", position)
            if line_end < 0:
                return None
            size = int(bytes(buffer[position:line_end]).split(b";")[0], 16)
            if len(buffer) < line_end + 2 + size + 2:
                return None
            body += buffer[line_end + 2:line_end + 2 + size]
            position = line_end + 2 + size + 2
            if size == 0:
                del buffer[:position]
                return status, etag, bytes(body)
    # A 304 may name the length of the body it does not send.
    length = 0 if status == 304 else int(header(head, b"content-length", buffer) or 0)
    if len(buffer) < body_start + length:
        return None
    body = bytes(buffer[body_start:body_start + length])
    del buffer[:body_start + length]
    return status, etag, body


def header(head, name, buffer):
    """A header's value as sent (ETags are case-sensitive), found in the lower-cased head."""
    start = head.find(b"\r\n" + name + b":")
    if start < 0:
        return None
    start += len(name) + 3
    return bytes(buffer[start:head.find(b"\r\n", start)]).strip().decode()


class Reader:
    def __init__(self, port, latest):
        self.port = port
        self.latest = latest
        self.seen = {}  # sequence -> time it reached this reader's page
        self.etag = None
        self.errors = 0
        self.requests = 0
        self.duplicates = 0
        self.connection = None

    async def get(self, path, conditional):
        headers = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\n"
        if conditional and self.etag:
            headers += f"If-None-Match: {self.etag}\r\n"
        request = (headers + "\r\n").encode()
        for attempt in range(2):
            if self.connection is None or self.connection.transport is None:
                _transport, self.connection = await asyncio.get_running_loop().create_connection(
                    Connection, "127.0.0.1", self.port)
            try:
                status, etag, body = await self.connection.exchange(request)
                break
            except ConnectionResetError:
                # The server closed the idle keep-alive connection, as browsers find too: again
                # on a new one.
                self.connection = None
                if attempt:
                    raise
        self.requests += 1
        return status, etag, body

    async def poll(self, stop_at, poll_seconds):
        await asyncio.sleep(random.uniform(0, poll_seconds))
        while time.time() < stop_at[0]:
            try:
                status, etag, body = await self.get(f"{LIVE_BLOG}updates/", conditional=True)
                if status == 200:
                    self.etag = etag
                    answer = json.loads(body)
                    if answer["complete_after"] > self.latest:
                        status, _etag, body = await self.get(
                            f"{LIVE_BLOG}updates/?after={self.latest}", conditional=False)
                        answer = json.loads(body)
                    self.take(answer["updates"])
                elif status != 304:
                    self.errors += 1
                    ERRORS[f"HTTP {status}"] += 1
            except (OSError, ValueError, IndexError) as error:
                self.errors += 1
                ERRORS[type(error).__name__] += 1
                if self.connection and self.connection.transport:
                    self.connection.transport.close()
                self.connection = None
            await asyncio.sleep(poll_seconds)
        if self.connection and self.connection.transport:
            self.connection.transport.close()

    def take(self, updates):
        """As the page's script: adds those numbered after the last it has, in order."""
        now = time.time()
        for update in sorted(updates, key=lambda update: update["sequence"]):
            if update["sequence"] > self.latest:
                if update["sequence"] in self.seen:
                    self.duplicates += 1
                self.seen[update["sequence"]] = now
                self.latest = update["sequence"]


def build_demo(data_dir, env):
    subprocess.run([sys.executable, "-m", "dateline", "demo", "--no-serve"], env=env,
                   cwd=CHECKOUT, check=True, stdout=subprocess.DEVNULL)


def editor(env, every, count, posted):
    """Posts ``count`` updates, one every ``every`` seconds, sending each commit's moment: in a
    process of its own, so that the readers' loop never holds it up (nor it them)."""
    os.environ.update(env)
    import django

    django.setup()
    from dateline.news.live_updates import paragraphs, post_update
    from dateline.news.models import LiveBlogPage, LiveBlogUpdate

    blog = LiveBlogPage.objects.get(url_path__endswith=LIVE_BLOG)
    for number in range(count):
        time.sleep(every)
        post_update(blog, paragraphs(f"Benchmark update {number + 1}: the wind holds."))
        committed = time.time()
        sequence = LiveBlogUpdate.objects.filter(blog=blog).order_by("-sequence")[0].sequence
        posted.put((sequence, committed))
    posted.put(None)


async def run(options, env, port, latest):
    readers = [Reader(port, latest) for _ in range(options.readers)]
    count = int(options.minutes * 60 // options.every)
    stop_at = [float("inf")]
    spawned = multiprocessing.get_context("spawn")
    commits = spawned.Queue()
    posting = spawned.Process(target=editor, args=(env, options.every, count, commits))
    posting.start()
    polling = [asyncio.create_task(reader.poll(stop_at, options.poll)) for reader in readers]
    posted = dict(await asyncio.to_thread(drain, commits, posting))
    await asyncio.to_thread(posting.join)
    # Readers keep their pages open a little past the last update.
    stop_at[0] = time.time() + 5 * options.poll
    await asyncio.gather(*polling)
    return readers, posted


def drain(commits, posting):
    """The editor's (sequence, commit moment) pairs, until it says it is done."""
    pairs = []
    while True:
        try:
            pair = commits.get(timeout=1)
        except queue.Empty:
            if not posting.is_alive():
                raise RuntimeError(f"the editor's process ended ({posting.exitcode})") from None
            continue
        if pair is None:
            return pairs
        pairs.append(pair)


def latest_sequence(port):
    _status, _headers, body = http_load.fetch(port, f"{LIVE_BLOG}updates/")
    return json.loads(body)["latest"]


def main():
    options = parse_arguments()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # one connection per reader
    data_dir = Path(options.data_dir or tempfile.mkdtemp(prefix="live-blog-bench-"))
    env = {**os.environ, "DATELINE_DATA_DIR": str(data_dir),
           "DJANGO_SETTINGS_MODULE": "dateline.settings.demo",
           "PYTHONPATH": str(CHECKOUT / "src")}
    if options.database_url:
        env["DATABASE_URL"] = options.database_url
    if options.redis_url:
        env["REDIS_URL"] = options.redis_url
    if not options.data_dir:
        build_demo(data_dir, env)
    port = http_load.free_port()
    front = http_load.VarnishFront(http_load.free_port()) if options.varnish else None
    if front:
        env.update(front.purge_env())
    command = [sys.executable, "-m", "dateline", "serve", "--port", str(port),
               "--workers", str(options.workers)]
    with http_load.Server("dateline", command, env, port, data_dir).wait_until_up(LIVE_BLOG) \
            as server:
        roots = [server.pid]
        if front:
            front.start(port, data_dir)
            roots.append(front.server.pid)
        readers_port = front.port if front else port
        try:
            summary = measure(options, env, readers_port, server, roots)
        finally:
            if front:
                front.stop()
    report(options, summary)


def measure(options, env, port, server, roots):
    latest = latest_sequence(port)
    load_before = http_load.load_average()
    dateline_before = http_load.cpu_seconds([server.pid])
    cpu_before = http_load.cpu_seconds(roots)
    client_before = client_cpu_seconds()
    started = time.time()
    # uvloop, as the server: the simulated readers must cost less than what they measure.
    readers, posted = uvloop.run(run(options, env, port, latest))
    elapsed = time.time() - started
    cpu = http_load.cpu_seconds(roots) - cpu_before
    summary = summarise(readers, posted, elapsed, cpu)
    dateline_cpu = http_load.cpu_seconds([server.pid]) - dateline_before
    summary.update(client_cpu_s=round(client_cpu_seconds() - client_before, 1),
                   dateline_cpu_s=round(dateline_cpu, 1), load_before=load_before)
    return summary


def client_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def summarise(readers, posted, elapsed, cpu):
    delays, missed = [], 0
    for reader in readers:
        for sequence, committed in posted.items():
            if sequence in reader.seen:
                delays.append(reader.seen[sequence] - committed)
            else:
                missed += 1
    for sequence, committed in sorted(posted.items()):
        arrivals = sorted(reader.seen[sequence] - committed for reader in readers
                          if sequence in reader.seen)
        if arrivals:
            print(f"update {sequence}: first {arrivals[0]:.2f} s, "  # noqa: T201
                  f"last {arrivals[-1]:.2f} s")
    delays.sort()

    def percentile(fraction):
        return delays[min(len(delays) - 1, int(fraction * len(delays)))] if delays else None

    reader_minutes = len(readers) * elapsed / 60
    return {
        "updates": len(posted), "readers": len(readers), "seconds": round(elapsed, 1),
        "median_s": round(statistics.median(delays), 2) if delays else None,
        "p99_s": round(percentile(0.99), 2) if delays else None,
        "max_s": round(delays[-1], 2) if delays else None,
        "missed": missed, "duplicates": sum(reader.duplicates for reader in readers),
        "errors": sum(reader.errors for reader in readers),
        "error_kinds": dict(ERRORS),
        "requests": sum(reader.requests for reader in readers),
        "server_cpu_s": round(cpu, 1),
        "cpu_ms_per_reader_minute": round(1000 * cpu / reader_minutes, 2),
    }


def report(options, summary):
    database = "PostgreSQL" if options.database_url else "SQLite"
    store = "Redis" if options.redis_url else "per-process memory"
    if options.varnish:
        store += ", Varnish in front"
    print(json.dumps(summary, indent=2))  # noqa: T201
    results = CHECKOUT / "benchmarks" / "results" / "live_blog.json"
    runs = json.loads(results.read_text()) if results.exists() else {}
    runs[f"{database}, {store}, {options.workers} server processes, "
         f"{options.readers} readers"] = {
        **summary, "poll_s": options.poll, "every_s": options.every,
        "date": datetime.datetime.now().isoformat(timespec="minutes"),
        "machine": f"{os.cpu_count()} cores, {platform.system()} {platform.release()}, "
                   f"load {summary.get('load_before', '?')} → {http_load.load_average()}",
    }
    results.write_text(json.dumps(runs, indent=2) + "\n")
    write_doc(runs)


def dateline_share(run):
    """Dateline's own part of the CPU when Varnish's is counted too."""
    if run.get("dateline_cpu_s") in (None, run["server_cpu_s"]):
        return ""
    reader_minutes = run["readers"] * run["seconds"] / 60
    return f" ({1000 * run['dateline_cpu_s'] / reader_minutes:.2f} ms Dateline's)"


def write_doc(runs):
    rows = "\n".join(
        f"| {name} | {run['readers']} | {run['updates']} every {run['every_s']} s | "
        f"{run['poll_s']} s | {run['median_s']} s | {run['p99_s']} s | {run['max_s']} s | "
        f"{run['missed']} / {run['duplicates']} | {run['errors']} | "
        f"{run['cpu_ms_per_reader_minute']} ms{dateline_share(run)} | {run['machine']}, "
        f"{run['date']} |"
        for name, run in runs.items())
    write_section(HEADING, f"""{HEADING}

`benchmarks/live_blog.py`: simulated readers keep the demo's running live blog open (each
polls the updates fragment on its own keep-alive connection, conditionally, as the page's
script does) while an editor posts an update through the publish pipeline every few seconds.
Delay: from the update's commit to its arrival on each reader's page. Missed / duplicates:
updates a reader never got / got twice. CPU: the server processes' user and system time per
reader-minute.

Setups named "Varnish in front" put varnishd running deploy/varnish/dateline.vcl between the
readers and Dateline, purged by key; their CPU column counts Varnish's CPU with Dateline's.
The last column gives the machine's load average (2 cores) at the start and the end of the
run: it was shared with other engineers' test runs, so a load far above 2 means the readers,
the editor and the server each had a fraction of a core, and the delays measure the starved
machine as much as the design. What the figures mean, and what a newsroom needs, follows in
"Live blog: polling or server-sent events" and "Live blog at 5,000 readers".

| setup | readers | updates | poll | median delay | p99 delay | max delay \
| missed / duplicates | errors | server CPU per reader-minute | run |
|---|---|---|---|---|---|---|---|---|---|---|
{rows}
""")


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=5000)
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--every", type=float, default=5.0, help="Seconds between updates.")
    parser.add_argument("--poll", type=float, default=1.0,
                        help="Seconds between a reader's polls (the page's script: 1).")
    parser.add_argument("--workers", type=int, default=1, help="Server processes.")
    parser.add_argument("--data-dir", default="",
                        help="A demo data folder `dateline demo --no-serve` built (default: "
                             "build one in a new temporary folder).")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--varnish", action="store_true",
                        help="Readers ask Varnish (deploy/varnish/dateline.vcl), purged by key.")
    return parser.parse_args()


if __name__ == "__main__":
    main()

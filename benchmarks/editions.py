"""Editions: what a Persian edition page costs beside its English counterpart, uncached (a render
through Django: CPU ms and queries) and cached (an answer from the page cache through the ASGI
application: CPU ms), on the demo newsroom; records it in docs/performance.md.

Run from the checkout:
    .venv/bin/python benchmarks/editions.py [--data /tmp/dateline-bench/editions-demo]

The demo is built into the data folder (`dateline demo --no-serve`, then `collectstatic`)
unless one is there.
"""

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from performance_doc import write_section

CHECKOUT = Path(__file__).resolve().parents[1]
HEADING = "## Editions: the Persian edition beside the English"
PAIRS = {
    "front page": ("/", "/fa/"),
    "section": ("/iran-news/", "/fa/iran/"),
    "article": ("/iran-news/nowruz-traditions-explained/", "/fa/iran/nowruz-va-sonnat-ha/"),
    "search": ("/search/?q=tea", "/search/?q=%DA%86%D8%A7%DB%8C"),
    "feed": ("/feeds/rss/", "/fa/feeds/rss/"),
    "sitemap": ("/sitemap-pages.xml", "/fa/sitemap-pages.xml"),
}
WARM_UP = 3
RENDERS = 40
HITS = 400


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/dateline-bench/editions-demo"))
    options = parser.parse_args()
    os.environ["DATELINE_DATA_DIR"] = str(options.data)
    os.environ["DJANGO_SETTINGS_MODULE"] = "dateline.settings.demo"
    os.environ.pop("DATABASE_URL", None)
    command_env = {**os.environ, "PYTHONPATH": str(CHECKOUT / "src")}
    if not (options.data / "dateline.sqlite3").exists():
        subprocess.run([sys.executable, "-m", "dateline", "demo", "--no-serve"], check=True,
                       env=command_env)
    if not (options.data / "static" / "staticfiles.json").exists():
        # Pages name their hashed static files, as `dateline serve` collects them.
        subprocess.run([sys.executable, "-m", "dateline", "collectstatic", "--noinput",
                        "--verbosity", "0"], check=True, env=command_env)
    import django

    django.setup()
    pairs = {name: (english, "/fa" + persian if name == "search" else persian)
             for name, (english, persian) in PAIRS.items()}
    renders = {path: render_cost(path) for pair in pairs.values() for path in pair}
    cached = cached_costs([path for pair in pairs.values() for path in pair])
    rows = [(name, [(renders[path], cached[path]) for path in pair])
            for name, pair in pairs.items()]
    section = table(rows)
    sys.stdout.write(section)
    write_section(HEADING, section)


def render_cost(path):
    """Median CPU ms and queries of a GET through Django (what remembered values it needs are
    read in the warm-up, as on a serving process)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    for _ in range(WARM_UP):
        client.get(path)
    cpu, queries = [], []
    for _ in range(RENDERS):
        started = time.process_time()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        cpu.append((time.process_time() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        queries.append(len(captured))
    return statistics.median(cpu), statistics.median(queries)


def cached_costs(paths):
    """Median CPU ms of a GET answered by the page cache (dateline.asgi's application), per
    path, on one event loop as a server process has."""
    from dateline.asgi import application

    async def get(path):
        raw_path, _, query = path.partition("?")
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                 "method": "GET", "scheme": "http", "path": raw_path,
                 "raw_path": raw_path.encode(), "query_string": query.encode(),
                 "root_path": "", "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 5000),
                 "headers": [(b"host", b"127.0.0.1"), (b"accept-encoding", b"gzip")]}
        sent = []
        asked = False

        async def receive():
            nonlocal asked
            if not asked:
                asked = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await asyncio.Event().wait()  # the client stays connected

        async def send(message):
            sent.append(message)

        await application(scope, receive, send)
        return sent[0]["status"], dict(sent[0]["headers"])

    async def run():
        costs = {}
        for path in paths:
            for _ in range(WARM_UP):
                await get(path)
            cpu = []
            for _ in range(HITS):
                started = time.process_time()
                status, headers = await get(path)
                cpu.append((time.process_time() - started) * 1000)
                if status != 200 or headers.get(b"x-dateline-cache") != b"hit":
                    raise RuntimeError(f"{path} was not served from the page cache: {status}")
            costs[path] = statistics.median(cpu)
        return costs

    return asyncio.run(run())


def table(rows):
    lines = [
        HEADING, "",
        "`benchmarks/editions.py` on the demo newsroom (SQLite), each English page beside its",
        "Persian counterpart: uncached, a render through Django (median CPU ms of "
        f"{RENDERS}, queries);",
        f"cached, an answer from the page cache through the ASGI application (median CPU ms of "
        f"{HITS}). The demo's Persian edition holds fewer stories (20 against 70), so its",
        "listings read less; the cost of an edition itself is what the article row shows.",
        "The page cache keys pages by path, so a cached Persian page costs what an English one",
        "does.", "",
        "| page | English uncached | Persian uncached | English cached | Persian cached |",
        "|---|---|---|---|---|",
    ]
    for name, ((en_render, en_cached), (fa_render, fa_cached)) in rows:
        lines.append(
            f"| {name} | {en_render[0]:.1f} ms, {en_render[1]:g} q | "
            f"{fa_render[0]:.1f} ms, {fa_render[1]:g} q "
            f"({percent(fa_render[0], en_render[0])}) | {en_cached:.3f} ms | "
            f"{fa_cached:.3f} ms ({percent(fa_cached, en_cached)}) |")
    return "\n".join(lines) + "\n"


def percent(value, base):
    return f"{(value - base) / base * 100:+.0f}%" if base else "n/a"


if __name__ == "__main__":
    main()

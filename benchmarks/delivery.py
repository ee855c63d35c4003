"""Delivery: what serving readers costs, without and with the page cache, set beside nginx
serving the same bytes in the same run; records it in benchmarks/results/ and
docs/performance.md.

Run from the checkout:
    .venv/bin/python benchmarks/delivery.py [--articles 10000] [--database sqlite|postgresql|both]
        [--workers 2] [--redis redis://127.0.0.1:6379/15] [--wordpress]

For each database: seed an archive with `benchmarks/seed_archive.py` (or reuse the one an earlier
run left under /tmp/dateline-bench/); in a child process, render each scenario through Django's test
client (CPU, wall time, queries) and time publishing a new article; then serve the archive with
`dateline serve`, first with the page cache off and then on, and load each scenario's page with
wrk, and nginx with the exact bytes `dateline serve` sent for it, one after the other (uncached
pages with fewer connections: Django is the bottleneck and more would only queue). With the
page cache on, also: 30 s at 64 connections on the front page, the time from a publish until
the story shows on the cached front and section pages, and the front page's throughput while a
story is published every second. nginx and wrk are installed from Debian when missing.

With the page cache on, also the cached article through nginx's one-second micro-cache
(deploy/nginx/dateline-microcache.conf) against nginx serving the same bytes. With the page
cache on and Varnish installed (Debian's varnish and varnish-modules, as
./scripts/test installs them), the front too: Varnish running deploy/varnish/dateline.vcl in
front of the same server, purged by key; the cached article through Varnish against nginx
serving the bytes Varnish sent, the time from a publish until the story shows on the front
page and its section through Varnish and from an unpublish until it is gone from both, and the
purge requests Varnish received per publish and unpublish.

With `--modes counting` (alone, or beside the others), what counting reads for the Most read
box costs: two `dateline serve`s of the same archive side by side, `DATELINE_MOST_READ` on and
off, the cached article loaded with a browser's User-Agent (so that every request is a read)
in alternate rounds, off then on, then on then off; the ratio of their mean req/s. Alone, it is
added to the archive's earlier results.
"""

import argparse
import contextlib
import datetime
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import delivery_report
import http_load
from bench_archive import ARCHIVES, DATABASES, Archive, code_version, progress

CHECKOUT = Path(__file__).resolve().parents[1]
IN_PROCESS = Path(__file__).resolve().parent / "delivery_in_process.py"
PAGE_CACHE = CHECKOUT / "src" / "dateline" / "delivery" / "page_cache.py"
# The WordPress peer lives beside the project, in ../shared.
WORDPRESS = Path(__file__).resolve().parents[2] / "shared" / "peers" / "wordpress"
WORDPRESS_BASE = ARCHIVES / "wordpress-peer"
SCENARIOS = ["home", "section", "article", "search", "feed", "sitemap"]
CACHE_HEADER = "x-dateline-cache"
WARM_UP_REQUESTS = 8
WARM_HITS = 3
WARM_TIMEOUT = 120  # seconds; a slow page renders once in each worker
PUBLISH_ROUNDS = 10
POLL_SECONDS = 0.01
VISIBLE_TIMEOUT = 10  # seconds after which a published story counts as never shown
VISIBLE_TARGET = 1.0  # seconds
SUSTAINED = {"duration": 30, "connections": 64}
COUNTING_ROUNDS = 10
BROWSER = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/120.0.0.0 Mobile Safari/537.36")


def main():
    options = parse_arguments()
    http_load.ensure_tools()
    wordpress = measure_wordpress(options) if options.wordpress else None
    for database in options.databases:
        archive = Archive(database, options.articles)
        if options.modes == ["counting"]:
            result = counting_only(archive, options, results_name(options, database))
        else:
            result = measure_archive(archive, options)
        result["wordpress"] = wordpress
        path = delivery_report.save(result, results_name(options, database))
        progress(f"Wrote {path.relative_to(CHECKOUT)}")
        print(delivery_report.archive_tables(result))  # noqa: T201 - the run's figures
    delivery_report.record()


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000,
                        help="Archive size; each size's archive is seeded once and reused.")
    parser.add_argument("--database", choices=[*DATABASES, "both"], default="sqlite")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="`dateline serve` workers, and nginx's.")
    parser.add_argument("--duration", type=int, default=10, help="Seconds per wrk run.")
    parser.add_argument("--connections", type=int, default=16,
                        help="wrk connections for cached pages and nginx.")
    parser.add_argument("--uncached-connections", type=int, default=4,
                        help="wrk connections for uncached pages (Dateline's and nginx's), "
                             "where Django is the bottleneck and more would only queue.")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
    parser.add_argument("--accept-encoding", default="gzip",
                        help="Sent by wrk to Dateline and to nginx alike.")
    parser.add_argument("--redis", metavar="URL",
                        help="Share the page cache in this Redis (REDIS_URL); default: local.")
    parser.add_argument("--modes", default="uncached,cached",
                        help="uncached (page cache off), cached (on), both, counting (the "
                             "cost of counting reads), or several separated by commas.")
    parser.add_argument("--note", help="A sentence printed with the run's table, e.g. what "
                                       "else loaded the machine.")
    parser.add_argument("--wordpress", action="store_true",
                        help="Also measure the WordPress peer's single post and its static "
                             "copy, in the same run.")
    options = parser.parse_args()
    options.databases = list(DATABASES) if options.database == "both" else [options.database]
    modes = "uncached,cached" if options.modes == "both" else options.modes
    options.modes = [mode.strip() for mode in modes.split(",")]
    if set(options.modes) - {"uncached", "cached", "counting"}:
        parser.error("--modes takes uncached, cached, both or counting")
    options.load = http_load.LoadSettings(options.duration, options.connections, options.threads,
                                          options.accept_encoding)
    options.uncached_load = http_load.LoadSettings(
        options.duration, options.uncached_connections, options.threads,
        options.accept_encoding)
    # The note is printed with the table on its own.
    arguments = sys.argv[1:]
    if "--note" in arguments:
        del arguments[arguments.index("--note"):arguments.index("--note") + 2]
    if options.note:
        arguments.append("--note …")
    options.command = " ".join([os.path.relpath(sys.executable, CHECKOUT),
                                "benchmarks/delivery.py", *arguments])
    return options


def results_name(options, database):
    cache = "-redis" if options.redis else ""
    return f"delivery-{database}-{options.articles}{cache}.json"


def measure_archive(archive, options):
    seeded = archive.prepare()
    progress(f"{archive.title}: rendering in process and publishing…")
    result = {
        "database": archive.database, "articles": options.articles,
        "seed_seconds": seeded["seed_seconds"], "workers": options.workers,
        "load_settings": vars(options.load), "redis": bool(options.redis),
        "command": options.command, "date": datetime.datetime.now().isoformat(timespec="minutes"),
        "machine": f"{os.cpu_count()} cores, {platform.system()} {platform.release()}, "
                   f"Python {platform.python_version()}",
        "code": code_version(), "load_start": http_load.load_average(),
        "note": options.note,
        "in_process": in_process(archive, options),
        "modes": {},
    }
    paths = result["in_process"]["paths"]
    for mode in options.modes:
        if mode == "counting":
            result["counting"] = counting_cost(archive, options, paths["article"][0])
            continue
        if mode == "cached" and not PAGE_CACHE.exists():
            result["modes"][mode] = {"skipped": "no page cache in this checkout"}
            continue
        progress(f"{archive.title}: serving, {mode}…")
        result["modes"][mode] = serve(archive, options, paths, cached=mode == "cached")
    result["load_end"] = http_load.load_average()
    return result


def counting_only(archive, options, name):
    """The archive's earlier results with the cost of counting reads measured again."""
    result = delivery_report.load(name)
    if result is None:
        options.modes = ["cached", "counting"]
        return measure_archive(archive, options)
    archive.prepare()
    result["counting"] = counting_cost(archive, options,
                                       result["in_process"]["paths"]["article"][0])
    return result


def counting_cost(archive, options, path):
    """Cached article req/s with counting reads on and off, two servers side by side loaded in
    alternate rounds, so that the machine's other work falls on both alike."""
    progress(f"{archive.title}: counting reads on and off, {COUNTING_ROUNDS} rounds each…")
    load = http_load.LoadSettings(options.duration, options.connections, options.threads,
                                  options.accept_encoding, user_agent=BROWSER)
    logs = ARCHIVES / "logs" / f"{archive.folder.name}-counting"
    logs.mkdir(parents=True, exist_ok=True)
    runs = {"on": [], "off": []}
    # No reads from an earlier run: both servers then render the article without a Most read
    # box (a box appears only once a render reads counts), so they send the same bytes.
    archive.dateline("shell", "-c", "from dateline.readership.models import StoryReads; "
                     "StoryReads.objects.all().delete()")
    with contextlib.ExitStack() as stack:
        servers = {}
        for counting in runs:
            env = {**archive.env(redis_url=options.redis), "DATELINE_MOST_READ": counting}
            port = http_load.free_port()
            servers[counting] = stack.enter_context(http_load.Server(
                f"dateline-counting-{counting}",
                [sys.executable, "-m", "dateline", "serve", "--port", str(port), "--workers",
                 str(options.workers)], env, port, logs))
        for server in servers.values():
            server.wait_until_up()
            warm_every_worker(server, path, options.accept_encoding)
        sizes = {counting: len(http_load.fetch(server.port, path, options.accept_encoding)[2])
                 for counting, server in servers.items()}
        load_start = http_load.load_average()
        for round_number in range(COUNTING_ROUNDS):
            for counting in ("off", "on") if round_number % 2 == 0 else ("on", "off"):
                server = servers[counting]
                runs[counting].append(http_load.measure_load([server.pid], server.url(path),
                                                             load))
        rps = {counting: statistics.mean(run["rps"] for run in each)
               for counting, each in runs.items()}
        # CPU per request moves less with the machine's other work than req/s does.
        cpu = {counting: statistics.median(run["cpu_ms_per_request"] for run in each)
               for counting, each in runs.items()}
    paired = statistics.median(on["rps"] / off["rps"]
                               for off, on in zip(runs["off"], runs["on"], strict=True))
    progress(f"  counting on {rps['on']:,.0f} req/s, off {rps['off']:,.0f} "
             f"({rps['on'] / rps['off']:.1%}; median of rounds {paired:.1%}); CPU ms/req "
             f"{cpu['on']:.4f} on, {cpu['off']:.4f} off")
    in_process_costs = json.loads(subprocess.run(
        [sys.executable, str(IN_PROCESS), "read_cost", path], cwd=CHECKOUT,
        env=archive.env(redis_url=options.redis), stdout=subprocess.PIPE, text=True,
        check=True).stdout.strip().splitlines()[-1])
    progress(f"  in process: one read counted {in_process_costs['read_us']:.2f} µs CPU; a hit "
             f"{in_process_costs['hit_us_on']:.2f} µs counting, "
             f"{in_process_costs['hit_us_off']:.2f} µs without")
    return {"path": path, "rounds": runs, "rps_on": rps["on"], "rps_off": rps["off"],
            **in_process_costs, "bytes": sizes,
            "ratio": rps["on"] / rps["off"], "paired_ratio": paired, "cpu_ms_on": cpu["on"],
            "cpu_ms_off": cpu["off"], "load": [load_start, http_load.load_average()],
            "load_settings": vars(load), "date": datetime.datetime.now().isoformat(
                timespec="minutes"), "code": code_version(), "note": options.note}


def in_process(archive, options):
    child = subprocess.run([sys.executable, str(IN_PROCESS), "measure"], cwd=CHECKOUT,
                           env=archive.env(redis_url=options.redis), stdout=subprocess.PIPE,
                           text=True, check=True)
    return json.loads(child.stdout.strip().splitlines()[-1])


# ---- served -------------------------------------------------------------------------------

def serve(archive, options, paths, cached):
    front = (http_load.VarnishFront(http_load.free_port())
             if cached and http_load.varnish_available() else None)
    env = {**archive.env(page_cache=cached, redis_url=options.redis),
           **(front.purge_env() if front else {})}
    port = http_load.free_port()
    command = [sys.executable, "-m", "dateline", "serve", "--port", str(port),
               "--workers", str(options.workers)]
    # Kept after the run (the next run of the same archive and mode replaces them).
    logs = ARCHIVES / "logs" / f"{archive.folder.name}-{'cached' if cached else 'uncached'}"
    logs.mkdir(parents=True, exist_ok=True)
    with http_load.Server("dateline", command, env, port, logs) as server:
        server.wait_until_up()
        if front:
            front.start(port, logs)
        nginx = http_load.NginxReference(http_load.free_port(), options.workers)
        pages = {scenario: served_page(server, paths[scenario][0], options.accept_encoding,
                                       cached)
                 for scenario in SCENARIOS}
        for scenario, page in pages.items():
            nginx.add(f"/{scenario}", page.pop("body"), page["content_type"],
                      page["content_encoding"])
        front_article = front_page(front, pages["article"]["path"], options.accept_encoding) \
            if front else None
        if front_article:
            nginx.add("/front-article", front_article.pop("body"),
                      front_article["content_type"], front_article["content_encoding"])
        nginx.start(logs)
        load = options.load if cached else options.uncached_load
        try:
            for scenario, page in pages.items():
                if cached:  # again: it may have expired while the scenarios before ran
                    warm_every_worker(server, page["path"], options.accept_encoding)
                page["dateline"] = http_load.measure_load([server.pid], server.url(page["path"]),
                                                          load)
                page["nginx"] = http_load.measure_load([nginx.server.pid],
                                                       nginx.url(f"/{scenario}"), load)
                page["ratio"] = page["dateline"]["rps"] / page["nginx"]["rps"]
                progress(f"  {scenario}: {page['dateline']['rps']:,.0f} req/s, nginx "
                         f"{page['nginx']['rps']:,.0f} ({page['ratio']:.1%}), cache "
                         f"{page['cache']}")
            if front_article:
                front_article.update(front_load(front, server, nginx, front_article, options))
            microcache = micro_cache_load(server, nginx, pages["article"], options, logs) \
                if cached else None
        finally:
            nginx.stop()
        served = {"scenarios": pages, "load_settings": vars(load)}
        if microcache:
            served["microcache"] = microcache
        try:
            if cached:
                served.update(publishing_runs(archive, options, server, logs, front))
        finally:
            if front:
                front.stop()
        if front_article:
            served["front"]["article"] = front_article
        served["memory"] = [http_load.memory(pid) for pid in server.workers()]
        served["master_memory"] = http_load.memory(server.pid)
        return served


def served_page(server, path, accept_encoding, cached=True):
    """The page as `dateline serve` sends it, after warm-up requests (with the page cache on,
    until every worker has it)."""
    if cached:
        warm_every_worker(server, path, accept_encoding)
    else:
        for _ in range(WARM_UP_REQUESTS):
            http_load.fetch(server.port, path, accept_encoding)
    status, headers, body = http_load.fetch(server.port, path, accept_encoding)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    return {"path": path, "body": body, "bytes": len(body),
            "content_type": headers["content-type"],
            "content_encoding": headers.get("content-encoding"),
            "cache": headers.get(CACHE_HEADER, "absent")}


def publishing_runs(archive, options, server, logs, front=None):
    progress("  30 s at 64 connections on the front page…")
    sustained = http_load.measure_load(
        [server.pid], server.url("/"),
        http_load.LoadSettings(threads=options.threads,
                               accept_encoding=options.accept_encoding, **SUSTAINED))
    env = {**archive.env(redis_url=options.redis), **(front.purge_env() if front else {})}
    with Publisher(env, logs) as publisher:
        progress("  publish → visible…")
        visible = [publish_and_watch(server, publisher, options.accept_encoding,
                                     VISIBLE_TIMEOUT) for _ in range(PUBLISH_ROUNDS)]
        progress("  front page throughput while publishing every second…")
        under_load = publishing_under_load(server, publisher, options)
        runs = {"sustained": sustained, "publish_visible": visible,
                "publish_under_load": under_load}
        if front:
            progress("  through Varnish: publish → visible, unpublish → gone…")
            runs["front"] = {"rounds": [publish_through_front(front, publisher,
                                                              options.accept_encoding)
                                        for _ in range(PUBLISH_ROUNDS)]}
    return runs


class Publisher:
    """delivery_in_process.py's publisher: a separate process writing to the same database, as
    an editor's admin request would."""

    def __init__(self, env, logs):
        self.announced = []
        self.errors = Path(logs) / "publisher.log"
        with self.errors.open("w") as errors:
            self.process = subprocess.Popen(
                [sys.executable, str(IN_PROCESS), "publisher"], cwd=CHECKOUT, env=env,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True)

    def next_draft(self):
        """The draft the next publish will publish: its headline's token and section."""
        return self.read()

    def publish(self):
        self.process.stdin.write("publish\n")
        self.process.stdin.flush()
        return self.read()

    def unpublish(self):
        """Unpublishes the story published last. The next draft's announcement may come
        first: it is kept for ``next_draft``."""
        self.process.stdin.write("unpublish\n")
        self.process.stdin.flush()
        answer = self.read_line()
        while "unpublish_ms" not in answer:
            self.announced.append(answer)
            answer = self.read_line()
        return answer

    def read(self):
        return self.announced.pop(0) if self.announced else self.read_line()

    def read_line(self):
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the publisher stopped:\n{self.errors.read_text()[-3000:]}")
        return json.loads(line)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def publish_and_watch(server, publisher, accept_encoding, timeout):
    """Publishes a story and polls the cached front page and its section, each from its own
    thread, until it shows; milliseconds from the publish's commit, None if it did not show
    within the timeout."""
    draft = publisher.next_draft()
    pages = {"home": "/", "section": draft["section_url"]}
    before = {page: served_page(server, path, accept_encoding)["cache"]
              for page, path in pages.items()}
    answer = publisher.publish()
    committed = time.perf_counter()
    shown = dict.fromkeys(pages)

    def watch(page):
        while time.perf_counter() - committed < timeout:
            if shows(server, pages[page], draft["token"], accept_encoding):
                shown[page] = (time.perf_counter() - committed) * 1000
                return
            time.sleep(POLL_SECONDS)

    watchers = [threading.Thread(target=watch, args=(page,)) for page in pages]
    for watcher in watchers:
        watcher.start()
    for watcher in watchers:
        watcher.join()
    return {"publish_ms": answer["publish_ms"], "cache_before": before, "visible_ms": shown}


def shows(server, path, token, accept_encoding):
    _status, headers, body = http_load.fetch(server.port, path, accept_encoding)
    encoding = headers.get("content-encoding")
    if encoding == "gzip":
        body = gzip.decompress(body)
    elif encoding == "br":
        import brotli

        body = brotli.decompress(body)
    return token.encode() in body


# ---- the front: Varnish ---------------------------------------------------------------------

def front_page(front, path, accept_encoding):
    """The page as Varnish sends it once it holds it (X-Varnish names the transaction that
    stored it). Right after a purge Dateline may answer with its stale copy, which Varnish
    does not keep, and asks again a second later."""
    deadline = time.monotonic() + WARM_TIMEOUT
    while True:
        status, headers, body = http_load.fetch(front.port, path, accept_encoding)
        if status == 200 and len(headers.get("x-varnish", "").split()) == 2:
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"{path} through Varnish answered {status}, "
                               f"X-Varnish {headers.get('x-varnish')}")
        time.sleep(POLL_SECONDS)
    return {"path": path, "body": body, "bytes": len(body),
            "content_type": headers["content-type"],
            "content_encoding": headers.get("content-encoding")}


def front_load(front, server, nginx, article, options):
    """The cached article through Varnish, then from nginx with the bytes Varnish sent. The
    CPU counted is Varnish's and Dateline's: a hit should cost Dateline nothing."""
    front_page(front, article["path"], options.accept_encoding)  # again: it may have expired
    through = http_load.measure_load([front.server.pid, server.pid], front.url(article["path"]),
                                     options.load)
    reference = http_load.measure_load([nginx.server.pid], nginx.url("/front-article"),
                                       options.load)
    ratio = through["rps"] / reference["rps"]
    progress(f"  article through Varnish: {through['rps']:,.0f} req/s, nginx "
             f"{reference['rps']:,.0f} ({ratio:.1%})")
    return {"varnish": through, "nginx": reference, "ratio": ratio}


def micro_cache_load(server, nginx, article, options, logs):
    """The cached article through nginx's one-second micro-cache
    (deploy/nginx/dateline-microcache.conf), against nginx serving the bytes Dateline sent.
    The CPU counted is the micro-cache's and Dateline's."""
    micro = http_load.NginxMicroCache(http_load.free_port(), options.workers)
    micro.start(server.port, logs)
    try:
        http_load.fetch(micro.port, article["path"], options.accept_encoding)
        through = http_load.measure_load([micro.server.pid, server.pid],
                                         micro.url(article["path"]), options.load)
    finally:
        micro.stop()
    reference = http_load.measure_load([nginx.server.pid], nginx.url("/article"), options.load)
    ratio = through["rps"] / reference["rps"]
    progress(f"  article through nginx's micro-cache: {through['rps']:,.0f} req/s, nginx "
             f"{reference['rps']:,.0f} ({ratio:.1%})")
    return {"path": article["path"], "bytes": article["bytes"],
            "content_encoding": article["content_encoding"], "microcache": through,
            "nginx": reference, "ratio": ratio}


def publish_through_front(front, publisher, accept_encoding):
    """Publishes a story with the front page and its section held by Varnish, and polls both
    through Varnish until it shows; then, with the story's page held too, unpublishes it and
    polls until it is gone from all three. Milliseconds from the commit, and the purge requests
    Varnish received for each."""
    draft = publisher.next_draft()
    pages = {"home": "/", "section": draft["section_url"]}
    for path in pages.values():
        front_page(front, path, accept_encoding)
    purges = front.synthetic_answers()
    published = publisher.publish()
    visible = watch_front(front, pages, lambda body: draft["token"].encode() in body,
                          accept_encoding)
    publish_purges = front.synthetic_answers() - purges
    pages["story"] = published["url"]
    for path in pages.values():
        front_page(front, path, accept_encoding)
    purges = front.synthetic_answers()
    publisher.unpublish()
    gone = watch_front(front, pages, lambda body: draft["token"].encode() not in body,
                       accept_encoding)
    return {"visible_ms": visible, "gone_ms": gone, "publish_purges": publish_purges,
            "unpublish_purges": front.synthetic_answers() - purges}


def watch_front(front, pages, done, accept_encoding):
    """Polls each page through Varnish, each from its own thread, until ``done(body)``; ms
    from now (the change's commit), None when not within VISIBLE_TIMEOUT."""
    started = time.perf_counter()
    seen = dict.fromkeys(pages)

    def watch(page):
        while time.perf_counter() - started < VISIBLE_TIMEOUT:
            _status, headers, body = http_load.fetch(front.port, pages[page], accept_encoding)
            if headers.get("content-encoding") == "gzip":
                body = gzip.decompress(body)
            if done(body):
                seen[page] = (time.perf_counter() - started) * 1000
                return
            time.sleep(POLL_SECONDS)

    watchers = [threading.Thread(target=watch, args=(page,)) for page in pages]
    for watcher in watchers:
        watcher.start()
    for watcher in watchers:
        watcher.join()
    return seen


def publishing_under_load(server, publisher, options):
    """The front page's throughput with a story published every second, between two runs
    without, so that a drift in the machine's load shows. Each run starts with the page
    cached in every worker; while it runs nothing is polled, as a reader's load is all there
    is besides the publishing (publish → visible is measured on its own)."""
    url = server.url("/")
    publishes = []

    def publish_every_second():
        started = time.monotonic()
        for second in range(1, options.duration - 1):
            time.sleep(max(0.0, started + second - time.monotonic()))
            if time.monotonic() - started < options.duration - 1:
                publisher.next_draft()
                publishes.append(publisher.publish()["publish_ms"])

    runs = {}
    for name, during in (("before", None), ("during", publish_every_second), ("after", None)):
        warm_every_worker(server, "/", options.accept_encoding)
        runs[name] = http_load.measure_load([server.pid], url, options.load, during=during)
    baseline = statistics.mean([runs["before"]["rps"], runs["after"]["rps"]])
    return {**runs, "publishes_ms": publishes, "ratio": runs["during"]["rps"] / baseline}


def warm_every_worker(server, path, accept_encoding):
    """Requests the page on several connections at once until each has had it from the cache
    a few times in a row, so that every worker holds it (each keeps its own store unless the
    cache is in Redis)."""
    deadline = time.monotonic() + WARM_TIMEOUT

    def until_hits():
        hits = 0
        while hits < WARM_HITS and time.monotonic() < deadline:
            _status, headers, _body = http_load.fetch(server.port, path, accept_encoding)
            hits = hits + 1 if headers.get(CACHE_HEADER) == "hit" else 0

    threads = [threading.Thread(target=until_hits) for _ in range(2 * len(server.workers()))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# ---- the WordPress peer -------------------------------------------------------------------

def measure_wordpress(options):
    """The peer's single post through WordPress and as a static copy from its own nginx; its
    server CPU is php-fpm's, MariaDB's and nginx's."""
    progress("Starting the WordPress peer…")
    # The peer's default home, under $HOME, is out of reach of MariaDB's user when HOME=/root.
    env = {**os.environ, "WP_BASE": os.environ.get("WP_BASE", str(WORDPRESS_BASE))}
    subprocess.run(["bash", str(WORDPRESS / "wordpress-up.sh")], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    try:
        base = Path(env["WP_BASE"])
        urls = dict(line.split("=", 1) for line in
                    (base / "urls.env").read_text().split() if "=" in line)
        roots = [int((base / "run" / name).read_text()) for name in
                 ("php-fpm.pid", "mysqld.pid", "nginx.pid")]
        single = urls["WP_URL_SINGLE"]
        post = http_load.measure_load(roots, single, options.uncached_load)
        static = http_load.measure_load(roots, urls["WP_URL_STATIC"], options.uncached_load)
        status, headers, body = fetch_url(single, {"X-Peer-Debug": "1"})
        debug = body.decode(errors="replace").rsplit("<!-- peer-debug", 1)[-1]
        # The static copy is the post's page as readers get it, without the debug comment.
        return {"url": single, "status": status,
                "bytes": (base / "static" / "post.html").stat().st_size,
                "content_encoding": headers.get("content-encoding"),
                "debug": debug.strip(" ->\n"), "post": post, "static": static,
                "load_settings": vars(options.uncached_load),
                "ratio": post["rps"] / static["rps"]}
    finally:
        subprocess.run(["bash", str(WORDPRESS / "wordpress-down.sh")], env=env, check=False,
                       stdout=subprocess.DEVNULL)


def fetch_url(url, headers):
    from urllib.request import Request, urlopen

    with urlopen(Request(url, headers=headers), timeout=30) as response:  # noqa: S310
        return response.status, {k.lower(): v for k, v in response.headers.items()}, \
            response.read()


if __name__ == "__main__":
    main()

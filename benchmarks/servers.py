"""Which server serves Dateline fastest and correctly: the same cached page through uvicorn (as
`dateline serve` runs it), granian, gunicorn with uvicorn workers and gunicorn's threaded WSGI
workers, in one run, beside nginx serving the same bytes (the reference) and uvicorn serving
them from memory with no Django (what the server alone costs); records it in
benchmarks/results/servers.json and docs/performance.md.

Run from the checkout, after `.venv/bin/pip install -e ".[bench]"`:
    .venv/bin/python benchmarks/servers.py [--articles 10000] [--database sqlite] [--path /]

The page cache sits in the ASGI application, so the WSGI server serves through Django. A
server is correct when it answers 200 with the same page, once decoded, as `dateline serve`.
"""

import argparse
import datetime
import gzip
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

import delivery_report
import http_load
from bench_archive import DATABASES, Archive, code_version, progress

CHECKOUT = Path(__file__).resolve().parents[1]
WARM_UP_REQUESTS = 8
CACHE_HEADER = "x-dateline-cache"
# Not a way to serve Dateline: the same bytes from memory, to show what the server itself costs.
BARE = "uvicorn, the same bytes from memory (no Django)"
NGINX = "nginx (reference)"


def server_commands(port, workers):
    """Each server's command line; every one serves the same Django project, settings and
    database, with the same number of worker processes."""
    python = sys.executable
    address = f"127.0.0.1:{port}"
    return {
        "uvicorn (dateline serve)": [python, "-m", "dateline", "serve", "--port", str(port),
                                     "--workers", str(workers)],
        BARE: [python, "-m", "uvicorn", "--app-dir", "benchmarks", "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(workers), "--loop", "uvloop", "--http",
               "httptools", "--lifespan", "off", "--no-access-log", "bytes_app:app"],
        "granian": [python, "-m", "granian", "--interface", "asgi", "--host", "127.0.0.1",
                    "--port", str(port), "--workers", str(workers), "--loop", "uvloop",
                    "--no-ws", "dateline.asgi:application"],
        "gunicorn + uvicorn workers": [python, "-m", "gunicorn", "--bind", address, "--workers",
                                       str(workers), "--worker-class",
                                       "uvicorn.workers.UvicornWorker",
                                       "dateline.asgi:application"],
        "gunicorn gthread (WSGI)": [python, "-m", "gunicorn", "--bind", address, "--workers",
                                    str(workers), "--worker-class", "gthread", "--threads", "4",
                                    "dateline.wsgi:application"],
    }


def main():
    options = parse_arguments()
    http_load.ensure_tools()
    archive = Archive(options.database, options.articles)
    archive.prepare()
    result = {
        "archive": archive.title, "path": options.path, "workers": options.workers,
        "rounds": options.rounds, "load_settings": vars(options.load),
        "command": " ".join([os.path.relpath(sys.executable, CHECKOUT),
                             "benchmarks/servers.py", *sys.argv[1:]]),
        "date": datetime.datetime.now().isoformat(timespec="minutes"),
        "machine": f"{os.cpu_count()} cores, {platform.system()} {platform.release()}, "
                   f"Python {platform.python_version()}",
        "code": code_version(), "load_start": http_load.load_average(),
    }
    result["servers"] = compare(archive, options)
    result["load_end"] = http_load.load_average()
    correct = [server for server in result["servers"] if server["correct"] == "yes"
               and server["name"] not in {BARE, NGINX}]
    result["fastest"] = max(correct, key=lambda server: median_rps(server))["name"] \
        if correct else "none"
    delivery_report.save(result, "servers.json")
    print(delivery_report.servers_tables(result))  # noqa: T201 - the run's figures
    delivery_report.record()


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--database", choices=DATABASES, default="sqlite")
    parser.add_argument("--path", default="/", help="The page every server serves.")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=3,
                        help="Times every server is measured, in turn.")
    parser.add_argument("--duration", type=int, default=10, help="Seconds per wrk run.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
    parser.add_argument("--accept-encoding", default="gzip")
    parser.add_argument("--servers", type=lambda names: names.split(","),
                        help="Only these, by the start of their names, comma-separated (e.g. "
                             "'uvicorn (dateline,granian' for many short rounds of the two).")
    options = parser.parse_args()
    options.load = http_load.LoadSettings(options.duration, options.connections, options.threads,
                                          options.accept_encoding)
    return options


def compare(archive, options):
    """Every server and nginx, round after round; the order reverses each round, so that a
    drift in the machine's load favours no one. The first server's page is the reference."""
    servers = {}
    reference = None
    names = [name for name in [*server_commands("PORT", options.workers), NGINX]
             if not options.servers or name == NGINX
             or any(name.startswith(wanted) for wanted in options.servers)]
    with tempfile.TemporaryDirectory(prefix="dateline-bench-servers-") as logs:
        for round_number in range(options.rounds):
            for name in names if round_number % 2 == 0 else names[::-1]:
                progress(f"Round {round_number + 1}: {name}…")
                if name == NGINX:
                    servers.setdefault(NGINX, nginx_entry(reference))
                    servers[NGINX]["runs"].append(nginx_run(reference, options, logs))
                    continue
                page, run, memory = measure_server(archive, options, name, reference, logs)
                reference = reference or page
                entry = servers.setdefault(name, {
                    "name": name, "command": " ".join(
                        ["python", *server_commands("PORT", options.workers)[name][1:]]),
                    "correct": verdict(page, reference), "cache": page["cache"],
                    "content_encoding": page["encoding"], "bytes": len(page["body"]),
                    "runs": []})
                entry["runs"].append(run)
                entry["memory"] = memory
                progress(f"  {run['rps']:,.0f} req/s, correct: {entry['correct']}")
    nginx = median_rps(servers[NGINX])
    for server in servers.values():
        server["ratio"] = median_rps(server) / nginx
    return [servers[name] for name in names]


def measure_server(archive, options, name, reference, logs):
    port = http_load.free_port()
    env = archive.env()
    if name == BARE:
        env.update(bare_app_env(reference, logs))
    command = server_commands(port, options.workers)[name]
    with http_load.Server(name.split()[0], command, env, port, logs) as server:
        server.wait_until_up()
        page = fetch_warm(port, options.path, options.accept_encoding)
        run = http_load.measure_load([server.pid], server.url(options.path), options.load)
        return page, run, [http_load.memory(pid) for pid in server.workers()]


def bare_app_env(reference, folder):
    body = Path(folder) / "page.body"
    body.write_bytes(reference["body"])
    return {"BENCH_BODY_FILE": str(body), "BENCH_CONTENT_TYPE": reference["content_type"],
            "BENCH_CONTENT_ENCODING": reference["encoding"] or ""}


def fetch_warm(port, path, accept_encoding):
    for _ in range(WARM_UP_REQUESTS):
        http_load.fetch(port, path, accept_encoding)
    status, headers, body = http_load.fetch(port, path, accept_encoding)
    encoding = headers.get("content-encoding")
    decoded = body
    if encoding == "gzip":
        decoded = gzip.decompress(body)
    elif encoding == "br":
        import brotli

        decoded = brotli.decompress(body)
    return {"status": status, "body": body, "decoded": decoded, "encoding": encoding,
            "content_type": headers.get("content-type"),
            "cache": headers.get(CACHE_HEADER, "absent")}


def verdict(page, reference):
    if page["status"] != 200:
        return f"no: status {page['status']}"
    if page["decoded"] != reference["decoded"]:
        return "no: a different page"
    return "yes"


def nginx_entry(reference):
    return {"name": NGINX, "command": "nginx, the bytes uvicorn sent",
            "correct": "yes", "cache": "—", "content_encoding": reference["encoding"],
            "bytes": len(reference["body"]), "runs": [], "memory": []}


def nginx_run(reference, options, logs):
    nginx = http_load.NginxReference(http_load.free_port(), options.workers)
    nginx.add("/page", reference["body"], reference["content_type"], reference["encoding"])
    nginx.start(logs)
    try:
        progress("nginx…")
        run = http_load.measure_load([nginx.server.pid], nginx.url("/page"), options.load)
        progress(f"  {run['rps']:,.0f} req/s")
        return run
    finally:
        nginx.stop()


def median_rps(server):
    return statistics.median(run["rps"] for run in server["runs"])


if __name__ == "__main__":
    main()

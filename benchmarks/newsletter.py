"""What sending a newsletter costs: a briefing enqueued for many subscribers and handed by
`dateline send_mailings` to a local SMTP sink; messages per second, the sender's peak memory and
how much the database grows. Records it in docs/performance.md.

Run from the checkout: .venv/bin/python benchmarks/newsletter.py [--recipients 100000]
[--databases sqlite,postgresql] [--connections 4] [--side-by-side]

Each database is fresh: a temporary SQLite file, or the PostgreSQL database
dateline_bench_newsletter, created and dropped here. The sink (aiosmtpd, in this process)
answers 250 to every message and keeps only a count; the sender runs in its own process with
the demo settings (production behaviour), DATELINE_MAIL_CONNECTIONS connections, no rate limit.
With --side-by-side the databases are measured at the same time, each with its own sink (for a
machine where running them one after the other would take too long).
"""

import argparse
import concurrent.futures
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))

from benchmarks.performance_doc import write_section  # noqa: E402

HEADING = "## Newsletter sending"
COMMAND = ".venv/bin/python benchmarks/newsletter.py"
DATABASES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_DATABASE = "dateline_bench_newsletter"
COMPOSER = "benchmarks.newsletter.compose"
KEY = "newsletter-issue:benchmark"
HEADLINES = [
    "Ferry service to Baku resumes after storm season",
    "Council approves budget for the new river embankment",
    "Teachers' union and ministry reach agreement on pay",
    "Drought cuts the hazelnut harvest by a third",
    "Museum returns manuscripts to the monastery library",
    "Border crossing reopens for freight lorries",
    "Parliament debates the broadcasting law in second reading",
    "Wildfire near the national park is contained",
]


def compose(mailing, delivery):
    """A briefing of the size newsrooms send: eight headlines with summaries and links, plain
    text and HTML (about 6 KB), addressed to one subscriber."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives

    summary = ("The story in two sentences, as the desk wrote it for the morning briefing. "
               "Read on for the reporting from our correspondents. ")
    text = "\n\n".join(f"{headline}\n{summary}\nhttps://news.example.org/story/{number}/"
                       for number, headline in enumerate(HEADLINES))
    html = "".join(f'<h2><a href="https://news.example.org/story/{number}/">{headline}</a></h2>'
                   f"<p>{summary}</p>" for number, headline in enumerate(HEADLINES))
    unsubscribe = f"https://news.example.org/newsletters/leave/{delivery.recipient_ref}/"
    message = EmailMultiAlternatives(
        subject="Morning briefing", body=f"{text}\n\nUnsubscribe: {unsubscribe}\n",
        from_email=settings.DEFAULT_FROM_EMAIL, to=[delivery.address],
        headers={"List-Unsubscribe": f"<{unsubscribe}>"})
    message.attach_alternative(f"<html><body>{html}<p><a href=\"{unsubscribe}\">"
                               "Unsubscribe</a></p></body></html>", "text/html")
    return message


class Sink:
    """An SMTP server that accepts every message and counts them, and the recipients."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.count = 0
        self.recipients = set()
        self.first = self.last = None
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            now = time.monotonic()
            self.first = self.first or now
            self.last = now
            self.count += 1
            self.recipients.update(envelope.rcpt_tos)
        return "250 OK"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc_info):
        self.controller.stop()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--side-by-side", action="store_true")
    options = parser.parse_args()
    databases = options.databases.split(",")
    workers = len(databases) if options.side_by_side else 1
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        rows = list(pool.map(lambda database: measure(database, options.recipients,
                                                      options.connections), databases))
    record(rows, side_by_side=options.side_by_side)
    print(json.dumps(rows, indent=2))  # noqa: T201 - the benchmark's report


def measure(database, recipients, connections):
    print(f"{DATABASES[database]}: {recipients} recipients…", file=sys.stderr)  # noqa: T201
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dateline.settings.demo",
           "DATELINE_DATA_DIR": tempfile.mkdtemp(prefix="dateline-bench-newsletter-"),
           "DATELINE_EMAIL_FROM": "The Caspian Ledger <newsroom@news.example.org>",
           "DATELINE_MAIL_RATE": "0", "DATELINE_MAIL_CONNECTIONS": str(connections),
           "PYTHONPATH": str(CHECKOUT / "src")}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if database == "postgresql":
        postgres("DROP DATABASE IF EXISTS {}", "CREATE DATABASE {}")
        env["DATABASE_URL"] = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"
    try:
        dateline(env, "migrate", "-v0")
        size_before = database_size(database, env)
        started = time.monotonic()
        dateline(env, "shell", "--no-imports", "-c",
                 "from dateline.mailroom.bulk import enqueue_mailing; "
                 f"enqueue_mailing(key={KEY!r}, composer={COMPOSER!r}, "
                 "recipients=((f'subscriber{n}@example.org', str(n)) "
                 f"for n in range({recipients})))")
        enqueue_seconds = time.monotonic() - started
        size_enqueued = database_size(database, env)
        with Sink() as sink:
            env["DATELINE_EMAIL_URL"] = f"smtp://127.0.0.1:{sink.port}?tls=off"
            started = time.monotonic()
            peak_kb = dateline(env, "send_mailings")
            send_seconds = time.monotonic() - started
            load = os.getloadavg()[1]
            count, unique = sink.count, len(sink.recipients)
            steady = (count - 1) / (sink.last - sink.first) if count > 1 else 0
        size_sent = database_size(database, env)
    finally:
        if database == "postgresql":
            postgres("DROP DATABASE IF EXISTS {}")
    if (count, unique) != (recipients, recipients):
        sys.exit(f"The sink received {count} messages for {unique} recipients, "
                 f"not {recipients}")
    return {
        "database": DATABASES[database], "recipients": recipients,
        "connections": connections,
        "enqueue_seconds": round(enqueue_seconds, 1),
        "send_seconds": round(send_seconds, 1),
        "messages_per_second": round(recipients / send_seconds),
        "steady_messages_per_second": round(steady),
        "sender_peak_rss_mb": round(peak_kb / 1024),
        "database_growth_mb_enqueued": round((size_enqueued - size_before) / 2**20, 1),
        "database_growth_mb_sent": round((size_sent - size_before) / 2**20, 1),
        "bytes_per_recipient": round((size_sent - size_before) / recipients),
        "load": round(load, 1),
    }


def dateline(env, *args):
    """Runs `dateline *args` to its end; the process's peak resident memory, in KB."""
    process = subprocess.Popen([sys.executable, "-m", "dateline", *args], env=env,
                               cwd=CHECKOUT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Read while it runs: a full pipe would stall it.
    output = []
    readers = [threading.Thread(target=lambda stream=stream: output.append(stream.read()))
               for stream in (process.stdout, process.stderr)]
    for reader in readers:
        reader.start()
    _pid, status, usage = os.wait4(process.pid, 0)
    for reader in readers:
        reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"dateline {' '.join(args)} failed:\n" +
                 b"".join(output).decode(errors="replace"))
    return usage.ru_maxrss


def database_size(database, env):
    if database == "postgresql":
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as connection:
            connection.execute("CHECKPOINT")
            return connection.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    folder = Path(env["DATELINE_DATA_DIR"])
    return sum(path.stat().st_size for path in folder.glob("dateline.sqlite3*"))


def postgres(*statements):
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as server:
        for statement in statements:
            server.execute(statement.format(POSTGRES_DATABASE))


def record(rows, *, side_by_side):
    connections = rows[0]["connections"]
    lines = [
        HEADING,
        "",
        f"A briefing (about 6 KB, plain text and HTML) enqueued for {rows[0]['recipients']:,} "
        "subscribers with `enqueue_mailing` and handed by one `dateline send_mailings` process",
        f"through {connections} SMTP connection(s) (`DATELINE_MAIL_CONNECTIONS`, one thread "
        "each), with no rate limit, to a sink on loopback that accepts",
        "everything. Each message costs one commit: its \"sending\", with its Message-ID,",
        "before it is handed over, together with the previous message's \"accepted\" on its",
        "connection, which is what lets a killed sender resume re-sending at most the messages",
        "in flight (one per connection). The whole",
        "per-recipient record stays in the database. *Whole pass* includes",
        "starting Django; *steady* is measured at the sink between its first and last message.",
        "*Peak memory* is the sender process's peak resident set. *Growth* is the database's",
        "size after enqueuing and after sending, less its size before (SQLite: the file and its",
        "WAL; PostgreSQL: `pg_database_size` after a checkpoint). *Load* is the machine's",
        "five-minute load average at the end of the send (2 cores): at a load far above 2 the",
        "sender had a small share of a core, and the rates say more about the machine than",
        "about the sender.",
        "",
        "| Database | Enqueue | Whole pass | Messages/s (pass) | Messages/s (steady) "
        "| Peak memory | Growth: enqueued | Growth: sent | Per recipient | Load |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {row['database']} | {row['enqueue_seconds']} s | {row['send_seconds']} s "
        f"| {row['messages_per_second']} | {row['steady_messages_per_second']} "
        f"| {row['sender_peak_rss_mb']} MB | {row['database_growth_mb_enqueued']} MB "
        f"| {row['database_growth_mb_sent']} MB | {row['bytes_per_recipient']} bytes "
        f"| {row['load']} |"
        for row in rows
    ]
    if side_by_side:
        lines += ["", "The databases were measured at the same time (`--side-by-side`), each "
                  "sender competing with the other for the machine's two cores."]
    lines += ["", f"Measured with `{COMMAND} --recipients {rows[0]['recipients']} "
              f"--connections {connections}{' --side-by-side' if side_by_side else ''}`.", ""]
    write_section(HEADING, "\n".join(lines))


if __name__ == "__main__":
    main()

"""The seeded archives the delivery benchmarks serve: one per database and size, written once by
`benchmarks/seed_archive.py` and kept under /tmp/dateline-bench/ (or the folder
DATELINE_BENCH_ARCHIVES names) for later runs (seeding 100,000 articles takes minutes, a million
about twenty). DATELINE_BENCH_DATABASE names the PostgreSQL databases' prefix, so that two
checkouts benchmarking on one server keep apart."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
ARCHIVES = Path(os.environ.get("DATELINE_BENCH_ARCHIVES", "/tmp/dateline-bench"))
DATABASE_PREFIX = os.environ.get("DATELINE_BENCH_DATABASE", "dateline_bench_delivery")
DATABASES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
# Production settings, as an operator runs them, minus HTTPS: the load is plain HTTP on loopback.
SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "dateline.settings.production",
    "DATELINE_SECRET_KEY": "benchmark-only-not-a-secret",
    "DATELINE_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATELINE_SECURE": "false",
}
# Variables of the developer's shell that would point the benchmark's processes elsewhere.
UNSET = ("DATABASE_URL", "REDIS_URL", "DATELINE_PAGE_CACHE", "DATELINE_DATA_DIR")


class Archive:
    def __init__(self, database, articles):
        self.database, self.articles = database, articles
        self.folder = ARCHIVES / f"{database}-{articles}"
        self.database_name = f"{DATABASE_PREFIX}_{articles}"
        self.marker = self.folder / "seeded.json"

    @property
    def title(self):
        return f"{DATABASES[self.database]}, {self.articles:,} articles"

    def env(self, page_cache=True, redis_url=None):
        env = {name: value for name, value in os.environ.items() if name not in UNSET}
        env.update(SETTINGS, DATELINE_DATA_DIR=str(self.folder), PYTHONUNBUFFERED="1")
        if self.database == "postgresql":
            env["DATABASE_URL"] = f"{POSTGRES_SERVER}/{self.database_name}"
        if not page_cache:
            env["DATELINE_PAGE_CACHE"] = "off"
        if redis_url:
            env["REDIS_URL"] = redis_url
        return env

    def prepare(self):
        """Seeds the archive unless an earlier run did; migrates it and collects static files
        either way, as the code may have changed since. Pages render only with the static
        files' manifest, which the other servers, unlike `dateline serve`, do not write."""
        if not self.marker.exists() or not self.database_exists():
            self.seed()
        self.dateline("migrate", "--verbosity", "0")
        self.dateline("collectstatic", "--noinput", "--verbosity", "0")
        return json.loads(self.marker.read_text())

    def seed(self):
        progress(f"Seeding {self.title} into {self.folder}…")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        if self.database == "postgresql":
            postgres_admin(f"DROP DATABASE IF EXISTS {self.database_name} WITH (FORCE)",
                           f"CREATE DATABASE {self.database_name}")
        self.dateline("migrate", "--verbosity", "0")
        started = time.perf_counter()
        self.run("benchmarks/seed_archive.py", "--articles", str(self.articles))
        self.marker.write_text(json.dumps({"articles": self.articles,
                                           "seed_seconds": time.perf_counter() - started}))

    def database_exists(self):
        if self.database == "sqlite":
            return (self.folder / "dateline.sqlite3").exists()
        return bool(postgres_admin("SELECT 1 FROM pg_database WHERE datname = "
                                   f"'{self.database_name}'"))

    def dateline(self, *arguments):
        self.run("-m", "dateline", *arguments)

    def run(self, *arguments):
        subprocess.run([sys.executable, *arguments], env=self.env(), cwd=CHECKOUT, check=True,
                       stdout=sys.stderr)


def code_version():
    """The commit measured and, when the working tree differs from it, a digest of the
    difference, so that two runs can be seen to have measured the same code."""
    def git(*arguments):
        return subprocess.run(["git", *arguments], cwd=CHECKOUT, capture_output=True,
                              check=True).stdout

    commit = git("rev-parse", "--short", "HEAD").decode().strip()
    changes = git("diff", "HEAD", "--", "src")
    return f"{commit}+{hashlib.sha1(changes).hexdigest()[:8]}" if changes else commit


def postgres_admin(*statements):
    """Runs the statements on the server's maintenance database; the last one's rows."""
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
        for statement in statements:
            cursor = admin.execute(statement)
        return cursor.fetchall() if cursor.description else []


def progress(message):
    print(message, file=sys.stderr, flush=True)  # noqa: T201 - progress for the operator

"""What saving a page and searching pages in the admin cost as the archive grows, for Wagtail's
stock database search backend and for Dateline's; records it in docs/performance.md.

Run from the checkout: .venv/bin/python benchmarks/page_save.py [--sizes 0,1000,10000]
[--database sqlite|postgresql] [--backends stock,dateline]

Each backend runs in its own process on a fresh database (a temporary SQLite file, or the
PostgreSQL database dateline_bench_save, created and dropped here). Wagtail's search index
update runs inline, so a save's cost includes the work a worker would otherwise do after it;
other background work (Related News, purges) is left queued, outside what is measured here.
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django_tasks.backends.immediate import ImmediateBackend

CHECKOUT = Path(__file__).resolve().parents[1]
PERFORMANCE = CHECKOUT / "docs" / "performance.md"
HEADING = "## Page save and admin search"
COMMAND = ".venv/bin/python benchmarks/page_save.py"
BACKENDS = {
    "stock": "wagtail.search.backends.database",
    "dateline": "dateline.discovery.search.wagtail_backend",
}
DATABASES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
POSTGRES_DATABASE = "dateline_bench_save"
SAVES = 50
WARM_UP = 5
SEARCHES = 20
# A stock search can take seconds at 10k pages; stop repeating one once it has cost this much.
SEARCH_BUDGET_SECONDS = 20
SECTIONS = 10
SEED = 20261128
# Every story's body uses the common word; the rare word is the 1500th of a Zipf vocabulary.
COMMON_WORD = "council"
RARE_RANK = 1500
VOCABULARY_SIZE = 5000
INSERT_BATCH = 500
SEARCH_INDEX_TASK = "modelsearch.tasks.insert_or_update_object_task"


class SearchIndexInline(ImmediateBackend):
    """Runs Wagtail's search index updates inline and no other task."""

    def _execute_task(self, task_result):
        if task_result.task.module_path == SEARCH_INDEX_TASK:
            super()._execute_task(task_result)


def main():
    options = parse_arguments()
    if options.worker:
        print(json.dumps(measure(options)))  # noqa: T201 - the parent reads this line
        return
    results = [run_worker(options, backend) for backend in options.backends]
    table = result_table(results)
    print(table)  # noqa: T201
    record(options.database, table)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,1000,10000",
                        help="Archive sizes (articles) to measure at, comma-separated.")
    parser.add_argument("--database", choices=DATABASES, default="sqlite")
    parser.add_argument("--backends", default=",".join(BACKENDS),
                        help="Search backends to compare: stock, dateline.")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    options.sizes = sorted(int(size) for size in options.sizes.split(","))
    options.backends = [name.strip() for name in options.backends.split(",")]
    unknown = set(options.backends) - set(BACKENDS)
    if unknown:
        parser.error(f"unknown backends: {', '.join(sorted(unknown))}")
    return options


def run_worker(options, backend):
    print(f"Measuring the {backend} search backend on {DATABASES[options.database]}…",  # noqa: T201
          file=sys.stderr)
    command = [sys.executable, __file__, "--worker", "--database", options.database,
               "--backends", backend, "--sizes", ",".join(map(str, options.sizes))]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=CHECKOUT)
    if done.returncode != 0:
        sys.exit(f"The {backend} run failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# The worker: one backend, one fresh database.

def measure(options):
    backend = options.backends[0]
    with fresh_database(options.database):
        import django
        from django.conf import settings

        settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": BACKENDS[backend]}}
        settings.TASKS = {"default": {"BACKEND": "__main__.SearchIndexInline"}}
        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        archive = Archive()
        rows = []
        for size in options.sizes:
            archive.grow_to(size)
            rows.append({"backend": backend, "articles": size, **archive.measure()})
            print(f"  {size} articles: {rows[-1]}", file=sys.stderr)  # noqa: T201
        archive.close()
        return rows


class fresh_database:  # noqa: N801 - used as a context manager, like a function
    def __init__(self, database):
        self.database = database

    def __enter__(self):
        os.environ["DJANGO_SETTINGS_MODULE"] = "dateline.settings.test"
        os.environ["DATELINE_DATA_DIR"] = tempfile.mkdtemp(prefix="dateline-bench-save-")
        os.environ.pop("DATABASE_URL", None)
        if self.database == "postgresql":
            self.admin("DROP DATABASE IF EXISTS {}", "CREATE DATABASE {}")
            os.environ["DATABASE_URL"] = f"{POSTGRES_SERVER}/{POSTGRES_DATABASE}"

    def __exit__(self, *exc_info):
        if self.database == "postgresql":
            from django.db import connections

            connections.close_all()
            self.admin("DROP DATABASE IF EXISTS {}")

    def admin(self, *statements):
        import psycopg

        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as server:
            for statement in statements:
                server.execute(statement.format(POSTGRES_DATABASE))


class Archive:
    """A newsroom with sections of published stories, grown in bulk, and an editor's session."""

    def __init__(self):
        from django.contrib.auth import get_user_model
        from django.test import Client

        from wagtail.models import Page, Site

        from dateline.news.models import HomePage, SectionPage

        self.random = random.Random(SEED)
        self.vocabulary = [COMMON_WORD] + [self.made_up_word() for _ in range(VOCABULARY_SIZE)]
        self.weights = [1 / rank for rank in range(1, len(self.vocabulary) + 1)]
        self.rare_word = self.vocabulary[RARE_RANK]
        root = Page.get_first_root_node()
        for page in root.get_children():
            page.delete()
        home = root.add_child(instance=HomePage(title="The Bench Gazette", slug="home"))
        Site.objects.all().delete()
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        self.sections = [
            home.add_child(instance=SectionPage(title=f"Section {number}", slug=f"s{number}"))
            for number in range(SECTIONS)
        ]
        self.count = 0
        editor = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
        self.client = Client()
        self.client.force_login(editor)

    def made_up_word(self):
        syllables = ["ka", "ri", "mo", "sel", "tan", "vo", "qu", "ash", "er", "lin", "dor", "pi"]
        return "".join(self.random.choice(syllables) for _ in range(self.random.randint(2, 4)))

    def words(self, count):
        return " ".join(self.random.choices(self.vocabulary, self.weights, k=count))

    def story(self):
        return {
            "title": self.words(7).capitalize(),
            "standfirst": self.words(20).capitalize() + ".",
            "body": [("paragraph", f"<p>The {COMMON_WORD} met. {self.words(100)}.</p>")
                     for _ in range(4)],
        }

    def grow_to(self, size):
        """Stories inserted in bulk, spread over the sections, indexed the way each search
        backend indexes in bulk; only the stories saved by the measurements go through save().
        Not `benchmarks/seed_archive.py`: it fills reader search only, and the cost measured here
        depends on what Wagtail's search index holds."""
        from django.db import transaction

        from wagtail.models import Page

        from dateline.news.models import ArticlePage

        while self.count < size:
            batch = min(INSERT_BATCH, size - self.count)
            with transaction.atomic():
                for section in self.sections:
                    section.refresh_from_db()
                children = {section.pk: section.numchild for section in self.sections}
                pages = []
                for number in range(self.count, self.count + batch):
                    section = self.sections[number % SECTIONS]
                    children[section.pk] += 1
                    pages.append(self.bulk_article(section, children[section.pk], number))
                Page.objects.bulk_create([page.page_ptr for page in pages])
                for page in pages:
                    page.page_ptr_id = page.page_ptr.pk
                ArticlePage._base_manager._insert(
                    pages, fields=ArticlePage._meta.local_concrete_fields
                )
                for pk, numchild in children.items():
                    Page.objects.filter(pk=pk).update(numchild=numchild)
                self.index(ArticlePage.objects.filter(pk__in=[page.pk for page in pages]))
            self.count += batch

    def bulk_article(self, section, step, number):
        from django.contrib.contenttypes.models import ContentType
        from django.utils import timezone

        from wagtail.models import Locale, Page

        from dateline.news.models import ArticlePage

        story = self.story()
        slug = f"bulk-{number}"
        published = timezone.now()
        page = Page(
            title=story["title"], draft_title=story["title"], slug=slug,
            content_type=ContentType.objects.get_for_model(ArticlePage),
            path=ArticlePage._get_path(section.path, section.depth + 1, step),
            depth=section.depth + 1, numchild=0, url_path=f"{section.url_path}{slug}/",
            live=True, locale=Locale.get_default(), first_published_at=published,
            last_published_at=published,
        )
        return ArticlePage(page_ptr=page, standfirst=story["standfirst"], body=story["body"],
                           published_at=published)

    def index(self, articles):
        from wagtail.search.backends import get_search_backends

        from dateline.discovery.models import SearchDocument
        from dateline.discovery.search.backends.base import search_document

        articles = list(articles)
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(type(articles[0]), articles)
        SearchDocument.objects.bulk_create([search_document(article) for article in articles])

    def measure(self):
        from dateline.news.models import ArticlePage

        # Untimed first rounds fill the caches a fresh process and database start without.
        for _ in range(WARM_UP):
            self.create_and_publish()
        self.admin_search(self.rare_word)
        load = os.getloadavg()[0]
        created = [self.timed(self.create_and_publish, cpu=True) for _ in range(SAVES)]
        existing = list(ArticlePage.objects.order_by("?").values_list("pk", flat=True)[:SAVES])
        edited = [self.timed(lambda pk=pk: self.edit_and_publish(pk)) for pk in existing]
        return {
            "create": summary([wall for wall, _ in created]),
            "create_cpu": summary([cpu for _, cpu in created]),
            "edit": summary(edited),
            "search_common": self.search_latency(COMMON_WORD),
            "search_rare": self.search_latency(self.rare_word),
            "load": max(load, os.getloadavg()[0]),
        }

    def create_and_publish(self):
        from dateline.news.models import ArticlePage

        story = self.story()
        section = self.sections[self.count % SECTIONS]
        section.refresh_from_db()
        article = section.add_child(instance=ArticlePage(slug=f"saved-{self.count}", **story))
        article.save_revision().publish()
        self.count += 1

    def edit_and_publish(self, pk):
        from dateline.news.models import ArticlePage

        article = ArticlePage.objects.get(pk=pk)
        article.title = self.story()["title"]
        article.save_revision().publish()

    def search_latency(self, word):
        timings = []
        started = time.perf_counter()
        while len(timings) < SEARCHES and time.perf_counter() - started < SEARCH_BUDGET_SECONDS:
            timings.append(self.timed(lambda: self.admin_search(word)))
        return summary(timings)

    def admin_search(self, word):
        response = self.client.get("/admin/pages/search/", {"q": word})
        if response.status_code != 200:
            raise RuntimeError(f"admin search answered {response.status_code}")

    @staticmethod
    def timed(action, cpu=False):
        """Wall-clock milliseconds, and with ``cpu`` also this process's CPU milliseconds,
        which other work on a shared machine disturbs less."""
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall = (time.perf_counter() - started) * 1000
        return (wall, (time.process_time() - started_cpu) * 1000) if cpu else wall

    def close(self):
        self.client.logout()


def summary(milliseconds):
    ordered = sorted(milliseconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95, "n": len(ordered)}


# The report.

def result_table(results):
    lines = [
        "| search backend | articles | create + publish ms (median / p95) | its CPU ms | "
        "edit + publish ms | admin search, common word ms | admin search, rare word ms | "
        "load |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for rows in results:
        for row in rows:
            lines.append(
                f"| {row['backend']} | {row['articles']:,} | {cell(row['create'])} | "
                f"{cell(row['create_cpu'])} | {cell(row['edit'])} | "
                f"{cell(row['search_common'])} | {cell(row['search_rare'])} | "
                f"{row['load']:.1f} |"
            )
    return "\n".join(lines)


def cell(timing):
    repeats = "" if timing["n"] >= SEARCHES else f" (n={timing['n']})"
    return f"{timing['median']:,.1f} / {timing['p95']:,.1f}{repeats}"


def record(database, table):
    """Rewrites this benchmark's section, keeping the other database's table."""
    text = PERFORMANCE.read_text(encoding="utf-8") if PERFORMANCE.exists() else "# Performance\n"
    section_pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)",
                                 re.MULTILINE | re.DOTALL)
    existing = section_pattern.search(text)
    tables = {}
    for name, title in DATABASES.items():
        if name == database:
            tables[name] = table
        elif existing:
            found = re.search(rf"^### {title}\n\n(.*?)\n\n", existing.group(0),
                              re.MULTILINE | re.DOTALL)
            if found:
                tables[name] = found.group(1)
    section = "\n".join([
        HEADING,
        "",
        "Per-page cost of creating and publishing a story (`add_child` then",
        "`save_revision().publish()`) and of editing and publishing an existing one, as the",
        "archive grows; and the latency of the admin's page search (`/admin/pages/search/`",
        "through Django's test client, logged in as a superuser) for a word every story uses",
        "and for a rare one. Stock is Wagtail's database search backend; Dateline is",
        "`dateline.discovery.search.wagtail_backend`. Wagtail's search index task runs inline,",
        "so a save includes its index update; other background tasks (Related News) are left",
        f"out. Medians and 95th percentiles over {SAVES} saves and up to",
        f"{SEARCHES} searches (fewer, marked n, when a search is slow). The archive is grown in",
        "bulk between sizes, every backend on its own fresh database. *Its CPU* is the",
        "benchmark process's own CPU time for a create + publish (SQLite's work is in it;",
        "PostgreSQL's server is not), steadier than wall time on a shared machine; *load* is",
        "the machine's one-minute load average during the measurements (2 cores).",
        "",
        *[f"### {DATABASES[name]}\n\n{tables[name]}\n" for name in DATABASES if name in tables],
        f"Measured with `{COMMAND}` (`--database postgresql` for PostgreSQL).",
        "",
    ])
    if existing:
        # The pattern takes the blank line before the next section; put it back.
        text = section_pattern.sub(lambda _match: section + "\n", text).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + section
    PERFORMANCE.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

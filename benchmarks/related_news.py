"""Related News quality: precision at 5 on the demo archive and on a labelled set; records the
figures in docs/performance.md.

Run from the checkout:
    .venv/bin/python benchmarks/related_news.py [--database sqlite|postgresql] [--scale N]

Each archive is loaded into a fresh database (a temporary SQLite file, or a PostgreSQL database
this command creates and drops), published the way editors publish, and its Related News
computed as `dateline worker` computes it; then every method's list is scored.
"""

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from performance_doc import write_section

CHECKOUT = Path(__file__).resolve().parents[1]
LABELLED_SET = sorted((CHECKOUT / "benchmarks" / "data").glob("related_news_eval_*.json"))
HEADING = "## Related News"
COMMAND = ".venv/bin/python benchmarks/related_news.py"
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE_NAME = "dateline_bench_related"
SCALE_SAMPLES = 100


def configure(database, data_dir):
    os.environ["DJANGO_SETTINGS_MODULE"] = "dateline.settings.dev"
    os.environ["DATELINE_DATA_DIR"] = data_dir
    if database == "postgresql":
        recreate_postgres_database()
        os.environ["DATABASE_URL"] = f"{POSTGRES_SERVER}/{DATABASE_NAME}"
    import django

    django.setup()


def recreate_postgres_database():
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {DATABASE_NAME} WITH (FORCE)")
        server.execute(f"CREATE DATABASE {DATABASE_NAME}")


def drop_postgres_database():
    import psycopg

    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {DATABASE_NAME} WITH (FORCE)")


def migrate():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def remove_every_page():
    from wagtail.models import Page

    for page in Page.get_first_root_node().get_children():
        page.delete()


def demo_archive():
    """Scores on the demo newsroom, and the mean seconds one article's list took."""
    import related_evaluation as evaluation

    from dateline.demo.loader import DemoNewsroom
    from dateline.discovery.related.stories import refresh_similar_stories
    from dateline.news.models import ArticlePage

    DemoNewsroom().load()
    articles = list(ArticlePage.objects.published())
    started = time.perf_counter()
    for article in articles:
        refresh_similar_stories(article.pk, ripple=False)
    seconds = (time.perf_counter() - started) / len(articles)
    return evaluation.evaluate(articles, evaluation.archive_relevance(articles)), len(articles), \
        seconds


def labelled_set():
    import related_evaluation as evaluation

    rows = evaluation.read_labelled_set(LABELLED_SET)
    articles, relevance = evaluation.build_labelled_newsroom(rows)
    stories = len({row["story"] for row in rows})
    return evaluation.evaluate(articles, relevance), len(articles), stories


def cost_at_scale(articles, samples=SCALE_SAMPLES):
    """Milliseconds to compute one article's list in an archive of ``articles`` seeded stories:
    (p50, p95) over a fixed sample of articles."""
    import random
    import statistics

    from archive_seeding.seeding import seed_archive

    from dateline.discovery.models import SearchDocument
    from dateline.discovery.related.stories import refresh_similar_stories

    # Beside the labelled set, published the ordinary way, in this benchmark's own database.
    seed_archive(articles, force=True, stdout=io.StringIO())
    ids = list(SearchDocument.objects.values_list("article_id", flat=True))
    timings = []
    for article_id in random.Random(1).sample(ids, min(samples, len(ids))):
        started = time.perf_counter()
        refresh_similar_stories(article_id, ripple=False)
        timings.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(timings, n=20)
    return {"articles": articles, "p50_ms": statistics.median(timings), "p95_ms": cuts[18]}


def measure(database, scale):
    """Every figure for one engine, as plain data."""
    with tempfile.TemporaryDirectory(prefix="dateline-related-") as data_dir:
        configure(database, data_dir)
        try:
            migrate()
            demo_results, demo_articles, seconds = demo_archive()
            remove_every_page()
            labelled_results, labelled_articles, stories = labelled_set()
            at_scale = cost_at_scale(scale) if scale else None
        finally:
            if database == "postgresql":
                drop_postgres_database()
    return {
        "database": database,
        "demo": {"results": as_data(demo_results), "articles": demo_articles,
                 "ms_per_list": seconds * 1000},
        "labelled": {"results": as_data(labelled_results), "articles": labelled_articles,
                     "stories": stories},
        "scale": at_scale,
    }


def as_data(results):
    return {yardstick: {method: vars(score) for method, score in methods.items()}
            for yardstick, methods in results.items()}


def measure_in_subprocess(database, scale):
    """Django is configured once per process, so each engine is measured in its own."""
    completed = subprocess.run(
        [sys.executable, __file__, "--database", database, "--json", "--scale", str(scale)],
        check=True, capture_output=True, text=True,
    )
    # Commands run inside may print too; the figures are the last line.
    return json.loads(completed.stdout.strip().splitlines()[-1])


def table(runs, part):
    lines = ["| database | relevant when | method | precision@5 | attainable precision@5 |",
             "|---|---|---|---|---|"]
    for run in runs:
        for yardstick, methods in run[part]["results"].items():
            for method, score in methods.items():
                lines.append(f"| {run['database']} | {yardstick} | {method} | "
                             f"{score['precision']:.3f} | {score['attainable_precision']:.3f} |")
    return lines


def scale_lines(runs):
    measured = [run for run in runs if run.get("scale")]
    if not measured:
        return []
    lines = ["**Cost as the archive grows**: the time to compute one article's list (in the",
             "worker, after publishing) in an archive filled by `benchmarks/seed_archive.py`, over "
             f"{SCALE_SAMPLES} articles.", "",
             "| database | articles | p50 ms | p95 ms |", "|---|---|---|---|"]
    lines += [f"| {run['database']} | {run['scale']['articles']:,} | "
              f"{run['scale']['p50_ms']:.1f} | {run['scale']['p95_ms']:.1f} |"
              for run in measured]
    return [*lines, ""]


def record(runs):
    first = runs[0]
    timings = ", ".join(f"{run['demo']['ms_per_list']:.1f} ms on {run['database']}"
                        for run in runs)
    section = "\n".join([
        HEADING,
        "",
        "Precision at 5 of the automatic Related News list (editor picks left out) against two",
        "baselines: \"newest in the same section\", and Dateline's list before content similarity",
        "(newest sharing a topic, then the section). *Attainable* divides by the number of",
        "relevant stories when there are fewer than five.",
        "",
        f"**Demo archive** ({first['demo']['articles']} articles). Relevance is the editors'",
        "labelling: sharing a topic, or more loosely a topic or the section (which the section",
        f"baseline meets by construction). One article's list took {timings} on average.",
        "",
        *table(runs, "demo"),
        "",
        "**Labelled set** (`benchmarks/data/related_news_eval_*.json`: "
        f"{first['labelled']['articles']} invented",
        f"articles in {first['labelled']['stories']} labels: news stories of 4 or 5 articles and",
        "single-article distractors, written for this test by two writers who did not see the",
        "method; stories in one section share its vocabulary, some share topics and names).",
        "Relevant when the listed article belongs to the same story; articles alone in their",
        "story are listed among the candidates but not scored.",
        "",
        *table(runs, "labelled"),
        "",
        f"Measured with `{COMMAND} --scale 100000` (both engines; `--database sqlite` or",
        "`postgresql` for one; without `--scale`, no archive is seeded).",
        "`tests/discovery/test_related_news_quality.py` fails if similarity stops beating both",
        "baselines on the labelled set.",
        "",
        *scale_lines(runs),
    ])
    write_section(HEADING, section)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--scale", type=int, default=0, metavar="N",
                        help="also time one article's list in an archive of N seeded articles")
    parser.add_argument("--json", action="store_true",
                        help="print the figures of one engine as JSON and record nothing")
    arguments = parser.parse_args()
    if arguments.json:
        print(json.dumps(measure(arguments.database, arguments.scale)))  # noqa: T201
        return
    databases = ["sqlite", "postgresql"] if arguments.database == "both" else [arguments.database]
    runs = [measure_in_subprocess(database, arguments.scale) for database in databases]
    for part in ("demo", "labelled"):
        print("\n".join(table(runs, part)))  # noqa: T201
    for run in runs:
        print(f"{run['demo']['ms_per_list']:.1f} ms per article's list "  # noqa: T201
              f"on the demo archive, {run['database']}")
    print("\n".join(scale_lines(runs)))  # noqa: T201
    record(runs)


if __name__ == "__main__":
    main()

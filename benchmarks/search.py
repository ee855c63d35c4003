"""Reader search at archive scale, against each engine's own raw full-text query; records it in
docs/performance.md.

Run from the checkout: .venv/bin/python benchmarks/search.py --articles 100000
Each engine gets a fresh database (SQLite in a temporary folder; PostgreSQL as its own
database, dropped afterwards), migrated and filled by `benchmarks/seed_archive.py`, in a child
process of its own so that Django is set up once per database. The first engine's child chooses the
queries from its corpus; every later engine is given exactly the same list.
"""

import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from performance_doc import write_section

CHECKOUT = Path(__file__).resolve().parents[1]
HEADING = "## Search"
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
BENCH_DATABASE = "dateline_bench_search"
QUERY_SEED = 20261128
SAMPLE_DOCUMENTS = 5000
# Readers search for content words, so queries pair two of them, banded by the share of stories
# that contain the word: common words are in more than 5% of stories, rare ones in under 0.5%.
COMMON_SHARE = 0.05
RARE_SHARE = 0.005
PAIRS = [("common", "common"), ("common", "middle"), ("common", "rare"),
         ("middle", "middle"), ("middle", "rare"), ("rare", "rare")]
BANDS = ["+".join(pair) for pair in PAIRS]
WARM_UP_QUERIES = 20
PAGE_QUERIES = 10


# ---- the parent: one child per engine, then the report -------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3,
                        help="Times each query is timed; the spread between rounds shows noise.")
    parser.add_argument("--measure", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--query-file", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure:
        result = measure(options.measure, options.articles, options.queries, options.rounds,
                         options.query_file)
        sys.stdout.write(json.dumps(result))
        return
    engines = ["sqlite", "postgresql"] if options.database == "both" else [options.database]
    with tempfile.TemporaryDirectory(prefix="dateline-bench-queries-") as folder:
        query_file = Path(folder) / "queries.json"
        results = [run_engine(engine, options, query_file) for engine in engines]
    for result in results:
        print_result(result)
    record(results, options)


def run_engine(engine, options, query_file):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dateline.settings.test"}
    command = [sys.executable, __file__, "--measure", engine, "--query-file", str(query_file),
               "--articles", str(options.articles), "--queries", str(options.queries),
               "--rounds", str(options.rounds)]
    with tempfile.TemporaryDirectory(prefix="dateline-bench-search-") as data_dir:
        env["DATELINE_DATA_DIR"] = data_dir
        env.pop("DATABASE_URL", None)
        if engine == "postgresql":
            env["DATABASE_URL"] = f"{POSTGRES_SERVER}/{BENCH_DATABASE}"
            postgres_admin(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)",
                           f"CREATE DATABASE {BENCH_DATABASE}")
        try:
            # The child's progress bars go to its stderr, shown as it runs.
            child = subprocess.run(command, env=env, cwd=CHECKOUT, stdout=subprocess.PIPE,
                                   text=True, check=True)
        finally:
            if engine == "postgresql":
                postgres_admin(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
    return json.loads(child.stdout.strip().splitlines()[-1])


def postgres_admin(*statements):
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement)


def percentiles(samples):
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98]}


def figures(figure):
    return f"{figure['p50']:.2f} / {figure['p95']:.2f} / {figure['p99']:.2f}"


def raw_name(engine):
    return "raw FTS5" if engine == "sqlite" else "raw tsvector"


def print_result(result):
    print(f"\n{result['engine']}: {result['articles']:,} articles seeded in "  # noqa: T201
          f"{result['seed_seconds']:.0f} s; {result['queries']} two-word queries, "
          f"{result['rounds']} rounds; load average {result['load']}")
    for name, timing in result["timings"].items():
        rounds = ", ".join(f"{p95:.1f}" for p95 in timing["rounds_p95"])
        print(f"  {name:<27} p50/p95/p99 {figures(timing['all'])} ms"  # noqa: T201
              f"  (p95 by round: {rounds})")
    for band in BANDS:
        raw = result["timings"][raw_name(result["engine"])]["bands"][band]
        dateline = result["timings"]["Dateline search"]["bands"][band]
        print(f"  {band:<16} {result['matches'][band]:>7,} matches  "  # noqa: T201
              f"raw {figures(raw)}  Dateline {figures(dateline)}")
    print(f"  Dateline p95 / raw p95: {result['ratio']:.2f}x")  # noqa: T201


# ---- the child: seed one engine's database and time the queries ---------------------------

def measure(engine, articles, queries, rounds, query_file):
    import django

    django.setup()
    from archive_seeding.seeding import seed_archive

    from django.core.management import call_command

    from dateline.discovery.search.backends.base import COUNT_LIMIT
    from dateline.discovery.search.backends.postgresql import RANKED_CANDIDATES

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed_archive(articles, stdout=sys.stderr)
    seed_seconds = time.perf_counter() - started
    analyse(engine)
    if query_file.exists():
        chosen = json.loads(query_file.read_text(encoding="utf-8"))
    else:
        chosen = reader_queries(queries)
        query_file.write_text(json.dumps(chosen), encoding="utf-8")
    load_before = os.getloadavg()[0]
    samples = time_queries(engine, [query for _band, query in chosen], rounds)
    load = f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after timing"
    bands = [band for band, _query in chosen]
    timings = {name: summary(per_round, bands) for name, per_round in samples.items()}
    raw = timings[raw_name(engine)]
    return {"engine": engine, "articles": articles, "queries": len(chosen), "rounds": rounds,
            "count_limit": COUNT_LIMIT, "ranked_candidates": RANKED_CANDIDATES,
            "seed_seconds": seed_seconds, "corpus": corpus_size(engine), "load": load,
            "matches": median_matches(engine, chosen), "timings": timings,
            "ratio": timings["Dateline search"]["all"]["p95"] / raw["all"]["p95"],
            "round_ratios": [dateline / raw_p95 for dateline, raw_p95 in zip(
                timings["Dateline search"]["rounds_p95"], raw["rounds_p95"], strict=True)]}


def summary(per_round, bands):
    """Percentiles over every round's samples, overall and by band, and each round's p95."""
    pooled = [ms for samples in per_round for ms in samples]
    result = {"all": percentiles(pooled),
              "rounds_p95": [percentiles(samples)["p95"] for samples in per_round]}
    if all(len(samples) == len(bands) for samples in per_round):
        result["bands"] = {
            band: percentiles([samples[n] for samples in per_round
                               for n, query_band in enumerate(bands) if query_band == band])
            for band in BANDS
        }
    return result


def analyse(engine):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if engine == "sqlite" else "VACUUM ANALYZE")


def reader_queries(count):
    """(band, query) pairs, the same for every run: two content words of one story of a sample
    of the corpus, as a reader looking for a story types, so that the words occur together.
    Function words, which reader search ignores, are never drawn."""
    from dateline.discovery.models import SearchDocument
    from dateline.discovery.search.query import FUNCTION_WORDS, WORD

    ids = list(SearchDocument.objects.order_by("article_id").values_list("article_id",
                                                                          flat=True))
    sample = ids[::max(1, len(ids) // SAMPLE_DOCUMENTS)]
    stories = []
    for texts in SearchDocument.objects.filter(article_id__in=sample).order_by(
            "article_id").values_list("title", "standfirst", "body_text"):
        words = set(WORD.findall(" ".join(texts).lower())) - FUNCTION_WORDS
        stories.append(sorted(word for word in words if re.fullmatch(r"[a-z]+", word)))
    frequency = {}
    for words in stories:
        for word in words:
            frequency[word] = frequency.get(word, 0) + 1

    def band(word):
        share = frequency[word] / len(stories)
        return "common" if share > COMMON_SHARE else "rare" if share < RARE_SHARE else "middle"

    rng = random.Random(QUERY_SEED)
    chosen = []
    while len(chosen) < count:
        pair = PAIRS[len(chosen) % len(PAIRS)]
        words = rng.choice(stories)
        first = [word for word in words if band(word) == pair[0]]
        second = [word for word in words if band(word) == pair[1]]
        if len(first) < 2 or len(second) < 2:
            continue  # a story without two words of each band: draw another
        word = rng.choice(first)
        chosen.append(("+".join(pair),
                       f"{word} {rng.choice([other for other in second if other != word])}"))
    return chosen


def median_matches(engine, chosen):
    """How many stories match each band's queries, the median: what the bands mean."""
    from django.db import connection

    from dateline.discovery.search.backends.sqlite import fts_query
    from dateline.discovery.search.query import search_terms

    if engine == "sqlite":
        sql = "SELECT count(*) FROM discovery_search_fts WHERE discovery_search_fts MATCH %s"
    else:
        sql = ("SELECT count(*) FROM discovery_searchdocument "
               "WHERE search_vector @@ plainto_tsquery('simple', %s)")
    counts = {band: [] for band in BANDS}
    with connection.cursor() as cursor:
        for band, query in chosen:
            cursor.execute(sql, [fts_query(search_terms(query)) if engine == "sqlite" else query])
            counts[band].append(cursor.fetchone()[0])
    return {band: int(statistics.median(values)) for band, values in counts.items()}


def time_queries(engine, queries, rounds):
    """Milliseconds per query, a list per round, for Dateline's search, the engine's raw query
    (the same queries, interleaved so that both see the same load) and the search page."""
    from django.db import connection
    from django.test import Client

    from dateline.discovery.search import get_search_backend
    from dateline.discovery.search.backends.sqlite import fts_query
    from dateline.discovery.search.query import search_terms

    backend = get_search_backend()

    def dateline(query):
        results = backend.search(query)
        results.count()
        results[0:10]

    def raw_fts5(query):
        match = fts_query(search_terms(query))
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM discovery_search_fts "
                           "WHERE discovery_search_fts MATCH %s", [match])
            cursor.execute("SELECT rowid FROM discovery_search_fts WHERE discovery_search_fts "
                           "MATCH %s ORDER BY bm25(discovery_search_fts) LIMIT 10", [match])
            cursor.fetchall()

    def raw_tsvector(query):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM discovery_searchdocument "
                           "WHERE search_vector @@ plainto_tsquery('simple', %s)", [query])
            cursor.execute(
                "SELECT article_id FROM discovery_searchdocument, "
                "plainto_tsquery('simple', %s) query WHERE search_vector @@ query "
                "ORDER BY ts_rank_cd(search_vector, query) DESC LIMIT 10", [query])
            cursor.fetchall()

    client = Client()

    def search_page(query):
        status = client.get("/search/", {"q": query}).status_code
        if status != 200:
            raise RuntimeError(f"the search page answered {status} for {query!r}")

    measured = [("Dateline search", dateline),
                (raw_name(engine), raw_fts5 if engine == "sqlite" else raw_tsvector)]
    for query in queries[:WARM_UP_QUERIES]:
        for _name, run in measured:
            run(query)
    timings = {name: [] for name, _run in measured}
    for _round in range(rounds):
        for samples in timings.values():
            samples.append([])
        for number, query in enumerate(queries):
            # Turn about first: the second finds the first's pages in the caches.
            for name, run in measured if number % 2 == 0 else measured[::-1]:
                started = time.perf_counter()
                run(query)
                timings[name][-1].append((time.perf_counter() - started) * 1000)
    page = []
    for query in queries[:PAGE_QUERIES]:
        started = time.perf_counter()
        search_page(query)
        page.append((time.perf_counter() - started) * 1000)
    timings["search page (test client)"] = [page]
    return timings


def corpus_size(engine):
    from django.db import connection

    with connection.cursor() as cursor:
        if engine == "sqlite":
            cursor.execute("CREATE VIRTUAL TABLE temp.search_terms "
                           "USING fts5vocab(main, discovery_search_fts, 'row')")
            cursor.execute("SELECT count(*), sum(cnt) FROM temp.search_terms")
        else:
            cursor.execute("SELECT count(*), sum(nentry) FROM ts_stat("
                           "'SELECT search_vector FROM discovery_searchdocument')")
        distinct, words = cursor.fetchone()
    return {"distinct_words": distinct, "words": int(words)}


# ---- docs/performance.md ------------------------------------------------------------------

def record(results, options):
    command = (f".venv/bin/python benchmarks/search.py --articles {options.articles} "
               f"--database {options.database} --queries {options.queries} "
               f"--rounds {options.rounds}")
    rows = []
    for result in results:
        for name, timing in result["timings"].items():
            rounds = ", ".join(f"{p95:.1f}" for p95 in timing["rounds_p95"])
            figure = timing["all"]
            rows.append(f"| {result['engine']} | {name} | {figure['p50']:.2f} | "
                        f"{figure['p95']:.2f} | {figure['p99']:.2f} | {rounds} |")
    band_rows = []
    for result in results:
        raw = result["timings"][raw_name(result["engine"])]["bands"]
        dateline = result["timings"]["Dateline search"]["bands"]
        for band in BANDS:
            band_rows.append(f"| {result['engine']} | {band} | {result['matches'][band]:,} | "
                             f"{figures(raw[band])} | {figures(dateline[band])} |")
    targets = []
    for result in results:
        ratios = ", ".join(f"{ratio:.2f}" for ratio in result["round_ratios"])
        if result["engine"] == "sqlite":
            met = "met" if result["ratio"] <= 2 else "NOT met"
            targets.append(f"- SQLite: Dateline p95 is {result['ratio']:.2f}x raw FTS5 p95 "
                           f"(by round: {ratios}); target at most 2x: {met}.")
        else:
            p95 = result["timings"]["Dateline search"]["all"]["p95"]
            met = "met" if p95 <= 50 else "NOT met"
            targets.append(f"- PostgreSQL: Dateline p95 is {p95:.1f} ms, {result['ratio']:.2f}x "
                           f"raw tsvector p95 (by round: {ratios}); target at most 50 ms: {met}.")
    corpus = "; ".join(
        f"{r['engine']}: {r['corpus']['words'] / 1e6:.1f} million words, "
        f"{r['corpus']['distinct_words']:,} distinct, seeded in {r['seed_seconds']:.0f} s"
        for r in results
    )
    load = "; ".join(f"{r['engine']} {r['load']}" for r in results)
    section = "\n".join([
        HEADING,
        "",
        f"Ranked two-word searches over an archive of {options.articles:,} articles written by",
        "`benchmarks/seed_archive.py` (Zipf-distributed words with section and topic vocabulary),",
        "timed warm through Dateline's search backend (the count plus the first 10 hits with",
        "snippets, as the search page asks) and through the engine's own raw query on the same",
        "table (count plus the 10 best ids: FTS5 `bm25`, or PostgreSQL `ts_rank_cd` over the",
        "weighted `search_vector`). The search page row is the whole Django view through the",
        f"test client, over the first {PAGE_QUERIES} queries. Times in ms.",
        "",
        f"**Query mix.** {results[0]['queries']} queries of two content words, as readers",
        "search for a story: each takes two words of one story of a sample of",
        f"{SAMPLE_DOCUMENTS:,}, so that they occur together, and never function words (\"the\",",
        "\"of\", \"and\", ..., which reader search ignores). Words are banded by the share of",
        f"the sample's stories containing them: *common* in more than {COMMON_SHARE:.0%},",
        f"*middle* {RARE_SHARE:.1%} to {COMMON_SHARE:.0%}, *rare* under {RARE_SHARE:.1%}; the",
        f"queries take the six band pairs in turn, drawn with seed {QUERY_SEED}. The first",
        "engine chooses the queries and every engine, raw and Dateline, runs exactly the same",
        "list, interleaved (taking turns to go first, as the second finds the first's pages in",
        f"the caches), {options.rounds} rounds; figures pool the rounds, and each round's p95",
        "shows the spread.",
        "",
        "Dateline does more than the raw query (each match's page must be live, published and",
        f"in the site), and less: it counts up to {results[0]['count_limit']:,} matches",
        "(\"more than\" past that), and on PostgreSQL ranks by `ts_rank_cd` only the newest",
        f"{results[0]['ranked_candidates']} matches after the stories with every word in the",
        "headline (see docs/editors/search.md), where the raw query ranks every match.",
        "",
        "| engine | measured | p50 | p95 | p99 | p95 by round |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
        "By band (p50 / p95 / p99 ms; *matches* is the median number of stories a query of the",
        "band matches):",
        "",
        "| engine | band | matches | raw | Dateline |",
        "|---|---|---|---|---|",
        *band_rows,
        "",
        *targets,
        "",
        f"Corpus: {corpus}.",
        f"Machine: {os.cpu_count()} cores shared with other work (load average {load}),",
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}; SQLite",
        "and PostgreSQL (server on the same machine).",
        f"Measured with `{command}`.",
        "",
    ])
    write_section(HEADING, section)


if __name__ == "__main__":
    main()

"""The in-process half of benchmarks/delivery.py, run in a child process against one seeded
archive (its environment chooses the archive and the settings):

    delivery_in_process.py measure    the scenarios' paths, their render cost through Django's
                                      test client (CPU and wall ms, queries), and the cost of
                                      publishing a new article; one JSON line on stdout
    delivery_in_process.py publisher  publishes a new article for each line read on stdin and
                                      answers with a JSON line: its headline, page and section
    delivery_in_process.py read_cost PATH  CPU µs the Most read tally spends on one read of
                                      the page at PATH (its headers as the page cache keeps
                                      them, a browser's User-Agent), and CPU µs of a hit on
                                      it through the page cache with counting on and off, in
                                      alternate batches on one event loop; one JSON line

Publishing is what an editor's publish does: a new draft's revision saved and published, in
one transaction, with the signal handlers (purges, queued tasks) that follow.
"""

import asyncio
import json
import os
import statistics
import sys
import time
import uuid

import django

SCENARIOS = ["home", "section", "article", "search", "feed", "sitemap"]
SAMPLE_ARTICLES = 10
WARM_UP = 3
RENDERS = 30
PUBLISH_WARM_UP = 3
PUBLISHES = 20
BENCH_SLUG = "bench-publish-"  # the articles this benchmark publishes, removed on each run


def main():
    django.setup()
    if sys.argv[1:] == ["measure"]:
        remove_earlier_publishes()
        paths = scenario_paths()
        result = {"paths": paths, "render": render_costs(paths), "publish": publish_costs(),
                  "articles": live_articles()}
        say(result)
    elif sys.argv[1:] == ["publisher"]:
        serve_publishes()
    elif sys.argv[1:2] == ["read_cost"]:
        say({"read_us": read_cost(sys.argv[2]), **hit_costs(sys.argv[2])})
    else:
        sys.exit(__doc__)


def live_articles():
    from dateline.news.models import ArticlePage

    return ArticlePage.objects.live().count()


def remove_earlier_publishes():
    from dateline.news.models import ArticlePage

    for article in ArticlePage.objects.filter(slug__startswith=BENCH_SLUG):
        article.delete()


# ---- the scenarios --------------------------------------------------------------------------

def scenario_paths():
    """Each scenario's paths: the first is the one loaded with wrk; in-process renders go round
    all of them, so that no one page's warm caches stand for the rest."""
    from dateline.news.models import SectionPage

    sections = list(SectionPage.objects.live().order_by("path"))
    articles = sample_articles()
    return {
        "home": ["/"],
        "section": [section.url for section in sections],
        "article": [article.url for article in articles],
        "search": [f"/search/?q={'+'.join(reader_words(article.title))}"
                   for article in articles],
        "feed": ["/feeds/rss/", *(f"/feeds/rss{section.url}" for section in sections)],
        "sitemap": ["/sitemap.xml", "/sitemap-news.xml"],
    }


def sample_articles():
    """Articles spread evenly over the archive's age, the middle one first."""
    from dateline.news.models import ArticlePage

    ids = list(ArticlePage.objects.live().order_by("published_at", "pk")
               .values_list("pk", flat=True))
    step = max(1, len(ids) // SAMPLE_ARTICLES)
    positions = list(range(step // 2, len(ids), step))[:SAMPLE_ARTICLES]
    positions.sort(key=lambda position: abs(position - len(ids) // 2))
    chosen = [ids[position] for position in positions]
    pages = ArticlePage.objects.in_bulk(chosen)
    return [pages[pk] for pk in chosen]


def reader_words(headline):
    """The two longest words of a headline, as a reader looking for the story types them."""
    words = sorted((word.strip(".,:;'\"").lower() for word in headline.split()),
                   key=len, reverse=True)
    return words[:2]


def render_costs(paths):
    """Per scenario: process CPU and wall milliseconds and queries of a GET through Django."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    costs = {}
    for scenario in SCENARIOS:
        rotation = paths[scenario]
        for _ in range(WARM_UP):
            client.get(rotation[0])
        cpu, wall, queries, sizes = [], [], [], []
        for number in range(RENDERS):
            path = rotation[number % len(rotation)]
            started_cpu, started = time.process_time(), time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            queries.append(len(captured))
            sizes.append(len(response.content))
        costs[scenario] = {"cpu_ms": summary(cpu), "wall_ms": summary(wall),
                           "queries": {"median": statistics.median(queries),
                                       "max": max(queries)},
                           "bytes": statistics.median(sizes), "paths": len(rotation)}
    return costs


def summary(samples):
    ordered = sorted(samples)
    return {"median": statistics.median(ordered),
            "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
            "n": len(ordered)}


# ---- publishing -----------------------------------------------------------------------------

class Desk:
    """Writes new articles in the archive's sections, as the seeding does, and publishes them."""

    def __init__(self):
        from archive_seeding.newsroom import prepare_newsroom
        from archive_seeding.writing import StoryWriter

        from django.utils import timezone

        self.newsroom = prepare_newsroom()
        self.writer = StoryWriter(self.newsroom, seed=uuid.uuid4().int, now=timezone.now())
        self.count = 0

    def draft(self):
        """A new, unpublished article with a headline no other page has."""
        from django.utils import timezone

        from dateline.news.models import ArticleAuthor, ArticlePage

        story = self.writer.story(timezone.now())
        token = f"Benchmark{uuid.uuid4().hex[:10]}"
        section = self.newsroom.sections[self.count % len(self.newsroom.sections)]
        section.refresh_from_db()
        self.count += 1
        article = ArticlePage(
            title=f"{token} {story.title}", slug=f"{BENCH_SLUG}{token.lower()}",
            standfirst=story.standfirst, body=story.body, live=False,
            article_authors=[ArticleAuthor(author_id=pk, sort_order=order)
                             for order, pk in enumerate(story.author_ids)],
        )
        section.add_child(instance=article)
        return article, section, token

    @staticmethod
    def publish(article):
        article.save_revision().publish()


def publish_costs():
    """Milliseconds (wall and this process's CPU) to publish a new article's first revision."""
    desk = Desk()
    wall, cpu = [], []
    for number in range(PUBLISH_WARM_UP + PUBLISHES):
        article, _section, _token = desk.draft()
        started_cpu, started = time.process_time(), time.perf_counter()
        desk.publish(article)
        if number >= PUBLISH_WARM_UP:
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    return {"wall_ms": summary(wall), "cpu_ms": summary(cpu),
            "load": round(os.getloadavg()[0], 2)}


def serve_publishes():
    """Announces the draft it will publish next (its headline's token and section), and
    publishes it on the next line read from stdin, answering once the publish has committed;
    the draft is written before the line comes, so that the answer's time is the publish alone.
    """
    desk = Desk()
    published = None
    while True:
        article, section, token = desk.draft()
        say({"token": token, "section_url": section.url})
        line = sys.stdin.readline()
        while line.strip() == "unpublish":
            started = time.perf_counter()
            published.refresh_from_db()
            published.unpublish()
            say({"unpublish_ms": (time.perf_counter() - started) * 1000})
            line = sys.stdin.readline()
        if not line:
            return
        started = time.perf_counter()
        desk.publish(article)
        published = article
        say({"url": article.url, "publish_ms": (time.perf_counter() - started) * 1000})


READS = 200_000


def read_cost(path):
    """Median CPU µs of ``ReadTally.saw`` over a few runs of many reads of the page."""
    import types

    from django.test import Client

    from dateline.readership.tally import ReadTally

    response = Client(HTTP_HOST="127.0.0.1").get(path)
    assert response.has_header("X-Dateline-Story"), response.status_code
    page = types.SimpleNamespace(headers=[(name.lower().encode(), value.encode())
                                          for name, value in response.items()])
    reader = types.SimpleNamespace(
        method="GET", user_agent=b"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
        b"(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36")

    async def time_reads():
        tally = ReadTally(flush_seconds=3600)
        runs = []
        for _ in range(5):
            started = time.process_time()
            for _ in range(READS):
                tally.saw(reader, page)
            runs.append((time.process_time() - started) / READS * 1e6)
        tally.flusher.cancel()
        tally.counts.clear()  # nothing of this is written
        return statistics.median(runs)

    return asyncio.run(time_reads())


HIT_ROUNDS = 10
HITS_PER_ROUND = 2_000


def hit_costs(path):
    """Median CPU µs of a cached hit on ``path`` through ``dateline.asgi``'s application built
    with counting on and with it off, in alternate batches."""
    from django.conf import settings

    from dateline import asgi

    applications = {}
    for counting in (True, False):
        settings.MOST_READ_ENABLED = counting
        applications["on" if counting else "off"] = asgi.build_application()
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "server": ("127.0.0.1", 80),
             "client": ("127.0.0.1", 5000),
             "headers": [(b"host", b"127.0.0.1"), (b"accept-encoding", b"gzip"),
                         (b"user-agent", b"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) "
                                         b"Gecko/20100101 Firefox/121.0")]}

    async def get(application):
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
        return dict(sent[0]["headers"]).get(b"x-dateline-cache")

    async def run():
        costs = {"on": [], "off": []}
        for application in applications.values():
            for _ in range(3):
                await get(application)
        for round_number in range(HIT_ROUNDS):
            for counting in ("off", "on") if round_number % 2 == 0 else ("on", "off"):
                started = time.process_time()
                for _ in range(HITS_PER_ROUND):
                    if await get(applications[counting]) != b"hit":
                        raise RuntimeError(f"{path} was not served from the page cache")
                costs[counting].append((time.process_time() - started) / HITS_PER_ROUND * 1e6)
        # The reads counted here are not written: this is a measurement, not readers.
        applications["on"].app.reads.counts.clear()
        return {f"hit_us_{counting}": statistics.median(each)
                for counting, each in costs.items()}

    return asyncio.run(run())


def say(answer):
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

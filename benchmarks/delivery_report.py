"""The delivery benchmarks' results: one JSON file per run in benchmarks/results/, and the
"Delivery" section of docs/performance.md, rebuilt from all of them so that each database and
archive size keeps its latest figures."""

import json
import statistics
from pathlib import Path

from performance_doc import write_section

RESULTS = Path(__file__).resolve().parent / "results"
HEADING = "## Delivery"
DATABASES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
SCENARIOS = ["home", "section", "article", "search", "feed", "sitemap"]
# Targets from the delivery issue.
CACHED_SHARE_OF_NGINX = 0.40
UNCACHED_ARTICLE_CPU_MS = 6
UNCACHED_ARTICLE_QUERIES = 6
TARGET_SCALE = 100_000
GROWTH_LIMIT = 1.5
VISIBLE_MS = 1000
THROUGHPUT_WHILE_PUBLISHING = 0.80
FRONT_SHARE_OF_NGINX = 0.85
WORKER_RSS_MB = 150


def save(result, name):
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / name
    path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return path


def load(name):
    """The results saved under ``name``, or None."""
    path = RESULTS / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def load_results():
    archives = [json.loads(path.read_text(encoding="utf-8"))
                for path in sorted(RESULTS.glob("delivery-*.json"))]
    archives.sort(key=lambda result: (result["redis"], list(DATABASES).index(result["database"]),
                                      result["articles"]))
    servers = RESULTS / "servers.json"
    return archives, json.loads(servers.read_text(encoding="utf-8")) if servers.exists() else None


def record():
    archives, servers = load_results()
    parts = [
        HEADING,
        "",
        "What serving readers costs: each scenario's page loaded with wrk on loopback through",
        "`dateline serve`, and, in the same run right after, nginx serving the exact bytes",
        "`dateline serve` sent for that page (same Content-Type and Content-Encoding, gzip off in",
        "nginx; wrk sends the same Accept-Encoding to both). *Uncached* runs with",
        "`DATELINE_PAGE_CACHE=off`, so every request goes through Django; *cached* with the page",
        "cache on (the `X-Dateline-Cache` column is what the header said before the run).",
        "Server CPU per request is the user + system time of the server's whole process tree",
        "(from /proc, before and after the run) over the requests served; wrk runs on the same",
        "2 cores, so req/s are shared-machine figures: compare within a row. *In process* is",
        "the same page rendered through Django's test client in a child process: its CPU time",
        "(`time.process_time`) and queries, going round several pages of the kind (10 articles",
        "across the archive's age, every section, a search for two words of each of those",
        "articles' headlines, the front page's and sections' RSS feeds, the sitemap index and",
        "news sitemap). *Publish* is a new article's first revision saved and published, in",
        "process; *publish → visible* publishes from a separate process while the server runs",
        "and polls the cached front page and the story's section until the headline shows.",
        "Every archive is production settings (`dateline.settings.production`, HTTPS off),",
        "seeded by `benchmarks/seed_archive.py`. Benchmarks are commands, never timed",
        "assertions in tests. Each table names the command that measured it and the code it",
        "measured (the commit, plus a digest of uncommitted changes under `src/`: other work",
        "was landing during these runs, so compare sizes only between runs of the same code); the",
        "commands install nginx and wrk from Debian when missing, and `benchmarks/servers.py`",
        "needs the `bench` extra",
        "(`.venv/bin/pip install -e \".[test,bench]\"`). Raw figures: `benchmarks/results/`.",
        "",
        *targets(archives),
        "",
    ]
    if servers:
        parts += [servers_tables(servers), ""]
    parts += [archive_tables(result) for result in archives]
    write_section(HEADING, "\n".join(parts))


# ---- one archive --------------------------------------------------------------------------

def archive_tables(result):
    title = f"{DATABASES[result['database']]}, {result['articles']:,} articles"
    if result["redis"]:
        title += ", page cache in Redis"
    settings = result["load_settings"]
    lines = [
        f"### {title}",
        "",
        f"{result['date']}, code {result.get('code', 'not recorded')}; `{result['command']}`. "
        f"`dateline serve --workers "
        f"{result['workers']}` and nginx with as many workers; wrk {settings['threads']} "
        f"threads, {settings['duration']} s a run, `Accept-Encoding: "
        f"{settings['accept_encoding']}`. {result['machine']}; load "
        f"average {result['load_start']} at the start, {result['load_end']} at the end. "
        f"{result['in_process']['articles']:,} live articles; the archive was seeded in "
        f"{result['seed_seconds']:.0f} s.",
        "",
    ]
    if result.get("note"):
        lines += [f"**Note:** {result['note']}", ""]
    render = result["in_process"]["render"]
    for mode, served in result["modes"].items():
        if "skipped" in served:
            lines += [f"{mode.capitalize()}: not measured ({served['skipped']}).", ""]
            continue
        lines += [
            f"**{mode.capitalize()}** (wrk {served['load_settings']['connections']} "
            "connections)",
            "",
            "| scenario | path | bytes | cache | Dateline req/s | nginx req/s | Dateline / "
            "nginx | p50 / p99 ms | non-2xx / socket errors | server CPU ms/req | nginx CPU "
            "ms/req | in process CPU ms (median / p95) | in process wall ms (median) | queries "
            "(median / max) | load |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for scenario in SCENARIOS:
            page = served["scenarios"][scenario]
            own, nginx, cost = page["dateline"], page["nginx"], render[scenario]
            encoding = f" {page['content_encoding']}" if page["content_encoding"] else ""
            lines.append(
                f"| {scenario} | `{page['path']}` | {page['bytes']:,}{encoding} | "
                f"{page['cache']} | {own['rps']:,.0f} | {nginx['rps']:,.0f} | "
                f"{page['ratio']:.1%} | {own['p50_ms']:.1f} / {own['p99_ms']:.1f} | "
                f"{own['non_2xx']} / {own['socket_errors']} | {cpu(own)} | {cpu(nginx)} | "
                f"{cost['cpu_ms']['median']:.1f} / "
                f"{cost['cpu_ms']['p95']:.1f} | {cost['wall_ms']['median']:.1f} | "
                f"{cost['queries']['median']:g} / "
                f"{cost['queries']['max']} | {own['load'][0]} |"
            )
        lines.append("")
        lines += memory_line(served, mode)
        if "sustained" in served:
            lines += publishing_lines(result, served)
        if "front" in served:
            lines += front_lines(served["front"])
        if "microcache" in served:
            lines += microcache_lines(served["microcache"])
    if result.get("wordpress"):
        lines += wordpress_lines(result["wordpress"], result["modes"])
    if result.get("counting"):
        lines += counting_lines(result["counting"])
    return "\n".join(lines)


def counting_lines(counting):
    """What counting reads for the Most read box costs readers."""
    rounds = " / ".join(f"{off['rps']:,.0f}–{on['rps']:,.0f}" for off, on in
                        zip(counting["rounds"]["off"], counting["rounds"]["on"], strict=True))
    settings = counting["load_settings"]
    note = f" {counting['note']}" if counting.get("note") else ""
    return [
        f"**Counting reads** (Most read; {counting['date']}, code {counting['code']}): the "
        f"cached article `{counting['path']}` ({counting['bytes']['on']:,} bytes counting, "
        f"{counting['bytes']['off']:,} without) with a browser's User-Agent, wrk "
        f"{settings['connections']} connections, {settings['duration']} s a round, two servers "
        f"side by side with `DATELINE_MOST_READ` off and on, in alternate rounds: "
        f"**{counting['rps_on']:,.0f} req/s counting against {counting['rps_off']:,.0f} "
        f"without, {counting['ratio']:.1%}** (budget ≥ 95%); the median of the rounds' "
        f"ratios {counting['paired_ratio']:.1%}; server CPU per request (median) "
        f"{counting['cpu_ms_on']:.4f} ms counting, {counting['cpu_ms_off']:.4f} ms without "
        f"({counting['cpu_ms_off'] / counting['cpu_ms_on']:.1%} as a throughput). In process "
        f"(CPU time, so the machine's other work matters less): counting one read costs "
        f"{counting['read_us']:.2f} µs, "
        f"{counting['read_us'] / 1000 / counting['cpu_ms_off']:.1%} of a cached request's "
        f"server CPU here; a hit through the page cache alone, without the HTTP server, "
        f"{counting['hit_us_on']:.1f} µs counting and {counting['hit_us_off']:.1f} µs without. "
        f"Rounds, "
        f"off–on: {rounds}. Load "
        f"average {counting['load'][0]} at the start, {counting['load'][1]} at the end.{note}",
        "",
    ]


def wordpress_lines(peer, modes):
    """The WordPress peer's single post (uncached: WordPress renders every request) beside
    Dateline's article page, measured in the same run."""
    lines = [
        "**WordPress peer** (`../shared/peers/wordpress`, Debian's WordPress with php-fpm,",
        "MariaDB and nginx; its server CPU is all three's; its static copy is the same bytes from",
        "its nginx), measured at the start of the same run,",
        f"wrk {peer['load_settings']['connections']} connections.",
        "",
        "| page | bytes | req/s | p50 / p99 ms | server CPU ms/req | WordPress's own count |",
        "|---|---|---|---|---|---|",
    ]
    for name, run in (("WordPress single post", peer["post"]),
                      ("its static copy (nginx)", peer["static"])):
        lines.append(f"| {name} | {peer['bytes']:,} | {run['rps']:,.0f} | "
                     f"{run['p50_ms']:.1f} / {run['p99_ms']:.1f} | {cpu(run)} | "
                     f"{peer['debug'] if run is peer['post'] else ''} |")
    for mode, served in modes.items():
        if "scenarios" in served:
            article = served["scenarios"]["article"]["dateline"]
            lines.append(f"| Dateline article, {mode} | "
                         f"{served['scenarios']['article']['bytes']:,} | "
                         f"{article['rps']:,.0f} | {article['p50_ms']:.1f} / "
                         f"{article['p99_ms']:.1f} | {cpu(article)} | |")
    return [*lines, ""]


def cpu(run):
    value = run["cpu_ms_per_request"]
    return "—" if value is None else f"{value:.2f}"


def memory_line(served, mode):
    per_worker = ", ".join(megabytes(worker) for worker in served["memory"])
    return [f"Memory per worker after the {mode} runs: {per_worker}; the master process "
            f"{megabytes(served['master_memory'])}.", ""]


def megabytes(process):
    pss = f" ({process['pss_mb']:.0f} MB PSS)" if process["pss_mb"] is not None else ""
    return f"{process['rss_mb']:.0f} MB RSS{pss}"


def publishing_lines(result, served):
    sustained = served["sustained"]
    publish = result["in_process"]["publish"]
    visible = served["publish_visible"]
    under_load = served["publish_under_load"]
    return [
        f"- 30 s at 64 connections on the cached front page: {sustained['requests']:,} "
        f"requests, {sustained['rps']:,.0f} req/s, p50 / p99 {sustained['p50_ms']:.1f} / "
        f"{sustained['p99_ms']:.1f} ms, **{sustained['non_2xx']} non-2xx**, "
        f"{sustained['socket_errors']} socket errors.",
        f"- Publish (in process, {publish['wall_ms']['n']} new articles): "
        f"{publish['wall_ms']['median']:.1f} ms median, {publish['wall_ms']['p95']:.1f} ms p95 "
        f"(CPU {publish['cpu_ms']['median']:.1f} / {publish['cpu_ms']['p95']:.1f}).",
        f"- Publish → visible, {len(visible)} publishes from a separate process, ms from the "
        f"commit to the headline on the cached page: front page {spread(visible, 'home')}; "
        f"section {spread(visible, 'section')}. Cache before each publish: "
        f"{cache_states(visible)}.",
        f"- A publish every second during a {result['load_settings']['duration']} s run on the "
        f"cached front page: {under_load['during']['rps']:,.0f} req/s against "
        f"{under_load['before']['rps']:,.0f} before and {under_load['after']['rps']:,.0f} "
        f"after without publishing (**{under_load['ratio']:.0%}**), "
        f"{len(under_load['publishes_ms'])} publishes; {under_load['during']['non_2xx']} "
        "non-2xx.",
        "",
    ]


def front_lines(front):
    """Varnish running deploy/varnish/dateline.vcl in front of the same server."""
    lines = ["**Through Varnish** (`deploy/varnish/dateline.vcl`, purged by key):", ""]
    article = front.get("article")
    if article:
        through, reference = article["varnish"], article["nginx"]
        encoding = f" {article['content_encoding']}" if article["content_encoding"] else ""
        lines.append(
            f"- Cached article `{article['path']}` ({article['bytes']:,} bytes{encoding}) "
            f"through Varnish: {through['rps']:,.0f} req/s against nginx's "
            f"{reference['rps']:,.0f} with the same bytes (**{article['ratio']:.1%}**); "
            f"p50 / p99 {through['p50_ms']:.1f} / {through['p99_ms']:.1f} ms; Varnish's and "
            f"Dateline's CPU {cpu(through)} ms/req against nginx's {cpu(reference)}; "
            f"{through['non_2xx']} non-2xx. Load average {through['load'][0]} when it began: "
            "wrk, Varnish and nginx share the machine with whatever else runs on it, so read "
            "the ratio beside the load.")
    rounds = front["rounds"]
    lines += [
        f"- Publish → visible through Varnish, {len(rounds)} publishes, ms from the commit: "
        f"front page {spread(rounds, 'home')}; section {spread(rounds, 'section')}.",
        f"- Unpublish → gone through Varnish, ms from the commit: front page "
        f"{spread(rounds, 'home', 'gone_ms')}; section {spread(rounds, 'section', 'gone_ms')}; "
        f"the story's page {spread(rounds, 'story', 'gone_ms')}.",
        f"- Purge requests Varnish received: per publish "
        f"{sorted({round_['publish_purges'] for round_ in rounds})}, per unpublish "
        f"{sorted({round_['unpublish_purges'] for round_ in rounds})}.",
        "",
    ]
    return lines


def microcache_lines(micro):
    through, reference = micro["microcache"], micro["nginx"]
    encoding = f" {micro['content_encoding']}" if micro["content_encoding"] else ""
    return [
        f"**Through nginx's micro-cache** (`deploy/nginx/dateline-microcache.conf`, one "
        f"second): cached article `{micro['path']}` ({micro['bytes']:,} bytes{encoding}) at "
        f"{through['rps']:,.0f} req/s against nginx's {reference['rps']:,.0f} serving the "
        f"same bytes from a file (**{micro['ratio']:.1%}**); p50 / p99 "
        f"{through['p50_ms']:.1f} / {through['p99_ms']:.1f} ms; the micro-cache's and "
        f"Dateline's CPU {cpu(through)} ms/req against nginx's {cpu(reference)}; "
        f"{through['non_2xx']} non-2xx; load average {through['load'][0]} when it began.",
        "",
    ]


def spread(rounds, page, measure="visible_ms"):
    times = [round_[measure][page] for round_ in rounds]
    shown = [ms for ms in times if ms is not None]
    missing = len(times) - len(shown)
    text = (f"median {statistics.median(shown):.0f}, max {max(shown):.0f}" if shown
            else "never shown")
    return text + (f", {missing} not within 10 s" if missing else "")


def cache_states(rounds):
    states = {}
    for round_ in rounds:
        for state in round_["cache_before"].values():
            states[state] = states.get(state, 0) + 1
    return ", ".join(f"{state} {count}" for state, count in sorted(states.items()))


# ---- the targets --------------------------------------------------------------------------

def targets(archives):
    lines = ["**Targets**, from the latest run of each database and size (a target set at "
             "another size is shown for reference):", ""]
    local = [result for result in archives if not result["redis"]]
    for result in local:
        name = f"{DATABASES[result['database']]} {result['articles']:,}"
        if result.get("note"):
            name += " (see the note with its table)"
        cached = result["modes"].get("cached", {})
        if "scenarios" in cached:
            ratio = cached["scenarios"]["article"]["ratio"]
            lines.append(verdict(ratio >= CACHED_SHARE_OF_NGINX,
                                 f"{name}: cached article at {ratio:.1%} of nginx's req/s "
                                 f"(target ≥ {CACHED_SHARE_OF_NGINX:.0%})"))
            sustained = cached["sustained"]
            lines.append(verdict(sustained["non_2xx"] == 0 and sustained["socket_errors"] == 0,
                                 f"{name}: 30 s / 64 connections on the cached front page, "
                                 f"{sustained['non_2xx']} non-2xx, "
                                 f"{sustained['socket_errors']} socket errors (target 0)"))
            slowest = max((ms for round_ in cached["publish_visible"]
                           for ms in round_["visible_ms"].values()),
                          key=lambda ms: float("inf") if ms is None else ms)
            shown = "never" if slowest is None else f"{slowest:.0f} ms"
            lines.append(verdict(slowest is not None and slowest <= VISIBLE_MS,
                                 f"{name}: publish → visible, slowest of "
                                 f"{len(cached['publish_visible'])}: {shown} (target ≤ 1 s)"))
            lines += front_targets(name, cached.get("front"))
            if "microcache" in cached:
                ratio = cached["microcache"]["ratio"]
                lines.append(verdict(ratio >= FRONT_SHARE_OF_NGINX,
                                     f"{name}: cached article through nginx's micro-cache at "
                                     f"{ratio:.1%} of nginx's req/s (target ≥ "
                                     f"{FRONT_SHARE_OF_NGINX:.0%})"))
            ratio = cached["publish_under_load"]["ratio"]
            lines.append(verdict(ratio >= THROUGHPUT_WHILE_PUBLISHING,
                                 f"{name}: throughput while publishing every second "
                                 f"{ratio:.0%} of without (target ≥ 80%)"))
        uncached = result["modes"].get("uncached", {})
        if "scenarios" in uncached:
            served = uncached["scenarios"]["article"]["dateline"]["cpu_ms_per_request"]
            rendered = result["in_process"]["render"]["article"]
            queries = rendered["queries"]["max"]
            at_scale = result["articles"] == TARGET_SCALE
            lines.append(verdict(
                served <= UNCACHED_ARTICLE_CPU_MS,
                f"{name}: uncached article {served:.1f} ms server CPU per request "
                f"({rendered['cpu_ms']['median']:.1f} ms in process; target at "
                f"{TARGET_SCALE:,}: ≤ {UNCACHED_ARTICLE_CPU_MS} ms)", applies=at_scale))
            lines.append(verdict(
                queries <= UNCACHED_ARTICLE_QUERIES,
                f"{name}: uncached article at most {queries} queries (target at "
                f"{TARGET_SCALE:,}: ≤ {UNCACHED_ARTICLE_QUERIES})", applies=at_scale))
        worst = max((worker["rss_mb"] for served in result["modes"].values()
                     for worker in served.get("memory", [])), default=None)
        if worst is not None:
            lines.append(verdict(worst <= WORKER_RSS_MB,
                                 f"{name}: largest worker {worst:.0f} MB RSS (target at "
                                 f"1,000,000: ≤ {WORKER_RSS_MB} MB)",
                                 applies=result["articles"] == 1_000_000))
    lines += growth(local)
    return lines


def front_targets(name, front):
    if not front:
        return []
    lines = []
    if "article" in front:
        ratio = front["article"]["ratio"]
        lines.append(verdict(ratio >= FRONT_SHARE_OF_NGINX,
                             f"{name}: cached article through Varnish at {ratio:.1%} of "
                             f"nginx's req/s (target ≥ {FRONT_SHARE_OF_NGINX:.0%})"))
    for measure, what in (("visible_ms", "publish → visible"), ("gone_ms", "unpublish → gone")):
        times = [ms for round_ in front["rounds"] for ms in round_[measure].values()]
        slowest = None if None in times else max(times)
        shown = "not within 10 s" if slowest is None else f"{slowest:.0f} ms"
        lines.append(verdict(slowest is not None and slowest <= VISIBLE_MS,
                             f"{name}: {what} through Varnish, slowest of "
                             f"{len(front['rounds'])}: {shown} (target ≤ 1 s)"))
    return lines


def growth(archives):
    """Render and publish costs at the largest size measured over those at 10,000."""
    lines = []
    for database, title in DATABASES.items():
        sizes = {result["articles"]: result for result in archives
                 if result["database"] == database}
        if 10_000 not in sizes or len(sizes) < 2:
            continue
        base, largest = sizes[10_000], sizes[max(sizes)]
        figures = []
        for scenario in ("article", "section", "home"):
            figures.append((scenario,
                            largest["in_process"]["render"][scenario]["cpu_ms"]["median"],
                            base["in_process"]["render"][scenario]["cpu_ms"]["median"]))
        figures.append(("publish", largest["in_process"]["publish"]["wall_ms"]["median"],
                        base["in_process"]["publish"]["wall_ms"]["median"]))
        text = ", ".join(f"{name} {big / small:.2f}×" for name, big, small in figures)
        if base.get("code") != largest.get("code"):
            text += (f"; the two runs measured different code ({base.get('code')} and "
                     f"{largest.get('code')})")
        met = all(big / small <= GROWTH_LIMIT for _name, big, small in figures)
        lines.append(verdict(met, f"{title}: cost at {max(sizes):,} over 10,000 articles: "
                                  f"{text} (target at 1,000,000: ≤ {GROWTH_LIMIT}×)",
                             applies=max(sizes) == 1_000_000))
    return lines


def verdict(met, text, applies=True):
    """A target's line; one set at another archive size is shown for reference only."""
    word = "met" if met else "**missed**"
    return f"- {word if applies else 'for reference'}: {text}."


# ---- servers ------------------------------------------------------------------------------

def servers_tables(result):
    settings = result["load_settings"]
    lines = [
        "### Servers",
        "",
        f"The same cached page (`{result['path']}`, {result['archive']}) served by each server "
        f"with {result['workers']} workers, one after the other; nginx serves the bytes "
        "`dateline serve` sent, the reference, and so does a bare ASGI app under uvicorn "
        "(`benchmarks/bytes_app.py`), which shows what the server alone costs. *Correct*: "
        "status 200 and, decoded, the same page as `dateline serve`'s. The page cache sits in "
        "the ASGI application, so the WSGI server renders every request through Django. "
        f"wrk {settings['threads']} threads, {settings['connections']} "
        f"connections, {settings['duration']} s a run, `Accept-Encoding: "
        f"{settings['accept_encoding']}`, {result['rounds']} rounds, the order reversed each "
        f"round; latency and CPU are the median round's. {result['date']}, code "
        f"{result.get('code', 'not recorded')}; "
        f"`{result['command']}`; "
        f"{result['machine']}; load average {result['load_start']} at the start, "
        f"{result['load_end']} at the end.",
        "",
        "| server | command | correct | cache | req/s, median (each round) | of nginx | "
        "p50 / p99 ms | server CPU ms/req | RSS per worker MB | load |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for server in result["servers"]:
        runs = server["runs"]
        middle = sorted(runs, key=lambda run: run["rps"])[(len(runs) - 1) // 2]
        each = ", ".join(f"{run['rps']:,.0f}" for run in runs)
        memory = ", ".join(f"{worker['rss_mb']:.0f}" for worker in server["memory"])
        lines.append(
            f"| {server['name']} | `{server['command']}` | {server['correct']} | "
            f"{server['cache']} | {statistics.median(run['rps'] for run in runs):,.0f} "
            f"({each}) | {server['ratio']:.1%} | {middle['p50_ms']:.2f} / "
            f"{middle['p99_ms']:.2f} | {cpu(middle)} | {memory or '—'} | "
            f"{', '.join(str(run['load'][0]) for run in runs)} |"
        )
    lines += ["", f"Fastest correct server: **{result['fastest']}**."]
    return "\n".join(lines)

"""Uncached render cost of this checkout against an earlier commit, on the same seeded archive:
the in-process half of benchmarks/delivery.py (``delivery_in_process.py measure``) run for each
code in turn, alternating, so that the machine's load favours neither; prints each scenario's
CPU ms (median and p95 over the rounds' renders) and queries.

Run from the checkout:
    .venv/bin/python benchmarks/render_comparison.py --base 78edc38 [--articles 100000]
        [--database sqlite|postgresql] [--rounds 2]
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_archive import DATABASES, Archive, progress

CHECKOUT = Path(__file__).resolve().parents[1]
IN_PROCESS = Path(__file__).resolve().parent / "delivery_in_process.py"
SCENARIOS = ["home", "section", "article", "search", "feed", "sitemap"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="The commit to compare with.")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database", choices=DATABASES, default="sqlite")
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    archive = Archive(options.database, options.articles)
    archive.prepare()
    with tempfile.TemporaryDirectory(prefix="dateline-bench-base-") as base:
        archived = subprocess.run(["git", "archive", options.base, "src"], cwd=CHECKOUT,
                                  capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", base], input=archived, check=True)
        sources = {options.base: Path(base) / "src", "this checkout": CHECKOUT / "src"}
        runs = {name: [] for name in sources}
        for round_number in range(options.rounds):
            order = list(sources) if round_number % 2 == 0 else list(sources)[::-1]
            for name in order:
                progress(f"Round {round_number + 1}: {name}…")
                runs[name].append(measure(archive, sources[name]))
    print(table(runs, archive, options))  # noqa: T201 - the run's figures


def measure(archive, source):
    env = {**archive.env(page_cache=False), "PYTHONPATH": str(source)}
    child = subprocess.run([sys.executable, str(IN_PROCESS), "measure"], cwd=CHECKOUT, env=env,
                           stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(child.stdout.strip().splitlines()[-1])


def table(runs, archive, options):
    lines = [f"{archive.title}, {options.rounds} rounds alternated; CPU ms per render "
             "(median of the rounds' medians / highest p95), queries (median)", "",
             "| scenario | " + " | ".join(runs) + " |", "|---|" + "---|" * len(runs)]
    for scenario in SCENARIOS:
        cells = []
        for results in runs.values():
            renders = [result["render"][scenario] for result in results]
            median = statistics.median(render["cpu_ms"]["median"] for render in renders)
            p95 = max(render["cpu_ms"]["p95"] for render in renders)
            queries = statistics.median(render["queries"]["median"] for render in renders)
            cells.append(f"{median:.1f} / {p95:.1f} ({queries:g} q)")
        lines.append(f"| {scenario} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()

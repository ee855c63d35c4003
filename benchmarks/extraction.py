"""Article extraction quality on the shared benchmark pages; records it in docs/performance.md.

Run from the checkout: .venv/bin/python benchmarks/extraction.py
"""

import sys
import time
from pathlib import Path

from page_scoring import score_benchmark
from performance_doc import write_section
from rich.progress import track

CHECKOUT = Path(__file__).resolve().parents[1]
ARTICLES = CHECKOUT.parent / "shared" / "data" / "articles"
HEADING = "## Article extraction"
COMMAND = ".venv/bin/python benchmarks/extraction.py"


def record(summary, seconds):
    section = "\n".join([
        HEADING,
        "",
        "How much of each article's body `import_page` finds (trafilatura, HTML output with",
        f"formatting, then sanitised), on the {summary.pages} pages of the article extraction",
        "benchmark in `../shared/data/articles/`: word 4-gram shingles of the extracted text",
        "against the gold text. Precision and recall are means over pages; F1 is the",
        "benchmark's (of the two means); the mean of per-page F1 is given too.",
        "",
        "| precision | recall | F1 | mean page F1 | pages | seconds |",
        "|---|---|---|---|---|---|",
        f"| {summary.precision:.3f} | {summary.recall:.3f} | {summary.f1:.3f} | "
        f"{summary.mean_page_f1:.3f} | {summary.pages} | {seconds:.1f} |",
        "",
        f"Measured with `{COMMAND}`.",
        "`tests/importers/test_page_extraction.py` fails if the mean page F1 falls below its",
        "floor.",
        "",
    ])
    write_section(HEADING, section)


def main():
    if not ARTICLES.is_dir():
        sys.exit(f"The benchmark pages are not at {ARTICLES}.")
    started = time.perf_counter()
    summary = score_benchmark(
        ARTICLES, track=lambda keys: track(keys, description="Extracting", transient=True)
    )
    seconds = time.perf_counter() - started
    print(f"precision {summary.precision:.3f}  recall {summary.recall:.3f}  "  # noqa: T201
          f"F1 {summary.f1:.3f}  mean page F1 {summary.mean_page_f1:.3f}  "
          f"({summary.pages} pages, {seconds:.1f} s)")
    record(summary, seconds)


if __name__ == "__main__":
    main()

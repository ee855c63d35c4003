"""On 58 real articles, every blocking finding is one a human reviewer confirmed."""

import datetime
import importlib.util
from pathlib import Path

import pytest

from dateline.copydesk.reading import Copy
from dateline.copydesk.registry import check_copy

CHECKOUT = Path(__file__).resolve().parents[2]
ARTICLES = CHECKOUT.parent / "shared" / "data" / "articles"
REFERENCE_PAGE = CHECKOUT.parent / "shared" / "reference" / "seed-page.txt"


def load_benchmark(monkeypatch):
    # The benchmark imports its neighbours in benchmarks/, as it does when run as a script.
    monkeypatch.syspath_prepend(str(CHECKOUT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("copydesk_benchmark",
                                                  CHECKOUT / "benchmarks" / "copydesk.py")
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    return benchmark


@pytest.mark.skipif(not ARTICLES.is_dir(),
                    reason="the real articles are read from ../shared/data/articles/, absent here")
def test_every_blocking_finding_on_real_articles_was_reviewed_as_true(monkeypatch):
    benchmark = load_benchmark(monkeypatch)
    review = benchmark.load_review()
    unconfirmed = [
        benchmark.review_key(article_id, finding)
        for article_id, finding in benchmark.check_corpus(benchmark.read_corpus())
        if finding.blocks
        and review.get(benchmark.review_key(article_id, finding), {}).get("verdict") != "true"
    ]
    assert unconfirmed == []


@pytest.mark.skipif(not REFERENCE_PAGE.is_file(),
                    reason="the reference page is read from ../shared/reference/, absent here")
def test_the_reference_page_faults_are_both_blocked():
    published_on = datetime.date(2022, 12, 9)  # the Friday printed at the top of the page
    copy = Copy.of_text(REFERENCE_PAGE.read_text(encoding="utf-8"), published_on=published_on)
    blocking = {finding.check for finding in check_copy(copy) if finding.blocks}
    assert blocking == {"filler", "weekday"}

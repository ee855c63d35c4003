from pathlib import Path

import pytest

from benchmarks.page_scoring import score_benchmark, score_page, shingles, summarise

ARTICLES = Path(__file__).resolve().parents[3] / "shared" / "data" / "articles"
# Measured 0.963 mean page F1 (0.966 benchmark F1) with trafilatura 2.3, tables kept; see
# docs/performance.md. The floor sits a little below, to catch a real regression.
MEAN_PAGE_F1_FLOOR = 0.95


def test_shingles_are_counted_runs_of_four_words():
    assert shingles("the cat sat on the mat") == {
        ("the", "cat", "sat", "on"): 1, ("cat", "sat", "on", "the"): 1,
        ("sat", "on", "the", "mat"): 1,
    }


def test_punctuation_separates_words_and_a_short_text_is_one_shingle():
    assert shingles("Hello, world!") == {("Hello", "world"): 1}
    assert shingles("") == {}


def test_identical_texts_score_one():
    score = score_page("one two three four five", "one two three four five")
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_extra_text_lowers_precision_and_missing_text_lowers_recall():
    gold = "one two three four five six"  # 3 shingles
    too_much = score_page(gold + " seven", gold)  # 3 match, 1 extra
    too_little = score_page("one two three four five", gold)  # 2 match, 1 missed
    assert too_much.precision == pytest.approx(3 / 4)
    assert too_much.recall == 1.0
    assert too_little.precision == 1.0
    assert too_little.recall == pytest.approx(2 / 3)
    assert too_little.f1 == pytest.approx(0.8)


def test_nothing_extracted_scores_zero_and_counts_only_for_recall():
    nothing = score_page("", "one two three four five")
    assert (nothing.precision, nothing.recall) == (0.0, 0.0)
    summary = summarise([nothing, score_page("a b c d", "a b c d")])
    assert summary.precision == 1.0
    assert summary.recall == 0.5
    assert summary.mean_page_f1 == 0.5


@pytest.mark.skipif(not ARTICLES.is_dir(),
                    reason=f"the article extraction benchmark pages are not at {ARTICLES}")
def test_extraction_keeps_its_quality_on_the_benchmark_pages():
    summary = score_benchmark(ARTICLES)
    assert summary.pages == 58
    assert summary.mean_page_f1 >= MEAN_PAGE_F1_FLOOR

"""How well article extraction finds a page's body: word 4-gram shingles against gold text.

This is the published score of the article extraction benchmark (scrapinghub): both texts
become counted shingles of four consecutive word tokens; matches are true positives, extra
extracted shingles false positives, missed gold ones false negatives. Per page the counts are
normalised so long articles weigh no more than short ones.
"""

import gzip
import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from dateline.importers.pages.extraction import ExtractionError, extract_article

WORD = re.compile(r"\w+")
SHINGLE_SIZE = 4


@dataclass(frozen=True)
class PageScore:
    true_positive: float
    false_positive: float
    false_negative: float

    @property
    def precision(self):
        if self.false_positive == self.false_negative == 0:
            return 1.0
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 0.0

    @property
    def recall(self):
        if self.false_positive == self.false_negative == 0:
            return 1.0
        expected = self.true_positive + self.false_negative
        return self.true_positive / expected if expected else 0.0

    @property
    def f1(self):
        return harmonic_mean(self.precision, self.recall)


@dataclass(frozen=True)
class Summary:
    precision: float  # mean over pages where something was extracted
    recall: float  # mean over pages that have gold text
    f1: float  # the benchmark's F1: of the mean precision and the mean recall
    mean_page_f1: float
    pages: int


def shingles(text, size=SHINGLE_SIZE):
    """Counted runs of ``size`` word tokens; a text shorter than that is one shingle."""
    words = WORD.findall(text or "")
    return Counter(tuple(words[start:start + size])
                   for start in range(max(1, len(words) - size + 1)) if words)


def score_page(extracted, gold):
    found, expected = shingles(extracted), shingles(gold)
    true_positive = sum((found & expected).values())
    false_positive = sum((found - expected).values())
    false_negative = sum((expected - found).values())
    total = true_positive + false_positive + false_negative
    if total:
        return PageScore(true_positive / total, false_positive / total, false_negative / total)
    return PageScore(0.0, 0.0, 0.0)


def summarise(scores):
    scores = list(scores)
    precision = statistics.mean(
        [s.precision for s in scores if s.true_positive + s.false_positive > 0] or [0.0])
    recall = statistics.mean(
        [s.recall for s in scores if s.true_positive + s.false_negative > 0] or [0.0])
    return Summary(precision, recall, harmonic_mean(precision, recall),
                   statistics.mean([s.f1 for s in scores] or [0.0]), len(scores))


def harmonic_mean(precision, recall):
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_benchmark(folder, *, track=iter):
    """Extraction scores over a benchmark folder: ``html/ID.html.gz`` and gold text in
    ``ground-truth.json`` (``articleBody`` by ID)."""
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    scores = []
    for key in track(sorted(gold)):
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        try:
            extracted = extract_article(html).text
        except ExtractionError:
            extracted = ""
        scores.append(score_page(extracted, gold[key].get("articleBody", "")))
    return summarise(scores)

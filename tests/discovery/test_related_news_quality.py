"""Related News by content beats listing the section's newest stories on a labelled set."""

from pathlib import Path

import pytest

from benchmarks import related_evaluation as evaluation

LABELLED_SET = sorted(
    (Path(__file__).resolve().parents[2] / "benchmarks" / "data").glob("related_news_eval_*.json")
)


@pytest.mark.django_db
def test_similarity_finds_more_of_the_same_story_than_the_baselines():
    articles, relevance = evaluation.build_labelled_newsroom(
        evaluation.read_labelled_set(LABELLED_SET)
    )
    scores = evaluation.evaluate(articles, relevance)["same story"]
    similar = scores["similar in content"].attainable_precision
    assert scores["similar in content"].articles >= 200
    assert similar >= 0.85
    assert similar >= scores["newest in the same section"].attainable_precision + 0.3
    assert similar >= scores["newest sharing a topic, then section"].attainable_precision + 0.2

"""BM25 "more like this": the story's most telling words, scored in every candidate.

A word tells about a story when it is frequent there and rare in the archive (tf × idf). The
engine finds the candidates that use the telling words; each candidate is then scored with BM25
over the same field weights, divided by the story's score against itself so that scores read as
a share of a perfect match, and adjusted for what editors mean by "related": a follow-up is
close in time and usually shares a topic.
"""

import math
from dataclasses import dataclass, field

# Only a story's most used words are looked up in the archive; the telling words are among
# them, and the lookups (a count per word on PostgreSQL) stay few.
CONSIDERED_TERMS = 60
QUERY_TERMS = 25  # telling words scored in each candidate
RETRIEVAL_TERMS = 10  # the most telling of them, which find the candidates
# A word used by more stories than this is a poor finder: matching it makes the engine rank a
# large part of the archive. Such words still count in the scoring.
COMMON_USES = 50
COMMON_SHARE = 0.005
CANDIDATES = 100
K1 = 1.2
B = 0.75
# A story of the same thread is usually days or weeks apart; the time bonus halves every
# HALF_LIFE_DAYS of distance but never takes away more than TIME_SHARE of the score.
HALF_LIFE_DAYS = 30
TIME_SHARE = 0.3
TOPIC_BONUS = 0.1  # per shared topic, up to two
SECTION_BONUS = 0.05
MINIMUM_SIMILARITY = 0.08


def inverse_frequency(stories_using, story_count):
    return math.log(1 + (story_count - stories_using + 0.5) / (stories_using + 0.5))


@dataclass(frozen=True)
class Query:
    """The telling words of one story: word → (weight in the story, inverse frequency), and
    how many stories use each."""

    terms: dict
    uses: dict = field(default_factory=dict)
    story_count: int = 0

    @classmethod
    def for_story(cls, profile, engine):
        weights = profile.term_weights()
        if not weights:
            return cls({})
        considered = sorted(weights, key=lambda term: (-weights[term], term))[:CONSIDERED_TERMS]
        story_count = max(engine.story_count(), 1)
        uses = engine.stories_using(considered)
        idf = {
            term: inverse_frequency(uses[term], story_count)
            for term in considered
            if uses.get(term, 0) > 1  # a word only this story uses finds nothing else
        }
        ranked = sorted(idf, key=lambda term: (-weights[term] * idf[term], term))[:QUERY_TERMS]
        return cls({term: (weights[term], idf[term]) for term in ranked},
                   {term: uses[term] for term in ranked}, story_count)

    def retrieval_terms(self):
        """The most telling words that are not common; the rarest ones if all are."""
        limit = max(COMMON_USES, COMMON_SHARE * self.story_count)
        by_telling = sorted(self.terms, key=lambda term: (-self.terms[term][0]
                                                          * self.terms[term][1], term))
        finders = [term for term in by_telling if self.uses.get(term, 0) <= limit]
        if len(finders) < RETRIEVAL_TERMS // 2:
            finders = sorted(self.terms, key=lambda term: (self.uses.get(term, 0), term))
        return finders[:RETRIEVAL_TERMS]

    def bm25(self, term_weights, length, average_length):
        score = 0.0
        norm = K1 * (1 - B + B * length / average_length)
        for term, (query_weight, idf) in self.terms.items():
            frequency = term_weights.get(term)
            if frequency:
                score += query_weight * idf * frequency * (K1 + 1) / (frequency + norm)
        return score


def time_factor(story, candidate):
    if story.published_at is None or candidate.published_at is None:
        return 1 - TIME_SHARE
    days = abs((story.published_at - candidate.published_at).total_seconds()) / 86400
    return 1 - TIME_SHARE + TIME_SHARE * 0.5 ** (days / HALF_LIFE_DAYS)


def ranked_similar(story, candidates, query):
    """(score, candidate) pairs, most similar first, for candidates above the minimum."""
    if not query.terms or not candidates:
        return []
    own_weights = story.term_weights()
    profiles = [(candidate, candidate.term_weights()) for candidate in candidates]
    lengths = [sum(weights.values()) for _, weights in profiles]
    average_length = max(sum(lengths) / len(lengths), 1.0)
    perfect = query.bm25(own_weights, sum(own_weights.values()), average_length)
    scored = []
    for (candidate, weights), length in zip(profiles, lengths, strict=True):
        similarity = query.bm25(weights, length, average_length) / perfect
        if similarity < MINIMUM_SIMILARITY:
            continue
        shared_topics = len(story.topic_ids & candidate.topic_ids)
        bonus = TOPIC_BONUS * min(shared_topics, 2)
        if story.section_path and story.section_path == candidate.section_path:
            bonus += SECTION_BONUS
        score = (similarity + bonus) * time_factor(story, candidate)
        scored.append((score, candidate))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].article_id))
    return scored

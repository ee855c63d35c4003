"""How good Related News is: precision at 5 against what a reader would call related.

Two yardsticks. On any archive, a listed story counts when it shares a topic (or, more loosely,
a topic or the section) with the article. On a labelled set, where every article carries the
slug of the news story it belongs to, a listed story counts when it is the same story. Each
method is compared with the baseline "newest in the same section".
"""

import datetime
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page

from dateline.discovery.related.stories import refresh_similar_stories
from dateline.news.models import (
    ArticlePage,
    HomePage,
    SectionPage,
    TopicIndexPage,
    TopicPage,
)

K = 5


def newest_in_section(article):
    return list(ArticlePage.objects.readable().sibling_of(article).exclude(pk=article.pk)
                .newest_first().values_list("pk", flat=True)[:K])


def similar_in_content(article):
    return list(article.similar_stories.order_by("rank").values_list("story_id", flat=True)[:K])


def newest_sharing_a_topic_then_section(article):
    """Dateline's list before content similarity: shared topics, then the section."""
    published = ArticlePage.objects.readable().exclude(pk=article.pk).newest_first()
    topic_ids = list(article.topics.values_list("pk", flat=True))
    listed = list(published.filter(topics__in=topic_ids).distinct()
                  .values_list("pk", flat=True)[:K])
    listed += [pk for pk in newest_in_section(article) if pk not in listed]
    return listed[:K]


METHODS = {
    "similar in content": similar_in_content,
    "newest sharing a topic, then section": newest_sharing_a_topic_then_section,
    "newest in the same section": newest_in_section,
}


@dataclass
class Score:
    """Mean precision at 5 over the articles, and the same with the denominator cut to the
    number of relevant stories there are (a story of three articles can have two at most)."""

    precision: float
    attainable_precision: float
    articles: int


def score(lists, relevant):
    """``lists``: article id → listed ids; ``relevant``: article id → set of relevant ids."""
    judged = [article_id for article_id in lists if relevant[article_id]]
    precision = attainable = 0.0
    for article_id in judged:
        hits = len(set(lists[article_id][:K]) & relevant[article_id])
        precision += hits / K
        attainable += hits / min(K, len(relevant[article_id]))
    count = max(len(judged), 1)
    return Score(precision / count, attainable / count, len(judged))


def archive_relevance(articles):
    """Relevant by shared topic, and by shared topic or section, for every pair."""
    topics = {article.pk: set(article.topics.values_list("pk", flat=True)) for article in articles}
    sections = {article.pk: article.path[: -Page.steplen] for article in articles}
    by_topic, by_topic_or_section = {}, {}
    for article in articles:
        others = [other for other in articles if other.pk != article.pk]
        by_topic[article.pk] = {
            other.pk for other in others if topics[article.pk] & topics[other.pk]
        }
        by_topic_or_section[article.pk] = by_topic[article.pk] | {
            other.pk for other in others if sections[other.pk] == sections[article.pk]
        }
    return {"shares a topic": by_topic, "shares a topic or section": by_topic_or_section}


def evaluate(articles, relevance):
    """Scores of every method under every yardstick: {yardstick: {method: Score}}."""
    lists = {name: {article.pk: method(article) for article in articles}
             for name, method in METHODS.items()}
    return {yardstick: {name: score(method_lists, relevant)
                        for name, method_lists in lists.items()}
            for yardstick, relevant in relevance.items()}


def read_labelled_set(paths):
    return [row for path in paths for row in json.loads(path.read_text(encoding="utf-8"))]


@transaction.atomic
def build_labelled_newsroom(rows, now=None):
    """A site holding the labelled articles, published with their relative dates, and their
    Related News computed. Answers the articles and the same-story relevance."""
    now = now or timezone.now()
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Labelled set", slug="labelled-set"))
    sections = {}
    topic_index = home.add_child(instance=TopicIndexPage(title="Topics", slug="topics"))
    topics = {}
    articles, stories = [], {}
    for position, row in enumerate(rows):
        if row["section"] not in sections:
            sections[row["section"]] = home.add_child(instance=SectionPage(
                title=row["section"].title(), slug=slugify(row["section"])))
        for name in row["topics"]:
            if name not in topics:
                topics[name] = topic_index.add_child(instance=TopicPage(
                    title=name, slug=slugify(name)))
        # Minutes apart so that no two stories share a publication time.
        published_at = now - datetime.timedelta(days=row["days_ago"], minutes=position)
        article = ArticlePage(
            title=row["headline"], slug=slugify(row["id"]), standfirst=row["standfirst"],
            published_at=published_at, first_published_at=published_at,
            body=json.dumps([{"type": "paragraph", "value": f"<p>{paragraph}</p>"}
                             for paragraph in row["body"]]),
        )
        sections[row["section"]].add_child(instance=article)
        article.topics.set([topics[name] for name in row["topics"]])
        article.save_revision().publish()
        articles.append(article)
        stories.setdefault(row["story"], set()).add(article.pk)
    for article in articles:
        refresh_similar_stories(article.pk, ripple=False)
    labels = {article.pk: row["story"] for article, row in zip(articles, rows, strict=True)}
    relevant = {article.pk: stories[labels[article.pk]] - {article.pk} for article in articles}
    # Read back, so that every relation is the database's and not the in-memory cluster's.
    return list(ArticlePage.objects.filter(pk__in=labels).order_by("pk")), {"same story": relevant}

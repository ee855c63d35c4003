"""Computing and storing one article's similar stories."""

from functools import partial

from django.db import transaction

from wagtail.models import Page

from dateline.discovery.models import SearchDocument, SimilarStory
from dateline.discovery.related.engines import full_text_engine
from dateline.discovery.related.profiles import StoryProfile
from dateline.discovery.related.similarity import CANDIDATES, Query, ranked_similar
from dateline.news.models import ArticlePage
from dateline.news.signals import reader_content_changed

STORED = 10
# A new story is offered to the stories it is most like, so their lists can gain it.
RIPPLE = 5


def story_profiles(article_ids):
    """Profiles of the indexed (published) articles among ``article_ids``, by id."""
    profiles = {
        article_id: StoryProfile(article_id, title, standfirst, body_text,
                                 published_at=published_at)
        for article_id, title, standfirst, body_text, published_at in SearchDocument.objects
        .filter(article_id__in=article_ids)
        .values_list("article_id", "title", "standfirst", "body_text", "published_at")
    }
    for article_id, path in ArticlePage.objects.filter(pk__in=profiles).values_list("pk", "path"):
        profiles[article_id].section_path = path[: -Page.steplen]
    tagged = ArticlePage.topics.through.objects.filter(articlepage_id__in=profiles)
    topics = {}
    for article_id, topic_id, name in tagged.values_list("articlepage_id", "topicpage_id",
                                                         "topicpage__title"):
        topics.setdefault(article_id, []).append((topic_id, name))
    for article_id, pairs in topics.items():
        profiles[article_id].topic_ids = frozenset(topic_id for topic_id, _ in pairs)
        profiles[article_id].topic_names = [name for _, name in pairs]
    return profiles


def refresh_similar_stories(article_id, *, ripple=True):
    """Recompute the article's similar stories; answers their ids, most similar first.

    An article that is not published (not in the search index) is left with none. With
    ``ripple``, the stories it is most like are recomputed too, so they can list it.
    """
    story = story_profiles([article_id]).get(article_id)
    ranked = []
    if story is not None:
        engine = full_text_engine()
        query = Query.for_story(story, engine)
        candidate_ids = (engine.candidates(query.retrieval_terms(), article_id, CANDIDATES)
                         if query.terms else [])
        candidates = story_profiles(candidate_ids).values()
        ranked = ranked_similar(story, candidates, query)[:STORED]
    similar_ids = [candidate.article_id for _, candidate in ranked]
    with transaction.atomic():
        stored = SimilarStory.objects.filter(article_id=article_id)
        listed_before = list(stored.order_by("rank").values_list("story_id", flat=True))
        stored.delete()
        SimilarStory.objects.bulk_create(
            SimilarStory(article_id=article_id, story_id=candidate.article_id, rank=rank,
                         score=score)
            for rank, (score, candidate) in enumerate(ranked, start=1)
        )
        if listed_before != similar_ids:
            transaction.on_commit(partial(related_news_changed, article_id))
    if ripple:
        for neighbour_id in similar_ids[:RIPPLE]:
            refresh_similar_stories(neighbour_id, ripple=False)
    return similar_ids


def related_news_changed(article_id):
    article = ArticlePage.objects.filter(pk=article_id).first()
    if article is not None:
        reader_content_changed.send(sender=SimilarStory, pages=[article])


def stories_listing(article_id):
    """Articles whose stored lists include the given one."""
    return list(SimilarStory.objects.filter(story_id=article_id)
                .values_list("article_id", flat=True).distinct())

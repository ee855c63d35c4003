"""Related News is computed by `dateline worker`, after the publishing transaction commits, so
the search index it reads already holds the new text."""

from django_tasks import task

from dateline.discovery.related.stories import refresh_similar_stories


@task()
def refresh_related_news(article_id):
    return len(refresh_similar_stories(article_id))


@task()
def refresh_related_news_of(article_ids):
    """Stories that listed an article which has left the site look again."""
    for article_id in article_ids:
        refresh_similar_stories(article_id, ripple=False)

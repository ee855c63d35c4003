from wagtail.signals import page_published

from dateline.news.models import ArticlePage


def stamp_publication_time(sender, instance, **kwargs):
    """An article's editorial date is its first publication unless an editor set one."""
    if instance.published_at is None:
        instance.published_at = instance.first_published_at or instance.last_published_at
        ArticlePage.objects.filter(pk=instance.pk).update(published_at=instance.published_at)


def register():
    page_published.connect(stamp_publication_time, sender=ArticlePage)

from django.db.models import Max

from wagtail.signals import page_published

from dateline.news.models import ArticlePage


def stamp_publication_time(sender, instance, **kwargs):
    """An article's editorial date is its first publication unless an editor set one."""
    if instance.published_at is None:
        instance.published_at = instance.first_published_at or instance.last_published_at
        ArticlePage.objects.filter(pk=instance.pk).update(published_at=instance.published_at)


def mark_corrections_as_updates(sender, instance, **kwargs):
    """A correction note is a change readers must see: the story's update time follows it,
    and so do the page, feeds, structured data and sitemaps, which all read updated_at."""
    latest_note = instance.corrections.aggregate(latest=Max("noted_at"))["latest"]
    if latest_note is None or instance.published_at is None:
        return
    if latest_note > (instance.updated_at or instance.published_at):
        instance.updated_at = latest_note
        ArticlePage.objects.filter(pk=instance.pk).update(updated_at=latest_note)


def register():
    page_published.connect(stamp_publication_time, sender=ArticlePage)
    page_published.connect(mark_corrections_as_updates, sender=ArticlePage)

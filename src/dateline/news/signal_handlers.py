from django.db.models import Max
from django.db.models.signals import post_delete, post_save

from wagtail.models import PageViewRestriction, Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from dateline.news import edition
from dateline.news.models import ArticleAuthor, ArticlePage, NewsImage, SiteSettings
from dateline.news.signals import reader_content_changed


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


def start_new_edition(sender, **kwargs):
    """Menus, bylines, settings and the On This Day box are read again (``news.edition``)."""
    edition.start_new_edition()


def register():
    page_published.connect(stamp_publication_time, sender=ArticlePage)
    page_published.connect(mark_corrections_as_updates, sender=ArticlePage)
    # Any saved page, draft or live, anything else a page's surroundings show or an author's
    # listing counts, and privacy, which takes stories out of every list and which routing
    # remembers with each page.
    for model in [*get_page_models(), Site, SiteSettings, NewsImage, ArticleAuthor,
                  PageViewRestriction]:
        post_save.connect(start_new_edition, sender=model)
        post_delete.connect(start_new_edition, sender=model)
    for signal in (page_published, page_unpublished, post_page_move, reader_content_changed):
        signal.connect(start_new_edition)

from django.db.models import Max
from django.db.models.signals import post_delete, post_save

from wagtail.models import PageViewRestriction, Site, get_page_models

from dateline.news import edition, publishing
from dateline.news.models import ArticleAuthor, ArticlePage, NewsImage, SiteSettings
from dateline.news.signals import reader_content_changed


def record_publication(change):
    """The pipeline's "record" step: an article's editorial dates, on its row, in the
    publishing transaction, before the search index and the later steps read them."""
    if publishing.PUBLISHED in change.kinds and change.of(ArticlePage):
        stamp_publication_time(change.page)
        mark_corrections_as_updates(change.page)


def stamp_publication_time(article):
    """An article's editorial date is its first publication unless an editor set one."""
    if article.published_at is None:
        article.published_at = article.first_published_at or article.last_published_at
        ArticlePage.objects.filter(pk=article.pk).update(published_at=article.published_at)


def mark_corrections_as_updates(article):
    """A correction note is a change readers must see: the story's update time follows it,
    and so do the page, feeds, structured data and sitemaps, which all read updated_at."""
    latest_note = article.corrections.aggregate(latest=Max("noted_at"))["latest"]
    if latest_note is None or article.published_at is None:
        return
    if latest_note > (article.updated_at or article.published_at):
        article.updated_at = latest_note
        ArticlePage.objects.filter(pk=article.pk).update(updated_at=latest_note)


def edition_after_change(change):
    """The pipeline's "edition" step: saving the page started a new edition already, in the
    transaction; a request that read the old rows in the meantime may have remembered them
    under it, so another starts once the change is committed."""
    edition.start_new_edition()


def register():
    publishing.plug("record", record_publication)
    publishing.plug("edition", edition_after_change)
    # Any saved page, draft or live, anything else a page's surroundings show or an author's
    # listing counts, and privacy, which takes stories out of every list and which routing
    # remembers with each page: read again at once by the process that made the change.
    for model in [*get_page_models(), Site, SiteSettings, NewsImage, ArticleAuthor,
                  PageViewRestriction]:
        post_save.connect(edition.start_new_edition, sender=model)
        post_delete.connect(edition.start_new_edition, sender=model)
    reader_content_changed.connect(edition.start_new_edition)

"""The index follows publishing: a published article is (re)indexed, an unpublished one leaves.
A deleted article's document goes with it through the foreign key's cascade."""

from wagtail.signals import page_published, page_unpublished

from dateline.discovery.search import get_search_backend
from dateline.news.models import ArticlePage


def index_published_article(sender, instance, **kwargs):
    get_search_backend().index_article(instance)


def remove_unpublished_article(sender, instance, **kwargs):
    get_search_backend().remove(instance.pk)


def register():
    page_published.connect(index_published_article, sender=ArticlePage)
    page_unpublished.connect(remove_unpublished_article, sender=ArticlePage)

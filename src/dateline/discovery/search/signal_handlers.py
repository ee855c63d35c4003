"""The index follows publishing: a published article is (re)indexed, an unpublished one leaves.
A deleted article's document goes with it through the foreign key's cascade."""

from dateline.discovery.search import get_search_backend
from dateline.news import publishing
from dateline.news.models import ArticlePage


def keep_index_current(change):
    """The pipeline's "search index" step, in the publishing transaction."""
    if not change.of(ArticlePage):
        return
    if publishing.PUBLISHED in change.kinds:
        get_search_backend().index_article(change.page)
    elif publishing.UNPUBLISHED in change.kinds:
        get_search_backend().remove(change.page_id)


def register():
    publishing.plug("search index", keep_index_current)

from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished

from dateline.news.models import ArticlePage
from dateline.newsroom.banner import forget_showing_banners
from dateline.newsroom.models import BreakingNewsBanner


def register():
    for signal in (post_save, post_delete):
        signal.connect(forget_showing_banners, sender=BreakingNewsBanner)
    for signal in (page_published, page_unpublished):
        signal.connect(forget_showing_banners, sender=ArticlePage)

"""Where news itself shows a story, plugged into ``sockets.story_appearances``, and the two
facts other apps' plugs build on: the pages that list a story, and the days it belongs to.

Edge-cache keys (``news.cache_keys``, which the pages send): ``story-<pk>`` for a story's own
page, ``page-<pk>`` for a section, topic, author or front page, ``corrections`` for the
corrections log.
"""

import datetime

from django.urls import reverse

from dateline.news import cache_keys
from dateline.news.models import ArticlePage, SiteSettings
from dateline.news.sockets import Appearance, read_once_per_question


@read_once_per_question
def listing_pages(article):
    """The pages that list the story: its sections up to the front page, its topics and its
    authors."""
    return (*article.get_ancestors().filter(depth__gt=1),
            *article.topics.all(),
            *(byline.author for byline in article.article_authors.select_related("author")))


@read_once_per_question
def story_days(article, site_id):
    """The story's date in its site's zone, and in UTC where that is another day."""
    if article.published_at is None:
        return frozenset()
    site_settings = SiteSettings.objects.filter(site_id=site_id).first()
    zone = site_settings.zone() if site_settings else datetime.UTC
    return frozenset({article.published_at.astimezone(zone).date(),
                      article.published_at.astimezone(datetime.UTC).date()})


def absolute_url(page):
    parts = page.get_url_parts()
    return None if parts is None else parts[1] + parts[2]


def story_pages(article):
    """The story's own page, the pages that list it, the stories that pick it as Related News,
    and the corrections log when it has corrections."""
    url_parts = article.get_url_parts()
    if url_parts is None:
        return Appearance()
    _site_id, root_url, article_path = url_parts
    shown_by = {cache_keys.story_key(article.pk): root_url + article_path}
    shown_by |= {cache_keys.page_key(page): absolute_url(page) for page in listing_pages(article)}
    shown_by |= {cache_keys.story_key(picker.pk): absolute_url(picker) for picker in
                 ArticlePage.objects.filter(related_picks__article=article).distinct()}
    if article.corrections.exists():
        shown_by[cache_keys.CORRECTIONS] = root_url + reverse("news:corrections")
    shown_by = {key: url for key, url in shown_by.items() if url is not None}
    return Appearance(urls=shown_by.values(), keys=shown_by.keys())

"""RSS and Atom feeds of the front page, sections, topics and authors, and of each live blog
(its updates).

A page's feed lives under /feeds/<format>/ followed by the page's own path (/feeds/atom/caucasus/
is the Caucasus section's), so every page can tell its feed addresses (``feed_urls``) and feeds
never compete with Wagtail's page routing.
"""

import re
from urllib.parse import unquote, urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, rfc3339_date
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

from dateline.news import cache_keys
from dateline.news.models import (
    ArticlePage,
    AuthorPage,
    HomePage,
    LiveBlogPage,
    LiveBlogUpdate,
    SectionPage,
    SiteSettings,
    TopicPage,
)
from dateline.news.translations import edition_front_page, page_language

FEED_SIZE = 30

# Which stories each kind of page syndicates: the name of the editorial QuerySet method.
STORIES_OF = {
    HomePage: "descendant_of",
    SectionPage: "in_section",
    TopicPage: "with_topic",
    AuthorPage: "by_author",
}

# Root-relative and relative addresses in rendered HTML; feed readers have no page to resolve
# them against, so full-text entries carry absolute ones.
URL_ATTRIBUTE = re.compile(r'\b(?P<name>src|href|srcset)="(?P<value>[^"]*)"')
# Characters XML 1.0 cannot carry: one of them in a headline would make the whole feed fail.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    return NOT_IN_XML.sub("", value) if isinstance(value, str) else value


class XmlSafe:
    """Feed text stripped of what XML cannot carry, whoever typed it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = {key: xml_text(value) for key, value in self.feed.items()}

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        item = self.items[-1]
        item.update({key: xml_text(value) for key, value in item.items()})
        item["categories"] = [xml_text(category) for category in item["categories"] or ()]


class StoryRss(XmlSafe, Rss201rev2Feed):
    """RSS 2.0 with the update time (atom:updated) and the optional full text (content:encoded)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        # RSS 2.0 has no element for an update, so a corrected story would look unchanged.
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class StoryAtom(XmlSafe, Atom1Feed):
    """Atom with the optional full text as <content type="html">."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


FEED_TYPES = {"rss": StoryRss, "atom": StoryAtom}


def has_feed(page):
    """Whether the page lists stories (or a live blog's updates) in a feed; asks its type, so
    a plain Page will do."""
    return page.specific_class in STORIES_OF or page.specific_class is LiveBlogPage


def feed_urls(page, request=None):
    """The absolute addresses of the page's feeds, by format, or {} when it has none: in the
    page's edition (/fa/feeds/rss/… for a Persian section)."""
    url_parts = page.get_url_parts(request) if has_feed(page) else None
    if url_parts is None:
        return {}
    _site_id, root_url, page_path = url_parts
    # In the page's edition, at the page's path within it: its URL less the edition's prefix,
    # decoded, as the feed's URL pattern matches it.
    with translation.override(page_language(page)):
        page_path = unquote(page_path).removeprefix(reverse("wagtail_serve", args=("",)))
        return {
            feed_format: root_url + reverse(
                "discovery:feed",
                kwargs={"feed_format": feed_format, "page_path": page_path.lstrip("/")})
            for feed_format in FEED_TYPES
        }


def absolute_urls(html, base_url):
    def absolute(match):
        if match["name"] == "srcset":
            candidates = [candidate.split() for candidate in match["value"].split(",")]
            value = ", ".join(
                " ".join([urljoin(base_url, url), *descriptor])
                for url, *descriptor in filter(None, candidates)
            )
        else:
            value = urljoin(base_url, match["value"])
        return f'{match["name"]}="{value}"'

    return URL_ATTRIBUTE.sub(absolute, html)


class PageFeed(Feed):
    """The newest published stories of one page: the front page, a section, topic or author.

    Made per request, because titles and links depend on the request's site.
    """

    def __init__(self, request, feed_format):
        self.request = request
        self.feed_format = feed_format
        self.feed_type = FEED_TYPES[feed_format]
        self.site_name = SiteSettings.for_request(request).display_name()

    def get_object(self, request, page_path):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404(_("No site answers at this address."))
        page = (
            Page.objects.live().public()
            .filter(url_path=edition_front_page(site).url_path + page_path).specific().first()
        )
        if page is None or not has_feed(page):
            raise Http404(_("No page with a feed lives at this address."))
        return page

    def title(self, page):
        if isinstance(page, HomePage):
            return self.site_name
        return f"{page.title} | {self.site_name}"

    def link(self, page):
        return page.get_full_url(self.request)

    def feed_url(self, page):
        # The page's own feed address at the site's public address, whatever Host, scheme or
        # query string the request came with.
        return feed_urls(page, self.request)[self.feed_format]

    def description(self, page):
        return page.search_description or _("The latest stories from %(name)s.") % {
            "name": self.title(page)
        }

    def items(self, page):
        if isinstance(page, LiveBlogPage):
            self.shown_keys = {cache_keys.feed_key(page), cache_keys.story_key(page.pk)}
            self.blog = page
            return page.shown_updates()[::-1][:FEED_SIZE]
        stories = ArticlePage.objects.readable()
        stories = getattr(stories, STORIES_OF[type(page)])(page)
        # Authors' and topics' names come from news.page_links, not a query per feed.
        items = list(stories.newest_first().with_byline_ids().with_topic_ids()[:FEED_SIZE])
        self.shown_keys = {cache_keys.feed_key(page), *cache_keys.story_keys(items)}
        return items

    def item_title(self, story):
        if isinstance(story, LiveBlogUpdate):
            return Truncator(update_text(story)).chars(110)
        return story.title

    def item_link(self, story):
        if isinstance(story, LiveBlogUpdate):
            return f"{self.blog.get_full_url(self.request)}#{story.anchor()}"
        return story.get_full_url(self.request)

    def item_guid(self, story):
        return self.item_link(story)

    def item_description(self, story):
        # Readers render an item's description (Atom: summary type="html") as HTML, and the
        # standfirst is plain text: escaped, "<script>" in it stays text.
        if isinstance(story, LiveBlogUpdate):
            return escape(update_text(story))
        return escape(story.standfirst)

    def item_pubdate(self, story):
        if isinstance(story, LiveBlogUpdate):
            return story.posted_at
        return story.published_at

    def item_updateddate(self, story):
        if isinstance(story, LiveBlogUpdate):
            return None
        return story.updated_at if story.was_updated() else None

    def item_author_name(self, story):
        if isinstance(story, LiveBlogUpdate):
            return story.author.title if story.author else None
        return ", ".join(author.title for author in story.byline_links(self.request)) or None

    def item_categories(self, story):
        if isinstance(story, LiveBlogUpdate):
            return []
        return [topic.title for topic in story.topic_links(self.request) if topic.live]

    def item_extra_kwargs(self, story):
        if not settings.FEED_FULL_TEXT:
            return {}
        link = self.item_link(story)
        return {"content": absolute_urls(str(story.body), link)}


def update_text(update):
    return strip_tags(update.body.render_as_block()).strip()


def page_feed(request, feed_format, page_path):
    feed = PageFeed(request, feed_format)
    return cache_keys.mark(feed(request, page_path=page_path), feed.shown_keys)


def site_feed_urls(site):
    """The addresses of the front page's feeds, which carry every story on the site."""
    return {
        feed_format: site.root_url + reverse(
            "discovery:feed", kwargs={"feed_format": feed_format, "page_path": ""}
        )
        for feed_format in FEED_TYPES
    }


from django import template
from django.utils.html import format_html_join

from wagtail.models import Page, Site

from dateline.discovery.feeds import feed_urls, site_feed_urls
from dateline.news.models import ArticlePage, LiveBlogPage, SectionPage, SiteSettings
from dateline.news.translations import edition_front_page

register = template.Library()

FORMATS = {"rss": ("application/rss+xml", "RSS"), "atom": ("application/atom+xml", "Atom")}


@register.simple_tag(takes_context=True)
def feed_links(context, page=None):
    """Feed autodiscovery: the page's own feed (an article's: its section's; a live blog's: its
    updates), then the site's."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return ""
    site_name = SiteSettings.for_request(request).display_name()
    # Error pages render base.html without a page.
    own = page if isinstance(page, Page) else None
    if isinstance(page, ArticlePage) and not isinstance(page, LiveBlogPage):
        # The router leaves the parent on the page; otherwise this reads it.
        parent = page.get_parent()
        own = parent if parent.live and parent.specific_class is SectionPage else None
    feeds = []
    # The front page's own feed is the site's feed, listed once below.
    front_page = edition_front_page(site)
    if own is not None and own.pk != front_page.pk and (urls := feed_urls(own, request)):
        feeds.append((f"{own.title} | {site_name}", urls))
    feeds.append((site_name, site_feed_urls(site)))
    links = []
    for title, urls in feeds:
        for feed_format, url in urls.items():
            media_type, label = FORMATS[feed_format]
            links.append((media_type, f"{title} ({label})", url))
    return format_html_join("\n", '<link rel="alternate" type="{}" title="{}" href="{}">', links)

"""What search engines and social networks read about a page: JSON-LD and OpenGraph.

Built as plain dicts and lists from the same fields the visible page shows, so a headline,
byline or date can never say one thing to readers and another to machines.
"""

import json
from urllib.parse import urljoin

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import strip_tags

from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from dateline.news import dates
from dateline.news.models import ArticlePage, HomePage, LiveBlogPage, SectionPage, SiteSettings
from dateline.news.templatetags.news_tags import breadcrumbs
from dateline.news.translations import page_language

# The site search lives at this path; the WebSite SearchAction points there.
SEARCH_URL_TEMPLATE = "?q={search_term_string}"  # after the edition's search address
# Google asks for 16:9, 4:3 and 1:1 versions of an article's image, at least 1200 wide.
ARTICLE_IMAGE_SPECS = ("fill-1200x675", "fill-1200x900", "fill-1200x1200")
PREVIEW_IMAGE_SPEC = ARTICLE_IMAGE_SPECS[0]
LOGO_SPEC = "height-60"
FALLBACK_LOGO = "dateline/img/publisher-logo.png"
FALLBACK_LOGO_SIZE = (600, 60)
SCHEMA = "https://schema.org"

# Escaped so that text such as "</script>" in a headline cannot end the script element.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def to_json_ld(data):
    return json.dumps(data, ensure_ascii=False).translate(SCRIPT_SAFE)


class SiteContext:
    """The request, its site and settings: what every builder below needs."""

    def __init__(self, request):
        self.request = request
        self.site = Site.find_for_request(request)
        self.settings = SiteSettings.for_request(request)

    def absolute(self, url):
        """A full URL on the same host as the pages' own (canonical) URLs."""
        if self.site is None:
            return self.request.build_absolute_uri(url)
        return urljoin(self.site.root_url + "/", url)

    def home_url(self):
        """The front page of the request's edition (/, /fa/)."""
        return self.absolute(reverse("wagtail_serve", args=("",)))


def printed(image, *specs):
    """The image's renditions, or None when its file is missing or no longer decodes: machines
    are then told of no image, and the page still answers."""
    try:
        return image.get_renditions(*specs)
    except SourceImageIOError:
        return None


def image_object(context, rendition):
    return {
        "@type": "ImageObject",
        "url": context.absolute(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
    }


def publisher_logo(context):
    """The site's logo, or Dateline's own when the site has none: Google requires one."""
    logo = context.settings.logo
    renditions = printed(logo, LOGO_SPEC) if logo is not None else None
    if renditions:
        return image_object(context, renditions[LOGO_SPEC])
    width, height = FALLBACK_LOGO_SIZE
    return {"@type": "ImageObject", "url": context.absolute(static(FALLBACK_LOGO)),
            "width": width, "height": height}


def organization(context):
    return {
        "@type": "Organization",
        "name": context.settings.display_name(),
        "url": context.home_url(),
        "logo": publisher_logo(context),
    }


def language_of(page):
    """The page's language as BCP 47 (its edition's): ``fa``, ``en``."""
    return page_language(page)


def news_article(article, context, trail):
    url = article.get_full_url(context.request)
    data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": article.title,
        "inLanguage": language_of(article),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "publisher": organization(context),
    }
    if article.published_at:  # a preview of a story never published has no dates yet
        data["datePublished"] = dates.iso_datetime(article.published_at)
        data["dateModified"] = dates.iso_datetime(article.modified_at())
    if article.standfirst:
        data["description"] = article.standfirst
    renditions = (printed(article.lead_image, *ARTICLE_IMAGE_SPECS)
                  if article.lead_image is not None else None)
    if renditions:
        data["image"] = [context.absolute(renditions[spec].url) for spec in ARTICLE_IMAGE_SPECS]
    authors = [
        {"@type": "Person", "name": author.title, "url": author.full_url}
        for author in article.byline_links(context.request)
    ]
    # An unsigned story is the newsroom's own.
    data["author"] = authors or [
        {"@type": "Organization", "name": context.settings.display_name(),
         "url": context.home_url()}
    ]
    if trail:
        data["articleSection"] = trail[-1].title
    keywords = [topic.title for topic in article.topic_links(context.request)]
    if keywords:
        data["keywords"] = keywords
    if isinstance(article, LiveBlogPage):
        data.update(live_blog_posting(article, url, data["author"]))
    return data


def live_blog_posting(blog, url, blog_authors):
    """What makes a story a ``LiveBlogPosting``: its coverage times and its shown updates,
    newest first, each a ``BlogPosting`` with its permanent link."""
    data = {"@type": "LiveBlogPosting"}
    if blog.published_at:
        data["coverageStartTime"] = dates.iso_datetime(blog.published_at)
    if blog.coverage_has_ended():
        data["coverageEndTime"] = dates.iso_datetime(blog.coverage_ended_at)
    data["liveBlogUpdate"] = [{
        "@type": "BlogPosting",
        "headline": strip_tags(update.body.render_as_block()).strip()[:110],
        "url": f"{url}#{update.anchor()}",
        "datePublished": dates.iso_datetime(update.posted_at),
        "articleBody": strip_tags(update.body.render_as_block()).strip(),
        "author": ([{"@type": "Person", "name": update.author.title,
                     "url": update.author.full_url}] if update.author else blog_authors),
    } for update in reversed(blog.shown_updates())]
    return data


def breadcrumb_list(page, context, trail):
    """The visible trail, with the front page before it and the page itself after it."""
    crumbs = [(context.settings.display_name(), context.home_url())]
    crumbs += [(crumb.title, crumb.get_full_url(context.request)) for crumb in trail]
    crumbs.append((page.title, page.get_full_url(context.request)))
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def website(home, context):
    url = home.get_full_url(context.request)
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": context.settings.display_name(),
        "url": url,
        "inLanguage": language_of(home),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint",
                       "urlTemplate": context.absolute(reverse("discovery:search"))
                       + SEARCH_URL_TEMPLATE},
            "query-input": "required name=search_term_string",
        },
    }


def organization_profile(context):
    data = {"@context": SCHEMA, **organization(context)}
    same_as = [url for _label, url in context.settings.social_links()]
    if same_as:
        data["sameAs"] = same_as
    return data


def structured_data(page, request):
    """The JSON-LD objects for a page, by kind of page; none for pages without a kind."""
    context = SiteContext(request)
    if isinstance(page, ArticlePage):
        trail = breadcrumbs(page)["trail"]
        return [news_article(page, context, trail), breadcrumb_list(page, context, trail)]
    if isinstance(page, SectionPage):
        return [breadcrumb_list(page, context, breadcrumbs(page)["trail"])]
    if isinstance(page, HomePage):
        return [website(page, context), organization_profile(context)]
    return []


def summary(page, settings):
    """The one-line description previews show; the same text as <meta name="description">."""
    if page.search_description:
        return page.search_description
    if isinstance(page, ArticlePage):
        return page.standfirst
    if isinstance(page, SectionPage):
        return strip_tags(page.intro).strip()
    if isinstance(page, HomePage):
        return settings.tagline
    return ""


def social_meta(page, request):
    """OpenGraph and Twitter card tags as (attribute, key, content) triples, in order."""
    context = SiteContext(request)
    is_article = isinstance(page, ArticlePage)
    tags = [
        ("property", "og:type", "article" if is_article else "website"),
        ("property", "og:title", page.seo_title or page.title),
        ("property", "og:url", page.get_full_url(request)),
        ("property", "og:site_name", context.settings.display_name()),
    ]
    description = summary(page, context.settings)
    if description:
        tags.append(("property", "og:description", description))
    image = page.lead_image if is_article else None
    renditions = printed(image, PREVIEW_IMAGE_SPEC) if image is not None else None
    if renditions:
        rendition = renditions[PREVIEW_IMAGE_SPEC]
        tags += [
            ("property", "og:image", context.absolute(rendition.url)),
            ("property", "og:image:width", str(rendition.width)),
            ("property", "og:image:height", str(rendition.height)),
            ("property", "og:image:alt", image.default_alt_text),
        ]
    if is_article and page.published_at:
        tags += [
            ("property", "article:published_time", dates.iso_datetime(page.published_at)),
            ("property", "article:modified_time", dates.iso_datetime(page.modified_at())),
        ]
    if is_article:
        tags.append(("property", "article:section", page.get_parent().title))
        tags += [("property", "article:tag", topic.title) for topic in page.topic_links(request)]
    tags += [
        ("name", "twitter:card", "summary_large_image" if image is not None else "summary"),
        ("name", "twitter:title", page.seo_title or page.title),
    ]
    if description:
        tags.append(("name", "twitter:description", description))
    if image is not None:
        tags.append(("name", "twitter:image:alt", image.default_alt_text))
    return tags

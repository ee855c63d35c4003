"""The titles and addresses of pages that stories link to by id: bylines and topic tags.

Every story card names its authors and every article its topics. Loading those pages for each
listing would cost queries on every request; instead a story carries their ids (see
``ArticlePageQuerySet.for_listing``) and their titles and URLs are remembered per site and
edition (``news.edition``), and per request, so a listing of thirty stories reads none.
"""

from dataclasses import dataclass

from wagtail.models import Page, Site

from dateline.news import edition


@dataclass(frozen=True)
class PageLink:
    title: str
    url: str
    full_url: str
    path: str
    slug: str
    live: bool

    @classmethod
    def to(cls, page, request):
        return cls(title=page.title, url=page.get_url(request) or "",
                   full_url=page.get_full_url(request) or "", path=page.path, slug=page.slug,
                   live=page.live)


def page_links(request, page_ids):
    """``{id: PageLink}`` for the pages that exist among ``page_ids``."""
    known = request.__dict__.setdefault("_dateline_page_links", {}) if request else {}
    wanted = [page_id for page_id in dict.fromkeys(page_ids) if page_id not in known]
    if wanted:
        site = Site.find_for_request(request)
        known.update(edition.remembered_many(
            "page-link", site.pk if site else "-", wanted,
            # Specific pages with their own fields deferred: a page type that builds its own
            # URLs (get_url_parts) still does, at no query per type.
            lambda ids: {page.pk: PageLink.to(page, request)
                         for page in Page.objects.filter(pk__in=ids).specific(defer=True)},
        ))
    return {page_id: known[page_id] for page_id in page_ids if page_id in known}


def links_in_order(request, page_ids):
    links = page_links(request, page_ids)
    return [links[page_id] for page_id in page_ids if page_id in links]

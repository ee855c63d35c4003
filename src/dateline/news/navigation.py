"""The front page's menu bar and footer links, remembered per edition (``news.edition``)."""

from django.utils.translation import get_language

from wagtail.models import Site

from dateline.news import edition
from dateline.news.models import ArticlePage, HomePage, SectionPage
from dateline.news.models.querysets import page_types_except
from dateline.news.page_links import PageLink
from dateline.news.translations import edition_front_page


def links_for(request):
    """The front page of the request's edition, its sections for the menu bar, and its other
    pages for the footer, as links (``PageLink``)."""
    site = Site.find_for_request(request)
    if site is None:
        return {"home": None, "sections": [], "footer_pages": []}
    return edition.remembered("navigation", site.pk, lambda: read_links(site, request),
                              get_language())


def read_links(site, request):
    home = HomePage.objects.filter(pk=edition_front_page(site).pk).first()
    if home is None:
        return {"home": None, "sections": [], "footer_pages": []}
    return {
        "home": PageLink.to(home, request),
        "sections": [PageLink.to(section, request)
                     for section in SectionPage.objects.in_menu_under(home)],
        "footer_pages": [PageLink.to(page, request)
                         for page in home.get_children().live()
                         .filter(content_type__in=page_types_except(ArticlePage, SectionPage))],
    }


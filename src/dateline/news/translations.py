"""The language editions of a site: an English and a Persian edition (``LANGUAGES``) under one
Wagtail site, each a tree of its own under its own front page, linked page by page as
translations (Wagtail's ``translation_key``).

The site's root page is the default language's front page; every other edition's front page
is its translation, and the request's language (the path's prefix, ``dateline.urls``) picks
which one a request is routed and listed from (``edition_front_page``). A page's translations
are what its ``<link rel="alternate" hreflang>`` links and the edition switch name.
Everything here is remembered per edition of what requests remember (``news.edition``), so an
edition costs a request no query.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_info

from wagtail.models import Locale, Page

from dateline.news import edition
from dateline.news.page_links import PageLink


@dataclass(frozen=True)
class Edition:
    """One language's version of a page (or, failing that, its edition's front page)."""

    code: str
    name: str
    direction: str
    link: PageLink
    is_translation: bool


def language_direction(code):
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


def edition_languages():
    return [code for code, _name in settings.LANGUAGES]


def page_language(page):
    """The language code of ``page``'s edition, without a query when its locale was loaded
    with it or read before in this edition."""
    if "locale" in page._state.fields_cache:
        return page.locale.language_code
    return edition.remembered(
        "locale", "-",
        lambda: Locale.objects.filter(pk=page.locale_id)
        .values_list("language_code", flat=True).first(),
        page.locale_id)


def locale_id(language=None):
    """The id of the locale of ``language`` (the active language by default): the edition its
    stories, almanac entries and banners belong to. A language without a locale of its own
    falls back to the default one, as Wagtail's ``Locale.get_active`` does."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE

    def read():
        with translation.override(language):
            return Locale.get_active().pk

    return edition.remembered("locale-id", "-", read, language)


def front_pages(home):
    """``{language code: front page}``: the live front pages of ``home``'s editions."""
    def read():
        pages = (type(home)._default_manager.live().select_related("locale")
                 .filter(translation_key=home.translation_key))
        return {page.locale.language_code: page for page in pages}

    return edition.remembered("front-pages", "-", read, home.translation_key)


def edition_front_page(site):
    """The front page of the active language's edition of ``site``: the site's root page, or
    its translation into the request's language. Listings, feeds, sitemaps, archives, search
    and the menu are read from below it."""
    root = site.root_page
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False) or not hasattr(root, "locale_id"):
        return root
    return front_pages(root).get(translation.get_language(), root)


def translation_links(page, request, site_id):
    """``{language code: PageLink}`` of ``page`` and its live translations."""
    def read():
        pages = (Page.objects.live().filter(translation_key=page.translation_key)
                 .select_related("locale").specific(defer=True))
        return {found.locale.language_code: PageLink.to(found, request) for found in pages}

    return edition.remembered("translations", site_id, read, page.translation_key)


def editions_of(page, request, site):
    """Every edition's version of ``page`` in ``LANGUAGES`` order, the page's own included:
    its translation where one is live, else that edition's front page (``is_translation``
    False). ``page`` may be None (a view that is not a page: search, archives): each edition's
    front page."""
    if site is None:
        return []
    own = (translation_links(page, request, site.pk)
           if page is not None and getattr(page, "translation_key", None) else {})
    fronts = (translation_links(site.root_page, request, site.pk)
              if hasattr(site.root_page, "translation_key") else {})
    editions = []
    for code in edition_languages():
        link, is_translation = own.get(code), True
        if link is None:
            link, is_translation = fronts.get(code), False
        if link is None or not link.url:
            continue
        with translation.override(code):
            name = get_language_info(code)["name_local"]
        editions.append(Edition(code=code, name=name, direction=language_direction(code),
                                link=link, is_translation=is_translation))
    return editions

"""One rule for the slug of every imported page, whichever importer files it.

The slug is the source's name for the page made into a slug in the site's slug style
(``news.slugs``: one spelling for Persian, letters kept or transliterated), or else
the fallback's, cut to ``max_length`` with no hyphen left at either end; the first of ``slug``,
``slug-2``, ``slug-3``… that no sibling has. A slug WordPress chose is kept whole: Wagtail's
255 characters, less room for the number, hold any of WordPress's 200. A slug made from a
headline (feeds, article pages, their bylines) is cut at ``HEADLINE_SLUG_LENGTH``: an address
is not the place for the whole headline.
"""

from wagtail.models import Page

from dateline.news.slugs import settings_for

SLUG_LENGTH = 240
HEADLINE_SLUG_LENGTH = 70


def unique_slug(parent, name, *, fallback="page", max_length=SLUG_LENGTH):
    site_settings = settings_for(parent)
    base = slug_of(site_settings, name, max_length) or \
        slug_of(site_settings, fallback, max_length) or "page"
    taken = set(
        Page.objects.child_of(parent).filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def slug_of(site_settings, text, max_length):
    return site_settings.slug(text)[:max_length].strip("-")

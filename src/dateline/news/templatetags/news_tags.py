from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

from wagtail.models import Site

from dateline.news import dates
from dateline.news.models import HomePage, SectionPage

register = template.Library()


@register.filter
def news_date(value, style="date"):
    return dates.format_date(value, style)


@register.simple_tag
def time_element(value, style="date", css_class=""):
    """<time> with the machine-readable datetime and the reader's text."""
    if value is None:
        return ""
    return format_html(
        '<time datetime="{}"{}>{}</time>',
        dates.iso_datetime(value),
        format_html(' class="{}"', css_class) if css_class else "",
        dates.format_date(value, style),
    )


@register.simple_tag
def site_today():
    return dates.today()


@register.simple_tag
def page_language(page=None):
    """`lang` and `dir` for <html>: the page's locale, else the active language."""
    code = get_language() or "en"
    locale = getattr(page, "locale", None)
    if locale is not None:
        code = locale.language_code
    try:
        bidi = get_language_info(code)["bidi"]
    except KeyError:
        bidi = False
    return {"code": code, "dir": "rtl" if bidi else "ltr"}


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """The home page, its sections for the menu bar, and its pages for the footer."""
    request = context.get("request")
    cache = getattr(request, "_dateline_navigation", None)
    if cache is not None:
        return cache
    site = Site.find_for_request(request) if request else None
    home = None
    if site is not None:
        home = HomePage.objects.filter(pk=site.root_page_id).first()
    navigation = {"home": home, "sections": [], "footer_pages": []}
    if home is not None:
        navigation["sections"] = list(SectionPage.objects.child_of(home).live().in_menu())
        navigation["footer_pages"] = list(home.get_children().live().not_type(SectionPage))
    if request is not None:
        request._dateline_navigation = navigation
    return navigation


@register.filter
def is_within(page, section):
    """True when the page is the section or filed under it (tree paths share a prefix)."""
    path = getattr(page, "path", None)
    return bool(path) and path.startswith(section.path)


@register.inclusion_tag("components/breadcrumbs.html")
def breadcrumbs(page, include_self=False):
    """The trail of sections above a page, from the front page's children down."""
    trail = list(page.get_ancestors(inclusive=include_self).live().filter(depth__gt=2))
    return {"trail": trail, "current": page if include_self else None}

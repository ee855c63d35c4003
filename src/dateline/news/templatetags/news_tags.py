from django import template
from django.conf import settings
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

from wagtail.models import Page, Site

from dateline.news import dates, edition, navigation, sockets, translations

register = template.Library()


@register.tag
def slot(parser, token):
    """``{% slot "aside" %}``: the templates other apps plugged into ``sockets.slots["aside"]``,
    rendered in order with the page's own context, so that a news template names no other app."""
    try:
        _, quoted_name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError('slot takes one name: {% slot "aside" %}') from None
    name = quoted_name.strip("\"'")
    if quoted_name[0] not in "\"'" or name not in sockets.slots:
        raise template.TemplateSyntaxError(
            f"slot names one of {', '.join(map(repr, sockets.SLOT_NAMES))}, not {quoted_name}")
    return SlotNode(sockets.slots[name])


class SlotNode(template.Node):
    def __init__(self, socket):
        self.socket = socket

    def render(self, context):
        engine = context.template.engine
        rendered = []
        for name in self.socket.plugs:
            # A plug's own variables ({% ... as name %}) stay inside it, as with {% include %}.
            with context.push():
                rendered.append(engine.get_template(name).render(context))
        return "".join(rendered)


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
def page_editions(context, page=None):
    """The page in each language edition (``translations.Edition``), and its ``hreflang``
    alternates: ``{"all": [...], "others": [...], "alternates": [(hreflang, url), ...],
    "name": the edition's name, empty for the default edition}``.
    ``others`` is what the edition switch offers: the translation where one is live, else
    that edition's front page."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    own_page = page if isinstance(page, Page) else None
    editions = translations.editions_of(own_page, request, site)
    language = page_language(own_page)["code"]
    alternates = [(item.code, item.link.full_url) for item in editions if item.is_translation]
    if not alternates:
        # Not a page (search, archives, the corrections log), or a page never published:
        # the address itself, in its own language.
        if site is not None and request is not None:
            alternates = [(language, site.root_url + request.path)]
    default = dict(alternates).get(settings.LANGUAGE_CODE) or dict(alternates).get(language)
    if default:
        alternates.append(("x-default", default))
    # The site's settings (name, tagline, blurb) are the default edition's; another edition
    # goes by its front page's title.
    front = translations.edition_front_page(site) if site is not None else None
    name = front.title if front is not None and front.pk != site.root_page.pk else ""
    return {"all": editions, "alternates": alternates, "name": name,
            "others": [item for item in editions if item.code != language]}


@register.simple_tag(takes_context=True)
def site_navigation(context):
    """The home page, its sections for the menu bar, and its pages for the footer, as links."""
    request = context.get("request")
    return navigation.links_for(request) if request is not None else {
        "home": None, "sections": [], "footer_pages": []}


@register.simple_tag(takes_context=True)
def related_news_box(context, article):
    """The Related News box, rendered once per edition for each story: the stories it lists
    change only with a publish, move or unpublish, or when the worker ranks similar stories
    again, and each of those starts a new edition. A preview shows the draft's own picks."""
    request = context.get("request")

    def render():
        return get_template("news/related_news_box.html").render(
            {"related_news": article.related_news(), "request": request})

    site = Site.find_for_request(request) if request is not None else None
    if site is None or getattr(request, "is_preview", False):
        return render()
    return edition.remembered("related_news_box", site.pk, render, article.pk, get_language())


@register.simple_tag(takes_context=True)
def bylines(context, article):
    return article.byline_links(context.get("request"))


@register.simple_tag(takes_context=True)
def topic_links(context, article):
    return article.topic_links(context.get("request"))


@register.filter
def is_within(page, section):
    """True when the page is the section or filed under it (tree paths share a prefix)."""
    path = getattr(page, "path", None)
    return bool(path) and path.startswith(section.path)


@register.inclusion_tag("components/breadcrumbs.html")
def breadcrumbs(page, include_self=False):
    """The trail of sections above a page, from the front page's children down."""
    return {"trail": trail_above(page, include_self), "current": page if include_self else None}


def trail_above(page, include_self=False):
    """The live pages above ``page`` below the front page. A page the router found knows its
    parents (``routing``), so no query is needed; any other asks for them."""
    if page.depth <= 3 or hasattr(page, "_cached_parent_obj"):
        ancestors = []
        parent = page.get_parent() if page.depth > 3 else None
        while parent is not None:
            ancestors.insert(0, parent)
            parent = parent.get_parent() if parent.depth > 3 else None
        trail = [ancestor for ancestor in ancestors if ancestor.live]
    else:
        trail = list(page.get_ancestors().live().filter(depth__gt=2))
    if include_self and page.live and page.depth > 2:
        trail.append(page)
    return trail

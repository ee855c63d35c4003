import hashlib

from django import template
from django.conf import settings
from django.core.cache import caches
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

from wagtail.models import Page, Site

from dateline.news import calendars, dates, edition, navigation, sharing, sockets, translations

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


@register.tag
def story_card_cache(parser, token):
    """``{% story_card_cache %}…{% end_story_card_cache %}`` around a story card: the card as
    rendered before for exactly the same inputs (see ``StoryCardNode.inputs``), else rendered
    and kept. The key is everything the card prints, so no change needs to remove one: a new
    headline, byline name, picture or template is a new key, and the old card is never read
    again."""
    nodelist = parser.parse(("end_story_card_cache",))
    parser.delete_first_token()
    source = parser.origin.loader.get_contents(parser.origin) if parser.origin.loader else ""
    return StoryCardNode(nodelist, hashlib.blake2b(source.encode(), digest_size=8).hexdigest())


class StoryCardNode(template.Node):
    KEEP_SECONDS = 24 * 3600

    def __init__(self, nodelist, template_digest):
        self.nodelist = nodelist
        self.template_digest = template_digest

    def render(self, context):
        inputs = self.inputs(context)
        if inputs is None:
            return self.nodelist.render(context)
        key = "dateline:card:" + hashlib.blake2b(repr(inputs).encode(),
                                                 digest_size=16).hexdigest()
        store = caches["fragments"]
        card = store.get(key)
        if card is None:
            card = self.nodelist.render(context)
            store.set(key, card, self.KEEP_SECONDS)
        # The card as its own template escaped it.
        return mark_safe(card)  # noqa: S308 # nosec B308, B703 # nosemgrep: dateline.mark-safe

    def inputs(self, context):
        """Everything the card prints: the story's own fields, its picture's file and focal
        area, its section's name, its byline names and addresses, its address as this request
        links it, the card's options, the language, the zone and how it is named, and the
        template. None (not
        kept) for a story read without its section's name or from an unsaved preview."""
        article = context.get("article")
        request = context.get("request")
        if article is None or article.pk is None or request is None \
                or getattr(request, "is_preview", False):
            return None
        show_section = bool(context.get("show_section"))
        if show_section and not getattr(article, "section_title", None):
            return None
        image = None
        if article.lead_image_id:
            picture = article.lead_image
            image = (picture.pk, picture.file.name, picture.width, picture.height,
                     picture.focal_point_x, picture.focal_point_y, picture.focal_point_width,
                     picture.focal_point_height)
        return (self.template_digest, article.pk, article.title, article.standfirst,
                article.get_url(request), article.published_at, image,
                article.section_title if show_section else None,
                [(link.title, link.url) for link in article.byline_links(request)],
                context.get("variant"), context.get("level"), show_section, get_language(),
                timezone.get_current_timezone_name(), dates.zone_label_style())


@register.filter
def news_date(value, style="date"):
    return dates.format_date(value, style)


@register.simple_tag
def time_element(value, style="date", css_class="", relative=False):
    """<time> with the machine-readable datetime and the reader's text.

    ``relative`` lets the page's script say "2 hours ago", or the time of day for a story of
    today: the server writes the date, so the cached page is never stale (reader.js)."""
    if value is None:
        return ""
    return format_html(
        '<time datetime="{}"{}{}>{}</time>',
        dates.iso_datetime(value),
        format_html(' class="{}"', css_class) if css_class else "",
        format_html(' data-relative data-time="{}"', dates.format_date(value, "time"))
        if relative else "",
        dates.format_date(value, style),
    )


@register.simple_tag
def site_today():
    return dates.today()


@register.filter
def numerals(value):
    """A count or page number as the page's readers write it: ۱۲ in the Persian edition."""
    return calendars.active().numerals(value)


@register.filter
def calendar_year(value):
    """The year of a date in the active language's calendar (1405 in the Persian edition), for
    addresses such as the archive's."""
    return calendars.active().parts(value)[0]


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


@register.inclusion_tag("components/share.html", takes_context=True)
def share_box(context, page):
    """Share and copy-link for ``page``, at its full address (the canonical one)."""
    url = page.get_full_url(context.get("request"))
    return {"url": url, "title": page.title, "networks": sharing.share_links(url, page.title)}

"""Imported HTML passes through nh3 before it is stored: only markup a story body needs."""

import html as html_module

import nh3

ALLOWED_TAGS = {
    "p", "br", "b", "strong", "i", "em", "u", "s", "sub", "sup", "a", "ul", "ol", "li",
    "blockquote", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "img", "code", "pre",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href"}, "img": {"src", "alt", "width", "height"}, "ol": {"start", "reversed"},
}
# What importers.body reads to choose blocks, before it writes each block's own clean markup:
# the page's structure (so that text in two boxes never runs together), tables, media and the
# block editor's class names. Never stored as it is.
STRUCTURE_TAGS = ALLOWED_TAGS | {
    "div", "section", "article", "aside", "header", "footer", "main", "nav", "address",
    "span", "mark", "abbr", "small", "kbd", "q", "time", "del", "ins", "dfn", "var", "samp",
    "cite", "hr", "dl", "dt", "dd", "details", "summary", "h1",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
    "audio", "video", "source", "iframe",
}
STRUCTURE_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "*": {"class"},
    "th": {"colspan", "rowspan", "scope"}, "td": {"colspan", "rowspan"},
    "audio": {"src"}, "video": {"src", "poster"}, "source": {"src", "type"},
    "iframe": {"src", "title"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Unwrapping markup can uncover more (text that was "&lt;b&gt;" is "<b>" once unescaped); a
# few passes reach text with none left, and no real headline nests deeper.
PLAIN_TEXT_PASSES = 8


def clean_html(html, *, structure=False):
    """Markup safe to store and render: no scripts, handlers, styles or javascript: URLs.

    Cleaning is idempotent: cleaning clean HTML changes nothing. ``structure`` keeps what
    importers.body reads to choose blocks (tables, boxes, media, class names).
    """
    cleaned = nh3.clean(
        html or "",
        tags=STRUCTURE_TAGS if structure else ALLOWED_TAGS,
        attributes=STRUCTURE_ATTRIBUTES if structure else ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    # A byte-order mark that a removed comment left at the start would be dropped by the
    # next parse, so cleaning again would change the text.
    return cleaned.lstrip("\ufeff")


def plain_text(html):
    """Text without any markup, e.g. for headlines and standfirsts; markup that unescaping
    uncovers is removed too, so that the text is the same however often it is cleaned."""
    text = html or ""
    for _ in range(PLAIN_TEXT_PASSES):
        unwrapped = html_module.unescape(nh3.clean(text, tags=set())).strip()
        if unwrapped == text:
            break
        text = unwrapped
    return text

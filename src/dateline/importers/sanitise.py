"""Imported HTML passes through nh3 before it is stored: only markup a story body needs."""

import html as html_module

import nh3

ALLOWED_TAGS = {
    "p", "br", "b", "strong", "i", "em", "u", "s", "sub", "sup", "a", "ul", "ol", "li",
    "blockquote", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "img", "code", "pre",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "width", "height"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Unwrapping markup can uncover more (text that was "&lt;b&gt;" is "<b>" once unescaped); a
# few passes reach text with none left, and no real headline nests deeper.
PLAIN_TEXT_PASSES = 8


def clean_html(html):
    """Markup safe to store and render: no scripts, handlers, styles or javascript: URLs.

    Cleaning is idempotent: cleaning clean HTML changes nothing.
    """
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
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

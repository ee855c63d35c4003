"""Imported HTML passes through nh3 before it is stored: only markup a story body needs."""

import html as html_module

import nh3

ALLOWED_TAGS = {
    "p", "br", "b", "strong", "i", "em", "u", "s", "sub", "sup", "a", "ul", "ol", "li",
    "blockquote", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "img", "code", "pre",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "width", "height"}}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(html):
    """Markup safe to store and render: no scripts, handlers, styles or javascript: URLs.

    Cleaning is idempotent: cleaning clean HTML changes nothing.
    """
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def plain_text(html):
    """Text without any markup, e.g. for headlines and standfirsts."""
    return html_module.unescape(nh3.clean(html or "", tags=set())).strip()

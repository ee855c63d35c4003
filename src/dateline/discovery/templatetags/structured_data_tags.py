from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from wagtail.models import Page

from dateline.discovery import structured_data as builders

register = template.Library()


def page_and_request(context, page):
    """Both, or None on pages Wagtail does not serve (archives, error pages)."""
    request = context.get("request")
    if request is None or not isinstance(page, Page):
        return None
    return page, request


@register.simple_tag(takes_context=True)
def structured_data(context, page):
    """<script type="application/ld+json"> elements describing the page to search engines."""
    found = page_and_request(context, page)
    if found is None:
        return ""
    return format_html_join(
        "\n", '<script type="application/ld+json">{}</script>',
        ((json_ld(item),) for item in builders.structured_data(*found)),
    )


def json_ld(item):
    escaped = builders.to_json_ld(item)
    # to_json_ld escapes "<", ">" and "&", so the JSON is safe inside the element.
    return mark_safe(escaped)  # nosec B308, B703 # nosemgrep: dateline.mark-safe # escaped


@register.simple_tag(takes_context=True)
def social_meta(context, page):
    """OpenGraph and Twitter card <meta> elements for link previews."""
    found = page_and_request(context, page)
    if found is None:
        return ""
    return format_html_join(
        "\n", "{}", (
            (format_html('<meta {}="{}" content="{}">', attribute, key, content),)
            for attribute, key, content in builders.social_meta(*found)
        ),
    )

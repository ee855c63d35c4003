from django import template

from wagtail.models import Site

from dateline.newsroom.banner import showing_banner

register = template.Library()


@register.inclusion_tag("newsroom/breaking_news_banner.html", takes_context=True)
def breaking_news_banner(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return {"banner": showing_banner(site) if site is not None else None}

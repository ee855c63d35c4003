from django import template
from django.conf import settings

from dateline.readership import most_read

register = template.Library()


@register.inclusion_tag("readership/most_read_box.html", takes_context=True)
def most_read_box(context):
    """The edition's Most read box; nothing when nothing was read in the last 24 hours."""
    request = context.get("request")
    if request is None or not settings.MOST_READ_ENABLED:
        return {"stories": []}
    return {"stories": most_read.box(request)}

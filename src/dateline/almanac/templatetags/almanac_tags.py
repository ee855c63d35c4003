from django import template

from dateline.almanac.models import OnThisDayPage, on_this_day_for
from dateline.news import dates

register = template.Library()

PANEL_ENTRIES = 3
PANEL_STORIES = 3


@register.inclusion_tag("almanac/on_this_day_panel.html", takes_context=True)
def on_this_day_panel(context):
    """Today's almanac in a sidebar box; renders nothing when the day has nothing to show."""
    today = dates.today()
    shown = on_this_day_for(today, archive_limit=PANEL_STORIES)
    almanac_page = OnThisDayPage.objects.live().first()
    return {
        "request": context.get("request"),
        "day": today,
        "entries": shown["entries"][:PANEL_ENTRIES],
        "stories": shown["stories"],
        "more_url": almanac_page.url if almanac_page else None,
    }

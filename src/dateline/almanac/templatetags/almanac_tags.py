from django import template
from django.utils import translation

from wagtail.models import Site

from dateline.almanac.models import OnThisDayPage, on_this_day_for
from dateline.news import dates, edition, translations

register = template.Library()

PANEL_ENTRIES = 3
PANEL_STORIES = 3


@register.inclusion_tag("almanac/on_this_day_panel.html", takes_context=True)
def on_this_day_panel(context):
    """Today's almanac in a sidebar box; renders nothing when the day has nothing to show.

    The same box shows on every article and the front page all day, so it is read once per
    site, day and edition (``news.edition``), not on each request."""
    request = context.get("request")
    today = dates.today()
    site = Site.find_for_request(request) if request is not None else None
    # Each language's box has its own calendar (the Persian edition's is Solar Hijri).
    panel = edition.remembered("on-this-day-panel", site.pk if site else "-",
                               lambda: read_panel(today, request), today.isoformat(),
                               translation.get_language())
    return {"request": request, **panel}


def read_panel(today, request):
    shown = on_this_day_for(today, archive_limit=PANEL_STORIES)
    pages = OnThisDayPage.objects.live().from_own_table()
    # The edition's own On This Day page; an edition without one links to the default's.
    almanac_page = pages.filter(locale_id=translations.locale_id()).first() or pages.first()
    return {
        "day": today,
        "entries": [{"shown_year": entry.shown_year, "text": entry.text}
                    for entry in shown["entries"][:PANEL_ENTRIES]],
        "stories": [{"title": story.title, "url": story.get_url(request),
                     "published_at": story.published_at} for story in shown["stories"]],
        "more_url": almanac_page.get_url(request) if almanac_page else None,
    }

"""The admin shows dates as the site does ("6 December 2026, 23:18 GMT"), from the same date
styles (``news.dates``), not in Django's US style ("Dec. 6, 2026, 11:18 p.m.")."""

import datetime

import pytest

from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, timezone, translation

from wagtail.utils.timestamps import render_timestamp

from dateline.news import calendars
from dateline.news.dates import format_date, pattern

MOMENT = datetime.datetime(2026, 12, 6, 23, 18, tzinfo=datetime.UTC)


@pytest.mark.parametrize("code", sorted({code for code, _name in settings.LANGUAGES} | {"fa"}))
def test_djangos_named_formats_are_the_sites_date_styles_in_every_language(code):
    with translation.override(code), timezone.override(datetime.UTC):
        for named, style in [("DATE_FORMAT", "date"), ("DATETIME_FORMAT", "datetime"),
                             ("SHORT_DATETIME_FORMAT", "datetime"), ("TIME_FORMAT", "time"),
                             ("MONTH_DAY_FORMAT", "day"), ("YEAR_MONTH_FORMAT", "month")]:
            # The |date filter of the admin's templates, in the language's calendar.
            shown = Template(f'{{{{ moment|date:"{named}" }}}}').render(
                Context({"moment": MOMENT}))
            assert shown == format_date(MOMENT, style), named
            if calendars.active() is calendars.GREGORIAN:
                assert formats.date_format(MOMENT, named) == shown, named


def test_wagtails_timestamps_read_like_the_sites():
    with translation.override("en"), timezone.override(datetime.UTC):
        assert render_timestamp(MOMENT) == "6 December 2026, 23:18 UTC"


@pytest.mark.django_db
def test_the_page_explorer_dates_each_page_in_the_sites_style_and_zone(editor_client, draft,
                                                                         newsroom):
    draft.save_revision()
    draft.refresh_from_db()
    response = editor_client.get(reverse("wagtailadmin_explore", args=[newsroom.section.pk]))
    html = response.content.decode()
    with timezone.override(newsroom.settings.zone()):
        shown = format_date(draft.latest_revision_created_at, "datetime")
    assert f'data-w-tooltip-content-value="{shown}"' in html
    assert " p.m." not in html and " a.m." not in html


@pytest.mark.django_db
def test_the_admins_javascript_catalog_carries_the_sites_formats(editor_client):
    response = editor_client.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    with translation.override("en"):
        assert f'"DATETIME_FORMAT": "{pattern("datetime")}"' in response.content.decode()

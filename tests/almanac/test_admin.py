"""Editors open the On This Day page and edit almanac entries in the admin."""

import pytest

from django.urls import reverse

from dateline.almanac.models import AlmanacEntry
from tests.almanac.factories import AlmanacEntryFactory

pytestmark = pytest.mark.django_db


def test_the_on_this_day_page_opens_for_editing(admin_client, newsroom):
    response = admin_client.get(reverse("wagtailadmin_pages:edit",
                                        args=[newsroom.on_this_day.pk]))
    assert response.status_code == 200


def test_almanac_entries_are_listed_and_edited_as_snippets(admin_client, newsroom):
    entry = AlmanacEntryFactory(approved=False)
    listing = admin_client.get(reverse("wagtailsnippets_almanac_almanacentry:list"))
    assert listing.status_code == 200
    edit = admin_client.get(reverse("wagtailsnippets_almanac_almanacentry:edit",
                                     args=[entry.pk]))
    assert edit.status_code == 200
    response = admin_client.post(
        reverse("wagtailsnippets_almanac_almanacentry:edit", args=[entry.pk]),
        {"month": "2", "day": "30", "year": "1900", "text": "Impossible", "link": ""},
    )
    assert response.status_code == 200  # the form comes back with the error
    entry.refresh_from_db()
    assert entry.day == 28
    assert AlmanacEntry.objects.filter(text="Impossible").count() == 0


def listing(client, query=""):
    response = client.get(reverse("wagtailsnippets_almanac_almanacentry:list") + query)
    assert response.status_code == 200
    return response.content.decode()


def rows(html):
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("</tr>")[:-1]


def cells(row):
    """The text of a row's plain cells (the title cell holds links and menus)."""
    return [" ".join(cell.split("</td>")[0].split()) for cell in row.split("<td >")[1:]]


def test_the_listing_has_day_and_month_columns_and_says_approved_in_words(admin_client,
                                                                         newsroom):
    AlmanacEntryFactory(month=12, day=21, year=None, text="Yalda night.", approved=True)
    AlmanacEntryFactory(month=1, day=4, year=1948, text="Burma became independent.",
                        approved=False)
    html = listing(admin_client)
    headers = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    for label in ("Entry", "Day", "Month", "Year", "Calendar", "Status"):
        assert label in headers
    yalda = next(cells(row) for row in rows(html) if "Yalda" in row)
    burma = next(cells(row) for row in rows(html) if "Burma" in row)
    assert yalda[-5:] == ["21", "December", "", "Gregorian", "Approved"]
    assert burma[-5:] == ["4", "January", "1948", "Gregorian", "Awaiting approval"]
    assert ">True<" not in html.replace(" ", "") and ">False<" not in html.replace(" ", "")


def test_a_solar_hijri_entry_is_listed_with_its_persian_month(admin_client, newsroom):
    AlmanacEntryFactory(calendar="solar_hijri", month=11, day=22, year=1357,
                        text="The revolution won.", approved=True)
    revolution = next(cells(row) for row in rows(listing(admin_client)) if "revolution" in row)
    assert revolution[-5:] == ["22", "بهمن", "1357", "Solar Hijri", "Approved"]


def test_the_listing_runs_through_the_calendar_and_turns_back_on_request(admin_client,
                                                                        newsroom):
    for month, day, year in [(12, 31, 1600), (1, 2, 1492), (3, 5, 1990), (1, 2, 1900)]:
        AlmanacEntryFactory(month=month, day=day, year=year, text=f"Entry of {year}.")
    order = [row.split("Entry of ")[1][:4] for row in rows(listing(admin_client))]
    assert order == ["1492", "1900", "1990", "1600"]
    order = [row.split("Entry of ")[1][:4]
             for row in rows(listing(admin_client, "?ordering=-calendar_position"))]
    assert order[0] == "1600" and order[-1] in ("1492", "1900")


def test_the_month_picker_shows_one_month(admin_client, newsroom):
    AlmanacEntryFactory(month=12, day=16, year=1773, text="Tea went into Boston harbour.")
    AlmanacEntryFactory(month=1, day=24, year=1848, text="Gold was found in California.")
    html = listing(admin_client, "?month=12")
    assert "Tea went into Boston harbour." in html
    assert "Gold was found in California." not in html
    assert '<option value="12" selected>12: December / اسفند</option>' in html


def test_long_entries_are_cut_after_a_whole_word():
    entry = AlmanacEntry(month=1, day=1, text="The Covenant of the League of Nations came "
                         "into force, formally establishing the first worldwide "
                         "intergovernmental organisation for peace.")
    excerpt = entry.excerpt(length=60)
    assert excerpt == "The Covenant of the League of Nations came into force…"
    assert len(excerpt) <= 61
    assert AlmanacEntry(month=1, day=1, text="Short.").excerpt() == "Short."


def test_an_editor_translates_an_entry_and_the_copy_waits_for_approval(admin_client, editions):
    english = AlmanacEntryFactory(month=12, day=7, year=1941, text="Pearl Harbor was attacked.")
    response = admin_client.post(
        f"/admin/translation/submit/snippet/almanac/almanacentry/{english.pk}/",
        {"locales": [editions.fa_home.locale_id]})
    assert response.status_code == 302
    copy = english.get_translation(editions.fa_home.locale)
    assert (copy.calendar, copy.month, copy.day, copy.year) == ("gregorian", 12, 7, 1941)
    assert not copy.approved

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

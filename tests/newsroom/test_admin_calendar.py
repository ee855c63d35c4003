"""Staff who use the admin in Persian read its dates in the Solar Hijri calendar: listings,
a page's dates and the date fields; what is typed and stored stays Gregorian."""

import datetime
import html

import pytest

from wagtail.users.models import UserProfile

from tests import factories
from tests.admin_forms import edit_url

pytestmark = pytest.mark.django_db
PUBLISHED = datetime.datetime(2026, 12, 7, 7, 0, tzinfo=datetime.UTC)  # 16 Azar 1405


@pytest.fixture
def persian_editor(client, desk):
    UserProfile.objects.update_or_create(user=desk.editor,
                                         defaults={"preferred_language": "fa"})
    client.force_login(desk.editor)
    return client


@pytest.fixture
def story(desk):
    story = factories.ArticlePageFactory(parent=desk.section, title="The bridge opens",
                                         published_at=PUBLISHED)
    story.save_revision().publish()
    return story


def test_a_persian_editor_sees_each_date_field_in_the_solar_hijri_calendar(persian_editor,
                                                                           story):
    page = html.unescape(persian_editor.get(edit_url(story)).content.decode())
    assert 'data-dateline-calendar-of="id_published_at"' in page
    assert "دوشنبه ۱۶ آذر ۱۴۰۵، ۰۷:۰۰" in page
    # The field itself keeps the Gregorian value the form reads.
    assert 'value="2026-12-07 07:00"' in page


def test_a_persian_editor_reads_listings_in_the_solar_hijri_calendar(persian_editor, desk,
                                                                     story):
    listing = html.unescape(persian_editor.get(f"/admin/pages/{desk.section.pk}/").content
                            .decode())
    assert "آذر ۱۴۰۵" in listing
    history = html.unescape(persian_editor.get(f"/admin/pages/{story.pk}/history/").content
                            .decode())
    assert "آذر ۱۴۰۵" in history


def test_an_english_editor_sees_no_second_calendar(editor_client, story):
    page = editor_client.get(edit_url(story)).content.decode()
    assert "data-dateline-calendar-of" not in page
    assert "آذر" not in page

import datetime
import zoneinfo

import pytest

from django.utils import timezone, translation

from dateline.news.dates import format_date, iso_datetime, place_name, zone_labels

LONDON = zoneinfo.ZoneInfo("Europe/London")
TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
UTC = datetime.UTC


def test_a_story_filed_before_midnight_utc_is_dated_the_next_day_in_tehran():
    late_evening_utc = datetime.datetime(2026, 3, 5, 22, 0, tzinfo=UTC)
    with timezone.override(TEHRAN), translation.override("en"):
        assert format_date(late_evening_utc) == "6 March 2026"
        assert iso_datetime(late_evening_utc) == "2026-03-06T01:30:00+03:30"


def test_midnight_in_london_around_the_clock_change():
    # 29 March 2026, 00:30 UTC is 00:30 GMT; 01:30 UTC is 02:30 BST (clocks went forward).
    before = datetime.datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    after = datetime.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    with timezone.override(LONDON), translation.override("en"):
        assert format_date(before, "datetime") == "29 March 2026, 00:30 GMT"
        assert format_date(after, "datetime") == "29 March 2026, 02:30 BST"


def test_the_autumn_clock_change_keeps_the_date_at_midnight():
    # 24 October 2026, 23:30 UTC is already 25 October, 00:30 BST in London.
    value = datetime.datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
    with timezone.override(LONDON), translation.override("en"):
        assert format_date(value) == "25 October 2026"
        assert iso_datetime(value) == "2026-10-25T00:30:00+01:00"


def test_dates_without_times_are_formatted_as_they_are():
    with translation.override("en"):
        assert format_date(datetime.date(2024, 2, 29), "day") == "29 February"
        assert format_date(datetime.date(2024, 2, 29), "masthead") == "Thursday, 29 February 2024"


def test_nothing_to_format_gives_empty_text():
    assert format_date(None) == ""


def test_an_unknown_style_names_the_styles_there_are():
    with pytest.raises(ValueError, match="masthead"):
        format_date(datetime.date(2026, 1, 1), "fancy")


@pytest.mark.parametrize(("style", "zone", "expected"), [
    # The time zone database gives Iran only an offset; readers say IRST, or "Tehran time".
    ("abbreviation", "Asia/Tehran", "5 March 2026, 10:23 IRST"),
    ("place", "Asia/Tehran", "5 March 2026, 10:23 Tehran time"),
    # Sao Paulo's "-03" likewise; a zone with a real abbreviation keeps it.
    ("abbreviation", "America/Sao_Paulo", "5 March 2026, 10:23 BRT"),
    ("abbreviation", "Europe/London", "5 March 2026, 10:23 GMT"),
    ("place", "Europe/London", "5 March 2026, 10:23 London time"),
    ("place", "America/Argentina/Buenos_Aires", "5 March 2026, 10:23 Buenos Aires time"),
    # No known abbreviation: the place, never the offset.
    ("abbreviation", "Asia/Almaty", "5 March 2026, 10:23 Almaty time"),
    ("place", "UTC", "5 March 2026, 10:23 UTC"),
])
def test_times_name_the_zone_as_readers_say_it_never_as_an_offset(style, zone, expected):
    zone = zoneinfo.ZoneInfo(zone)
    value = datetime.datetime(2026, 3, 5, 10, 23, tzinfo=zone)
    with timezone.override(zone), translation.override("en"), zone_labels(style):
        assert format_date(value, "datetime") == expected
        # Machines still read the offset.
        assert iso_datetime(value) == value.isoformat(timespec="seconds")


def test_a_zone_label_with_format_letters_is_written_as_it_is():
    # "Yerevan time" holds letters that are date formats ("Y", "e", "a", "t", "i", "m").
    yerevan = zoneinfo.ZoneInfo("Asia/Yerevan")
    value = datetime.datetime(2026, 3, 5, 10, 23, tzinfo=yerevan)
    with timezone.override(yerevan), translation.override("en"), zone_labels("place"):
        assert format_date(value, "time") == "10:23 Yerevan time"


def test_the_zone_s_city_is_named_in_the_edition_s_language():
    tehran = zoneinfo.ZoneInfo("Asia/Tehran")
    value = datetime.datetime(2026, 3, 5, 10, 23, tzinfo=tehran)
    with timezone.override(tehran), translation.override("fa"), zone_labels("place"):
        label = format_date(value, "time")
    assert label.endswith("به وقت تهران") and "Tehran" not in label
    # A zone CLDR does not know keeps the city its key names.
    assert place_name("Nowhere/Some_City", "fa") == "Some City"

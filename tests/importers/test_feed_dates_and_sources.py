"""Feeds: dates without a zone are read in the subscription's zone and never published on
their own; dates in other languages are read; each story keeps its source link, which also
recognises the entry again; a re-run with --publish publishes earlier drafts or says why not
(issue 18, class 5)."""

import datetime
import zoneinfo
from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from dateline.importers.feeds.reading import parse_feed, read_date
from dateline.importers.models import ImportedItem
from dateline.news.models import ArticlePage

pytestmark = pytest.mark.django_db
TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")


def rss(*items):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Valley Wire</title><link>https://wire.example/</link>
<description>News</description>{"".join(items)}</channel></rss>"""


def entry(guid, title, date):
    slug = title.lower().replace(" ", "-")
    return f"""<item><title>{title}</title><link>https://wire.example/{slug}/</link>
<guid isPermaLink="false">{guid}</guid><pubDate>{date}</pubDate>
<description>&lt;p&gt;{title}, as the wire reported it this afternoon.&lt;/p&gt;</description>
</item>"""


WIRE = rss(
    entry("w-1", "Zoneless afternoon", "Sat, 16 Dec 2023 14:02:33"),
    entry("w-2", "Spanish date", "16 dic 2023"),
    entry("w-3", "Zoned afternoon", "Sat, 16 Dec 2023 14:02:33 +0000"),
    entry("w-4", "Time alone", "02:02:33 PM"),
)


def import_feed(path, *args):
    output = StringIO()
    call_command("import_feed", str(path), "--section", "caucasus", *args, stdout=output)
    return output.getvalue()


@pytest.fixture
def wire(tmp_path):
    path = tmp_path / "wire.xml"
    path.write_text(WIRE, encoding="utf-8")
    return path


def story(title):
    return ArticlePage.objects.get(title=title)


def test_dates_are_read_with_or_without_a_zone_and_in_other_languages():
    assert read_date("Sat, 16 Dec 2023 14:02:33") == datetime.datetime(2023, 12, 16, 14, 2, 33)
    assert read_date("16 dic 2023") == datetime.datetime(2023, 12, 16)
    assert read_date("3 января 2024 10:00") == datetime.datetime(2024, 1, 3, 10, 0)
    assert read_date("Sat, 16 Dec 2023 14:02:33 +0330") == datetime.datetime(
        2023, 12, 16, 10, 32, 33, tzinfo=datetime.UTC)
    # A time alone names no day: it is not a date; nor is damage.
    assert read_date("02:02:33 PM") is None
    for damaged in ("99999999 dic 99999999", "31 February 2024", "\x00" * 50, "9" * 400):
        assert read_date(damaged) is None
    _title, entries = parse_feed(WIRE.encode())
    assert [each.published.tzinfo is None if each.published else None for each in entries] == [
        True, True, False, None]


def test_a_zoneless_date_is_read_in_the_given_zone_flagged_and_never_published(newsroom, wire):
    output = import_feed(wire, "--publish", "--time-zone", "Asia/Tehran")
    zoneless = story("Zoneless afternoon")
    assert zoneless.published_at == datetime.datetime(2023, 12, 16, 14, 2, 33, tzinfo=TEHRAN)
    assert not zoneless.live
    assert ("No time zone in the date of 'Zoneless afternoon': read as Asia/Tehran time, and "
            "left as a draft for an editor to check.") in output
    spanish = story("Spanish date")
    assert spanish.published_at == datetime.datetime(2023, 12, 16, tzinfo=TEHRAN)
    assert not spanish.live
    assert story("Zoned afternoon").live
    assert not story("Time alone").live and story("Time alone").published_at is None


def test_without_a_zone_given_the_sites_zone_reads_the_date(newsroom, wire):
    newsroom.settings.time_zone = "Asia/Tehran"
    newsroom.settings.save()
    import_feed(wire)
    assert story("Zoneless afternoon").published_at == datetime.datetime(
        2023, 12, 16, 10, 32, 33, tzinfo=datetime.UTC)


def test_a_bad_zone_is_refused_with_a_clear_error(newsroom, wire):
    with pytest.raises(CommandError, match="'Mars/Olympus' is not a time zone"):
        import_feed(wire, "--time-zone", "Mars/Olympus")


def test_the_source_link_is_kept_shown_when_credited_and_recognises_the_entry(newsroom, wire,
                                                                              client):
    import_feed(wire, "--publish", "--credit-source")
    zoned = story("Zoned afternoon")
    assert zoned.source_url == "https://wire.example/zoned-afternoon/"
    html = client.get(zoned.url).content.decode()
    assert ('Originally published at <a href="https://wire.example/zoned-afternoon/" '
            'rel="noopener">') in html
    # The wire moved platforms: new ids, same addresses, one corrected headline.
    wire.write_text(WIRE.replace('"false">w-', '"false">new-').replace(
        "Zoned afternoon</title>", "Zoned afternoon, corrected</title>"), encoding="utf-8")
    output = import_feed(wire)
    # Recognised by their links: updated under their new ids, none imported twice.
    assert "0 imported, 4 updated, 0 unchanged, 0 skipped." in output
    assert ArticlePage.objects.count() == 4
    assert ImportedItem.objects.filter(source_id="new-3").exists()


def test_a_rerun_with_publish_publishes_earlier_drafts_or_says_why_not(newsroom, wire):
    import_feed(wire)
    assert not ArticlePage.objects.filter(live=True).exists()
    output = import_feed(wire, "--publish")
    assert story("Zoned afternoon").live
    assert "Published 'Zoned afternoon', left as a draft by an earlier run." in output
    assert ("Not published 'Zoneless afternoon': its date has no time zone: check the time "
            "and publish it in the admin.") in output
    assert ("Not published 'Time alone': it has no date that can be read: set one and "
            "publish it in the admin.") in output
    assert not story("Zoneless afternoon").live


def test_a_dry_run_reports_the_counts_the_real_run_makes_and_they_add_up(newsroom, wire):
    entries = parse_feed(WIRE.encode())[1]
    for options in ((), ("--publish",)):
        rehearsal = import_feed(wire, "--dry-run", *options)
        real = import_feed(wire, *options)
        assert rehearsal.replace("would be ", "").replace("Would publish", "Published") == real
        counts = [int(part.split()[0]) for part in real.splitlines()[0].rstrip(".").split(", ")]
        assert sum(counts) == len(entries)


def test_what_an_entry_loses_on_the_way_in_is_named_in_the_dry_run_and_the_real_run(
        newsroom, tmp_path):
    path = tmp_path / "pictures.xml"
    path.write_text(rss(
        "<item><title>Flood photos</title><link>https://wire.example/flood/</link>"
        "<pubDate>Sat, 16 Dec 2023 14:02:33 +0000</pubDate><description>&lt;p&gt;The quay."
        "&lt;img src=\"https://wire.example/quay.jpg\"&gt;&lt;/p&gt;&lt;audio src=\""
        "https://wire.example/sirens.mp3\"&gt;&lt;/audio&gt;</description></item>"),
        encoding="utf-8")
    named = ("Changed on the way in, 'Flood photos': 1 picture(s) left out, as a feed's "
             "pictures are not fetched (captions kept as text): https://wire.example/quay.jpg.")
    assert named in import_feed(path, "--dry-run")
    output = import_feed(path)
    assert named in output
    assert ("Changed on the way in, 'Flood photos': audio linked to its file at "
            "https://wire.example/sirens.mp3.") in output

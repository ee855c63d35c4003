"""A newsroom that moves from WordPress: `new_site` then `import_wordpress` with no step
between, and `import_wordpress` alone on a fresh database, which starts the newsroom itself."""

import datetime
import io
import zoneinfo
from pathlib import Path

import pytest

from django.core.management import CommandError, call_command

from wagtail.models import Page, Site

from dateline.importers.wordpress.parse import Item, read_export
from dateline.importers.wordpress.site_facts import (
    WP_DATE,
    channel_head,
    language_of,
    time_zone_of,
)
from dateline.news.models import ArticlePage, HomePage, PlainPage, SectionPage, SiteSettings
from tests.founding.conftest import tree

WXR_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "wxr"
needs_wxr = pytest.mark.skipif(
    not (WXR_DIR / "small-export.xml").exists(),
    reason=f"the shared WordPress exports are not at {WXR_DIR} (../shared/data/wxr)")


def run(command, *args, **options):
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@needs_wxr
@pytest.mark.django_db
def test_new_site_then_import_wordpress_needs_no_step_between(fresh_database):
    run("new_site", "--name", "Kestrel Post", "--sections", "News",
        "--admin-email", "chief@kestrel.example", "--time-zone", "Europe/Lisbon",
        interactive=False)
    output = run("import_wordpress", str(WXR_DIR / "small-export.xml"))

    assert "No newsroom yet" not in output
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert home.title == "Kestrel Post"
    # small-export.xml holds 5 published posts and 1 private one (the importer's own test).
    assert ArticlePage.objects.descendant_of(home).count() == 6
    assert ArticlePage.objects.live().filter(title="Hello world!").exists()
    assert SectionPage.objects.filter(title="News").exists()
    assert SectionPage.objects.descendant_of(home).count() > 1  # the export's categories
    assert SiteSettings.for_site(home.get_site()).time_zone == "Europe/Lisbon"


@needs_wxr
@pytest.mark.django_db
def test_import_wordpress_on_a_fresh_database_starts_the_newsroom_itself(fresh_database):
    output = run("import_wordpress", str(WXR_DIR / "small-export.xml"))

    assert ("No newsroom yet: starting one with `dateline new_site`, named 'trunk' as the "
            "export's site is, in the time zone UTC (its posts are dated in UTC)") in output
    assert "Started the newsroom trunk" in output
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert SiteSettings.for_site(site).name == "trunk"
    assert ArticlePage.objects.count() == 6
    # The About page new_site leaves to write is there beside the export's own pages.
    assert PlainPage.objects.filter(slug="about", live=False).exists()

    again = run("import_wordpress", str(WXR_DIR / "small-export.xml"))
    assert "No newsroom yet" not in again
    assert ArticlePage.objects.count() == 6


@needs_wxr
@pytest.mark.django_db
def test_a_persian_export_on_a_fresh_database_starts_a_persian_newsroom(fresh_database,
                                                                       tmp_path,
                                                                       default_language):
    default_language("en")
    export = tmp_path / "persian-export.xml"
    export.write_text((WXR_DIR / "small-export.xml").read_text().replace(
        "<language>en</language>", "<language>fa-IR</language>", 1))
    output = run("import_wordpress", str(export))

    assert "language fa." in output
    assert "Set DATELINE_LANGUAGE_CODE=fa where Dateline runs" in output
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert home.locale.language_code == "fa"
    assert {page.locale.language_code for page in ArticlePage.objects.descendant_of(home)
            .select_related("locale")} == {"fa"}
    assert ArticlePage.objects.descendant_of(home).count() == 6


@pytest.mark.parametrize(("tag", "code"), [
    ("fa-IR", "fa"), ("FA", "fa"), ("fa_IR", "fa"), ("en-US", "en"), ("de-DE", "en"), ("", "en"),
])
def test_the_export_language_is_one_this_installation_publishes_in(tag, code, settings):
    settings.LANGUAGE_CODE = "en"
    assert language_of(tag) == code


@needs_wxr
@pytest.mark.django_db
def test_a_broken_export_on_a_fresh_database_starts_nothing(fresh_database):
    before = tree()
    with pytest.raises(CommandError, match="Nothing was written"):
        run("import_wordpress", str(WXR_DIR / "malformed.xml"))
    assert tree() == before


@needs_wxr
@pytest.mark.django_db
def test_a_dry_run_on_a_fresh_database_starts_nothing(fresh_database):
    before = tree()
    with pytest.raises(CommandError, match="dateline new_site"):
        run("import_wordpress", str(WXR_DIR / "small-export.xml"), "--dry-run")
    assert tree() == before
    assert Page.objects.filter(depth=2).count() == 1


@needs_wxr
def test_the_site_name_is_the_channels_own_title_not_an_items():
    assert channel_head(WXR_DIR / "small-export.xml")["title"] == "trunk"
    assert channel_head(WXR_DIR / "themeunittestdata.wordpress.xml")["title"] == (
        "Theme Unit Test Data")


@needs_wxr
def test_the_time_zone_of_a_real_export():
    export = read_export(WXR_DIR / "themeunittestdata.wordpress.xml")
    assert time_zone_of(export.items)[0] == "UTC"


def dated(local, utc):
    fields = dict.fromkeys(Item.__dataclass_fields__, "")
    fields.update(menu_order=0, sticky=False, meta={}, post_date=local, post_date_gmt=utc)
    return Item(**fields)


def posts_in(zone_name, *utc_times):
    """Posts written at ``utc_times`` by a WordPress set to the time zone ``zone_name``."""
    zone = zoneinfo.ZoneInfo(zone_name)
    items = []
    for text in utc_times:
        utc = datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.UTC)
        local = utc.astimezone(zone)
        items.append(dated(local.strftime(WP_DATE), utc.strftime(WP_DATE)))
    return items


def test_a_half_hour_zone_is_found_from_its_posts_dates():
    # Tehran kept summer time until 2022: +04:30 in the 2021 summer, +03:30 otherwise.
    posts = posts_in("Asia/Tehran", "2021-01-05 09:00", "2021-07-05 09:00", "2024-07-05 09:00")
    zone, reason = time_zone_of(posts)
    assert zone == "Asia/Tehran" and "match" in reason


def test_summer_time_narrows_the_zone_to_one_that_keeps_it():
    summer_and_winter = posts_in("Europe/Berlin", "2024-01-10 08:00", "2024-07-10 08:00")
    zone, _reason = time_zone_of(summer_and_winter)
    # Every candidate has Berlin's offsets on those days; a Europe/ zone is preferred.
    assert zone.startswith("Europe/")
    for item in summer_and_winter:
        utc = datetime.datetime.fromisoformat(item.post_date_gmt).replace(tzinfo=datetime.UTC)
        assert utc.astimezone(zoneinfo.ZoneInfo(zone)).strftime(WP_DATE) == item.post_date


def test_drafts_without_dates_and_mixed_offsets_fall_back_to_utc_saying_why():
    assert time_zone_of([dated("0000-00-00 00:00:00", "0000-00-00 00:00:00")]) == (
        "UTC", "the export has no dated posts, so UTC")
    mixed = [dated("2024-01-05 10:00:00", "2024-01-05 09:00:00"),
             dated("2024-01-06 14:00:00", "2024-01-06 09:00:00")]
    assert time_zone_of(mixed) == ("UTC", "its posts' dates match no single time zone, so UTC")

"""The copy desk reads Persian: its lorem ipsum, its weekday names against the story's date,
and the length of its headlines; and each check says which languages it knows."""

import datetime

import pytest

from dateline.copydesk.checks import filler, headline_length, weekday
from dateline.copydesk.reading import Copy
from dateline.copydesk.registry import configured_checks, languages_of

FRIDAY = datetime.date(2023, 10, 13)
ARABIC = str.maketrans({"ی": "\u064a", "ک": "\u0643"})


def findings(check, text, published_on=FRIDAY):
    return list(check(Copy.of_text(text, published_on=published_on)))


@pytest.mark.parametrize("text", [
    "لورم ایپسوم متن ساختگی با تولید سادگی نامفهوم از صنعت چاپ است.",
    "لورم‌ایپسوم برای پر کردن صفحه.",
    "لورم ايپسوم".translate(ARABIC),
    "چاپگرها و متون بلکه روزنامه و مجله در ستون و سطرآنچنان که لازم است.",
    "طراحان گرافیک با کاربردهای متنوع کار می‌کنند.",
    "این یک متن آزمایشی است.",
])
def test_persian_lorem_ipsum_and_sample_prose_block(text):
    [finding] = findings(filler.check, text)
    assert finding.blocks
    assert finding.text in text


@pytest.mark.parametrize("text", [
    "کنترل ورم پا پس از جراحی مهم است.",  # "لورم" across two words is not lorem
    "طراحان گرافیک ایرانی در نمایشگاه برنده شدند.",  # one plain phrase alone is not proof
    "وزیر گفت متن قرارداد هفته آینده منتشر می‌شود.",
])
def test_real_persian_copy_passes_the_filler_check(text):
    assert findings(filler.check, text) == []


@pytest.mark.parametrize("text", [
    "وزیر روز شنبه گفت مذاکرات ادامه دارد.",
    "وزير روز شنبه گفت مذاکرات ادامه دارد.".translate(ARABIC),
])
def test_a_persian_past_event_on_the_day_after_publication_blocks(text):
    [finding] = findings(weekday.check, text)
    assert finding.blocks
    assert "شنبه" in finding.text
    assert "Friday 13 October 2023" in finding.message


@pytest.mark.parametrize("text", [
    "مدرسه‌ها از سه‌شنبه ۱۰ اکتبر باز شدند.",  # 10 October 2023 was a Tuesday
    "دیروز پنج‌شنبه بازار شلوغ بود.",  # yesterday, in a Friday story, was Thursday
    "وزیر روز پنجشنبه گفت مذاکرات ادامه دارد.",  # any other day of the past week
    "وزیر شنبه گذشته گفت مذاکرات ادامه دارد.",  # last Saturday
    "جلسه شنبه آینده برگزار می‌شود.",  # next Saturday
    "بازار هر شنبه باز است.",  # every Saturday
    "شنبه‌ها بازار شلوغ است.",  # Saturdays
    "او گفت: «شنبه رفتیم» و رفت.",  # a quotation
])
def test_persian_days_that_agree_with_the_date_or_are_no_report_pass(text):
    assert findings(weekday.check, text) == []


@pytest.mark.parametrize(("text", "day"), [
    ("مدرسه‌ها از دوشنبه ۱۰ اکتبر باز شدند.", "دوشنبه"),  # a Tuesday
    ("دیروز سه شنبه بازار شلوغ بود.", "سه شنبه"),  # yesterday was Thursday
])
def test_a_persian_day_beside_a_date_or_yesterday_that_disagrees_blocks(text, day):
    [finding] = findings(weekday.check, text)
    assert finding.blocks
    assert finding.text == day


def test_a_persian_headline_is_measured_in_characters_that_take_room(settings):
    settings.COPYDESK_HEADLINE_MAX_LENGTH = 20
    plain = "کتابخانه‌های مرکزی باز شد"  # 24 characters that take room, one ZWNJ
    marked = "کِتابخانه‌هایِ مرکزی باز شد"  # the same with two diacritics
    short = "کتابخانه‌ها باز شدند"  # 20 with its ZWNJ, 19 that take room
    for headline in (plain, marked):
        [finding] = headline_length.check(Copy([], headline=headline))
        assert "24 characters" in finding.message
        assert finding.text == "باز شد"
    assert list(headline_length.check(Copy([], headline=short))) == []


def test_every_check_says_which_languages_it_knows():
    languages = {check.__module__.rsplit(".", 1)[-1]: languages_of(check)
                 for check in configured_checks()}
    assert languages["filler"] == languages["weekday"] == ("en", "fa")
    assert languages["headline_length"] == languages["byline"] == ()
    assert all(isinstance(known, tuple) for known in languages.values())


@pytest.mark.django_db
def test_the_admin_lists_each_check_with_the_languages_it_reads(editor_client):
    from django.urls import reverse

    page = editor_client.get(reverse("copydesk_checks")).content.decode()
    assert "<code>filler</code>" in page and "<code>weekday</code>" in page
    assert "English, Persian" in page or "English, فارسی" in page
    assert "every language (it reads no words)" in page


@pytest.mark.django_db
def test_the_checks_page_is_headed_by_its_own_name_not_home(editor_client):
    from django.urls import reverse

    page = editor_client.get(reverse("copydesk_checks")).content.decode()
    breadcrumbs = page.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert "Copy desk checks" in breadcrumbs

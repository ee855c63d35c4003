"""One headline, one slug: Persian spelling variants give the same slug, in the browser's slug
field and on the server, in the site's slug style."""

import re

import pytest

from django.urls import reverse

from dateline.importers.slugs import unique_slug
from dateline.news.models import ArticlePage, SiteSettings
from dateline.news.slugs import formatters_of
from dateline.news.text_forms import slug_form, slug_formatters
from tests.admin_forms import PUBLISH, article_form
from tests.factories import ArticlePageFactory

ZWNJ = "\u200c"
ARABIC = str.maketrans({"ی": "\u064a", "ک": "\u0643"})
HEADLINE = "کشتی‌های انزلی ۳ روز پس از طوفان به کار افتادند"
VARIANTS = [
    HEADLINE,
    HEADLINE.translate(ARABIC),  # an Arabic keyboard
    HEADLINE.replace(ZWNJ, " "),  # a space for the ZWNJ
    "کـشتی‌هاى انزلى ٣ روز پَس از طوفان به کار افتادند",  # tatweel, alef maksura, digits, marks
]
HEADLINES = VARIANTS + ["سه‌شنبه: کتابخانهٔ مرکزی باز شد", "Ferry service — back 24/7!",
                        "نرخ ۱۴٫۵ درصدی تورم", "  خبر فوری  "]


def test_every_spelling_of_a_persian_headline_gives_one_slug():
    slugs = {slug_form(headline) for headline in VARIANTS}
    assert slugs == {"کشتی-های-انزلی-3-روز-پس-از-طوفان-به-کار-افتادند"}


def test_a_zwnj_separates_words_in_a_slug_as_a_space_does():
    assert slug_form("سه‌شنبه") == slug_form("سه شنبه") == "سه-شنبه"


def test_a_transliterated_slug_is_in_latin_letters_whatever_the_spelling():
    slugs = {slug_form(headline, transliterate=True) for headline in VARIANTS}
    assert slugs == {"kshti-hai-anzli-3-rvz-ps-az-tvfan-bh-kar-aftadnd"}


def browser_slug(headline, formatters):
    """What Wagtail's slug field makes of a headline (its ``urlify`` with Unicode allowed):
    the formatters, then lower case, then only letters, digits, hyphens and spaces, runs of
    which become one hyphen."""
    for pattern, replacement in formatters:
        headline = re.sub(pattern, replacement, headline)
    kept = "".join(char for char in headline.lower()
                   if char in "-_" or char.isalnum() or char.isspace())
    return re.sub(r"[-\s]+", "-", kept)[:255].strip("-")


@pytest.mark.parametrize("transliterate", [False, True], ids=["own-script", "latin"])
def test_the_slug_field_in_the_browser_makes_the_slug_the_server_keeps(transliterate):
    formatters = slug_formatters(transliterate=transliterate)
    for headline in HEADLINES:
        assert browser_slug(headline, formatters) == slug_form(headline,
                                                               transliterate=transliterate)


@pytest.mark.django_db
def test_the_admin_gives_the_slug_field_the_site_s_formatters_and_cleans_what_it_sends(
        editor_client, newsroom):
    url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", newsroom.section.pk])
    page = editor_client.get(url)
    field = page.context["form"].fields["slug"]
    assert formatters_of(field.widget) == slug_formatters()
    draft = ArticlePageFactory.build(title=VARIANTS[1], slug=slug_form(VARIANTS[1]))
    sent = article_form(draft, authors=[newsroom.author], **PUBLISH)
    sent["slug"] = "کشتي‌هاي-انزلي-٣-روز"  # as an older tab, or an editor, might send it
    assert editor_client.post(url, sent).status_code == 302
    assert ArticlePage.objects.get(title=VARIANTS[1]).slug == "کشتی-های-انزلی-3-روز"


@pytest.mark.django_db
def test_a_site_that_transliterates_gets_latin_slugs_from_the_admin_and_the_importers(
        editor_client, newsroom):
    settings = SiteSettings.for_site(newsroom.site)
    settings.slug_style = SiteSettings.SlugStyle.LATIN
    settings.save()
    url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", newsroom.section.pk])
    field = editor_client.get(url).context["form"].fields["slug"]
    assert formatters_of(field.widget) == slug_formatters(transliterate=True)
    draft = ArticlePageFactory.build(title=HEADLINE, slug="کشتی")
    assert editor_client.post(url, article_form(draft, authors=[newsroom.author],
                                                **PUBLISH)).status_code == 302
    assert ArticlePage.objects.get(title=HEADLINE).slug == "kshti"
    assert unique_slug(newsroom.section, "سه‌شنبه بازار") == "sh-shnbh-bazar"

"""Every importer gives a new page its slug by one rule (importers/slugs.py)."""

import pytest

from dateline.importers.slugs import HEADLINE_SLUG_LENGTH, unique_slug
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_slug_wordpress_chose_is_kept_whole(newsroom):
    wanted = "-".join(["harbour"] * 25)  # 199 characters, as long as WordPress allows
    assert unique_slug(newsroom.section, wanted, fallback="Harbour") == wanted


def test_a_slug_made_from_a_headline_is_cut_without_a_hyphen_at_its_end(newsroom):
    headline = "Ferries will run twice a day from December, the harbour master said on Monday"
    slug = unique_slug(newsroom.section, headline, max_length=HEADLINE_SLUG_LENGTH)
    assert slug == "ferries-will-run-twice-a-day-from-december-the-harbour-master-said-on"
    assert len(slug) <= HEADLINE_SLUG_LENGTH


def test_letters_of_any_script_are_kept(newsroom):
    assert unique_slug(newsroom.home, "远征手记", fallback="section") == "远征手记"


def test_a_name_with_nothing_to_slug_takes_the_fallback_and_then_page(newsroom):
    assert unique_slug(newsroom.section, "!!!", fallback="Untitled story") == "untitled-story"
    assert unique_slug(newsroom.section, "!!!", fallback="???") == "page"


def test_a_slug_a_sibling_has_is_numbered(newsroom):
    factories.ArticlePageFactory(parent=newsroom.section, title="Ferries", slug="ferries")
    factories.ArticlePageFactory(parent=newsroom.section, title="Ferries", slug="ferries-2")
    assert unique_slug(newsroom.section, "Ferries") == "ferries-3"
    assert unique_slug(newsroom.home, "Ferries") == "ferries"

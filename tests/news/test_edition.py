"""What pages remember between publications (the site, its settings, menu and bylines) is read
again as soon as an editor changes it, and never crosses sites."""

import pytest

from wagtail.models import Site

from dateline.news.models import SiteSettings
from tests.factories import ArticlePageFactory, HomePageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db


def published(page):
    page.save_revision().publish()
    return page


def menu(html):
    return html.split('class="sections-nav"')[1].split("</nav>")[0]


def test_a_published_section_joins_the_menu_at_once(client, newsroom):
    assert "Sport" not in menu(client.get("/").content.decode())
    published(SectionPageFactory(parent=newsroom.home, title="Sport", slug="sport"))
    assert "Sport" in menu(client.get("/").content.decode())


def test_an_unpublished_section_leaves_the_menu_at_once(client, newsroom):
    assert "World" in menu(client.get("/").content.decode())
    newsroom.other_section.unpublish()
    assert "World" not in menu(client.get("/").content.decode())


def test_a_renamed_author_is_renamed_in_every_byline_at_once(client, newsroom):
    story = ArticlePageFactory(parent=newsroom.section, authors=[newsroom.author])
    assert "Nino Kapanadze" in client.get(story.url).content.decode()
    newsroom.author.title = "Nino Kapanadze-Beridze"
    published(newsroom.author)
    assert "Nino Kapanadze-Beridze" in client.get(story.url).content.decode()


def test_changed_site_settings_show_at_once(client, newsroom):
    client.get("/")
    newsroom.settings.name = "The Valley Courier"
    newsroom.settings.save()
    assert "The Valley Courier" in client.get("/").content.decode()


def test_each_site_is_shown_its_own_name_and_menu(client, newsroom):
    other_home = HomePageFactory(parent=newsroom.home.get_parent(), title="The Other Paper",
                                 slug="other")
    SectionPageFactory(parent=other_home, title="Harbour", slug="harbour")
    other = Site.objects.create(hostname="127.0.0.1", port=80, root_page=other_home,
                                site_name="The Other Paper")
    SiteSettings.objects.filter(site=other).update(name="The Other Paper")
    for _ in range(2):  # the second time from what each site remembers
        ours = client.get("/", HTTP_HOST="localhost").content.decode()
        theirs = client.get("/", HTTP_HOST="127.0.0.1").content.decode()
        assert "Caucasus" in menu(ours) and "Harbour" not in menu(ours)
        assert "Harbour" in menu(theirs) and "Caucasus" not in menu(theirs)
        assert "The Other Paper" in theirs and "The Other Paper" not in ours

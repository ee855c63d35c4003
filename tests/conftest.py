import factory.random
import pytest

from wagtail.models import Page, Site

from dateline.news.models import SiteSettings
from tests import factories

SEED = 20261128


@pytest.fixture(autouse=True)
def fixed_seed():
    factory.random.reseed_random(SEED)


@pytest.fixture
def newsroom(db):
    """A site with the page tree a newsroom has: sections, authors, topics, about, almanac."""
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = factories.HomePageFactory(parent=root)
    Site.objects.all().delete()
    site = Site.objects.create(hostname="localhost", port=80, root_page=home,
                               is_default_site=True, site_name="The Test Gazette")
    settings = SiteSettings.for_site(site)
    settings.about_blurb = "The Test Gazette reports on the towns of the test valley."
    settings.time_zone = "Europe/London"
    settings.save()

    class Newsroom:
        pass

    room = Newsroom()
    room.site = site
    room.settings = settings
    room.home = home
    room.section = factories.SectionPageFactory(parent=home, title="Caucasus", slug="caucasus")
    room.other_section = factories.SectionPageFactory(parent=home, title="World", slug="world")
    room.authors = factories.AuthorIndexPageFactory(parent=home)
    room.author = factories.AuthorPageFactory(parent=room.authors, title="Nino Kapanadze")
    room.topics = factories.TopicIndexPageFactory(parent=home)
    room.topic = factories.TopicPageFactory(parent=room.topics, title="Water", slug="water")
    room.about = factories.PlainPageFactory(parent=home)
    room.on_this_day = factories.OnThisDayPageFactory(parent=home)
    return room

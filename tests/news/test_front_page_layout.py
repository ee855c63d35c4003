"""A lead story without a picture runs across the front page instead of leaving a blank column
beside the top stories."""

import pytest

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def front_classes(client, newsroom):
    html = client.get(newsroom.home.url).content.decode()
    return html.split('<div class="front', 1)[1].split('"', 1)[0].split()


def test_a_lead_without_a_picture_runs_across_the_page(client, newsroom):
    ArticlePageFactory(parent=newsroom.section, breaking=True, lead_image=None,
                       title="Bridge closed after overnight flooding")
    assert "front--text-lead" in front_classes(client, newsroom)


def test_a_lead_with_a_picture_keeps_its_column(client, newsroom):
    image = get_image_model().objects.create(title="Flooded bridge",
                                             file=get_test_image_file())
    ArticlePageFactory(parent=newsroom.section, breaking=True, lead_image=image,
                       title="Bridge closed after overnight flooding")
    assert "front--text-lead" not in front_classes(client, newsroom)


def test_an_editors_chosen_lead_without_a_picture_runs_across_too(client, newsroom):
    pictured = get_image_model().objects.create(title="Harbour", file=get_test_image_file())
    ArticlePageFactory(parent=newsroom.section, breaking=True, lead_image=pictured)
    chosen = ArticlePageFactory(parent=newsroom.section, archive=True, lead_image=None)
    newsroom.home.lead_article = chosen
    newsroom.home.save_revision().publish()
    assert "front--text-lead" in front_classes(client, newsroom)

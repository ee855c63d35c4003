"""Pages are found by their address in two queries, and Wagtail's rules still hold: drafts and
unpublished pages are not served, private pages ask who is reading, redirects and routable
pages work, and a moved page answers at its new address."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(newsroom):
    return ArticlePageFactory(parent=newsroom.section, title="The bridge opens", slug="bridge")


def test_a_story_is_served_at_its_address(client, story):
    response = client.get("/caucasus/bridge/")
    assert response.status_code == 200
    assert "The bridge opens" in response.content.decode()


def test_drafts_and_unpublished_stories_are_not_served(client, newsroom, story):
    draft = ArticlePageFactory(parent=newsroom.section, slug="draft", draft=True)
    story.unpublish()
    assert client.get(draft.url or "/caucasus/draft/").status_code == 404
    assert client.get("/caucasus/bridge/").status_code == 404


def test_an_address_past_a_page_or_beside_one_is_not_found(client, story):
    assert client.get("/caucasus/bridge/more/").status_code == 404
    assert client.get("/caucasus/no-such-story/").status_code == 404
    assert client.get("/no-such-section/bridge/").status_code == 404


def test_a_story_in_a_private_section_asks_for_a_login(client, newsroom, story):
    PageViewRestriction.objects.create(page=newsroom.section,
                                       restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/caucasus/bridge/")
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert "private" in response["Cache-Control"]


def test_a_password_protected_story_shows_the_password_form(client, story):
    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.PASSWORD,
                                       password="tbilisi")
    response = client.get("/caucasus/bridge/")
    assert response.status_code == 200
    assert "The bridge opens" not in response.content.decode().split("<body", 1)[-1]
    assert 'name="password"' in response.content.decode()


def test_a_story_restricted_to_a_group_is_served_to_its_members(client, newsroom, story,
                                                                 django_user_model):
    editors = Group.objects.get(name="Editors")
    restriction = PageViewRestriction.objects.create(
        page=newsroom.section, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(editors)
    reader = django_user_model.objects.create_user("reader", password="pw")
    reader.groups.add(editors)
    client.force_login(reader)
    assert client.get("/caucasus/bridge/").status_code == 200


def test_a_moved_story_answers_at_its_new_address_and_the_old_one_redirects(
    client, newsroom, story
):
    story.move(newsroom.other_section, pos="last-child")
    assert client.get("/world/bridge/").status_code == 200
    old = client.get("/caucasus/bridge/")
    assert old.status_code in (301, 302)
    assert old["Location"].endswith("/world/bridge/")


def test_a_redirect_from_an_address_with_no_page_still_applies(client, story):
    Redirect.objects.create(old_path="/old-bridge", redirect_page=story)
    response = client.get("/old-bridge/")
    assert response.status_code == 301
    assert response["Location"].endswith("/caucasus/bridge/")


def test_a_story_in_a_subsection_carries_its_trail_without_asking_for_it(
    client, newsroom, django_assert_max_num_queries
):
    books = SectionPageFactory(parent=newsroom.section, title="Books", slug="books")
    article = ArticlePageFactory(parent=books, slug="review")
    client.get(article.url)
    with django_assert_max_num_queries(4):
        html = client.get(article.url).content.decode()
    trail = html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert trail.index(">Caucasus<") < trail.index(">Books<")


def test_a_story_made_private_is_not_served_from_the_remembered_path(client, story):
    assert client.get("/caucasus/bridge/").status_code == 200
    # As from another process, whose remembered pages on the path no signal has cleared.
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=story, restriction_type=PageViewRestriction.LOGIN)])
    response = client.get("/caucasus/bridge/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_story_before_its_publication_time_is_not_found_at_its_address(client, newsroom):
    ArticlePageFactory(parent=newsroom.section, slug="tomorrow", embargoed=True)
    assert client.get("/caucasus/tomorrow/").status_code == 404


def test_editors_preview_a_story_before_its_publication_time(admin_client, newsroom):
    tomorrow = ArticlePageFactory(parent=newsroom.section, title="The bridge will open",
                                  embargoed=True)
    tomorrow.save_revision()
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[tomorrow.pk]))
    assert response.status_code == 200
    assert "The bridge will open" in response.content.decode()

"""Reader pages answer GET, HEAD and OPTIONS, and 405 with an honest Allow header to anything
else (the page cache in front of Django does the same: tests/delivery/test_reader_methods.py)."""

import pytest

from django.test import Client
from django.urls import URLResolver, get_resolver

from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

# News' own; tests/delivery/test_reader_methods.py asks the same of the other apps' pages.
READER_ADDRESSES = ["/", "/caucasus/", "/caucasus/bridge/", "/corrections/"]
WRITES = ["PUT", "DELETE", "PATCH", "POST"]


@pytest.fixture
def story(newsroom):
    return ArticlePageFactory(parent=newsroom.section, title="The bridge opens", slug="bridge")


@pytest.mark.parametrize("address", READER_ADDRESSES)
def test_a_reader_page_answers_only_the_methods_it_serves(story, address):
    answers_only_reader_methods(address)


def answers_only_reader_methods(address):
    client = Client(enforce_csrf_checks=True)  # as a real client: its write meets the CSRF check
    assert client.get(address).status_code == 200
    assert client.head(address).status_code == 200
    options = client.options(address)
    assert (options.status_code, options["Allow"], options.content) == (
        200, "GET, HEAD, OPTIONS", b"")
    for method in WRITES:
        response = client.generic(method, address)
        assert (method, response.status_code, response["Allow"]) == (
            method, 405, "GET, HEAD, OPTIONS")
        assert b"The bridge opens" not in response.content


def test_the_password_form_of_a_protected_story_still_posts(client, story):
    restriction = PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="tbilisi")
    form = client.get("/caucasus/bridge/").content.decode()
    assert f'action="/_util/authenticate_with_password/{restriction.pk}/{story.pk}/"' in form
    response = client.post(f"/_util/authenticate_with_password/{restriction.pk}/{story.pk}/",
                           {"password": "tbilisi", "return_url": "/caucasus/bridge/"})
    assert (response.status_code, response["Location"]) == (302, "/caucasus/bridge/")
    assert "The bridge opens" in client.get("/caucasus/bridge/").content.decode()


def test_every_reader_view_outside_the_page_tree_is_a_reader_view():
    def views(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                # The admin's views (news mounts its topic chooser there) are not readers'.
                if str(pattern.pattern) != "admin/":
                    yield from views(pattern.url_patterns)
            else:
                yield pattern

    ours = [pattern for pattern in views(get_resolver().url_patterns)
            if pattern.callback.__module__.startswith(("dateline.discovery.", "dateline.news."))]
    assert ours
    assert [pattern.name for pattern in ours
            if getattr(pattern.callback, "reader_methods", None) is None] == []

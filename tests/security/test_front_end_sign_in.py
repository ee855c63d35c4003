"""Signing in to read a login-restricted story returns the reader to it, or to the front page,
and never to another host, however the address to return to is spelt."""

import pytest

from django.urls import reverse

from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ELSEWHERE = [
    "https://attacker.example/", "//attacker.example/", "/\\attacker.example/",
    "\\\\attacker.example/", "https:attacker.example", "http://testserver@attacker.example/",
    " //attacker.example/", "javascript:alert(1)", "/\t/attacker.example/",
    "https://testserver.attacker.example/",
]


@pytest.fixture
def reporter():
    user = UserFactory(contributor=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, user, **next_page):
    return client.post(reverse("wagtailcore_login"),
                       {"username": user.username, "password": PASSWORD, **next_page})


def test_a_sign_in_that_names_no_page_goes_to_the_front_page(client, newsroom, reporter):
    response = sign_in(client, reporter)
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.get(response["Location"]).status_code == 200


def test_signing_in_for_a_restricted_story_returns_to_it(client, newsroom, reporter):
    story = ArticlePageFactory(parent=newsroom.section, slug="leaked-memo", title="The memo")
    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)
    asked = client.get(story.url)
    assert asked.status_code == 302
    form = client.get(asked["Location"])
    response = sign_in(client, reporter, next=form.context["next"])
    assert response["Location"] == story.url
    assert "The memo" in client.get(story.url).content.decode()


@pytest.mark.parametrize("elsewhere", ELSEWHERE)
def test_the_page_to_return_to_is_never_on_another_host(client, newsroom, reporter, elsewhere):
    response = sign_in(client, reporter, next=elsewhere)
    assert (response.status_code, response["Location"]) == (302, "/")


@pytest.mark.parametrize("elsewhere", ELSEWHERE[:4])
def test_a_story_password_never_returns_to_another_host(client, newsroom, elsewhere):
    story = ArticlePageFactory(parent=newsroom.section, slug="embargoed")
    restriction = PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="tbilisi")
    response = client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, story.pk]),
        {"password": "tbilisi", "return_url": elsewhere})
    assert (response.status_code, response["Location"]) == (302, "/")

"""Template slots: news' templates show what other apps plug in, without naming those apps."""

import pytest

from django.template import Context, Engine, TemplateSyntaxError

from dateline.news import sockets

PLUGS = {
    "first.html": "first[{{ page_title }}]",
    "second.html": "{% load news_tags %}{% site_today as today %}<{{ today.year }}>",
    "page.html": '{% load news_tags %}{% slot "aside" %}|{{ today|default:"no leak" }}',
}


@pytest.fixture
def engine():
    return Engine(
        loaders=[("django.template.loaders.locmem.Loader", PLUGS)],
        libraries={"news_tags": "dateline.news.templatetags.news_tags"},
    )


@pytest.fixture
def aside():
    """The aside slot with only this test's plugs, whatever the installed apps plugged."""
    socket = sockets.slots["aside"]
    kept = list(socket._plugs)
    socket._plugs = []
    yield socket
    socket._plugs = kept


def test_plugs_render_in_their_order_with_the_page_context(engine, aside):
    aside.plug("second.html", position=200)
    aside.plug("first.html")
    html = engine.get_template("page.html").render(Context({"page_title": "Bridge"}))
    first, rest = html.split("[Bridge]")
    assert first == "first"
    assert rest.startswith("<2") and rest.endswith(">|no leak")


def test_an_empty_slot_renders_nothing(engine, aside):
    assert engine.get_template("page.html").render(Context()) == "|no leak"


def test_a_slot_that_does_not_exist_is_an_error_that_names_the_slots(engine):
    with pytest.raises(TemplateSyntaxError, match="'head', 'masthead_links'"):
        engine.from_string('{% load news_tags %}{% slot "sidebar" %}')

"""The sockets other apps plug into news: answered in the order of their positions, each plug
once, empty with nothing plugged. Which apps plug in is tests/test_sockets_plugged.py's."""

import datetime

from django.utils import timezone

from dateline.news import sockets
from dateline.news.sockets import Appearance, Socket


def plug_named(name):
    def plug(*args):
        return name
    return plug


def test_plugs_answer_in_the_order_of_their_positions_then_of_plugging():
    """An app later in INSTALLED_APPS plugs later: its position, not that, places it."""
    socket = Socket("test", "plug() -> its name")
    late, early, also_early = plug_named("late"), plug_named("early"), plug_named("also early")
    socket.plug(late, position=200)
    socket.plug(early, position=10)
    socket.plug(also_early, position=10)
    assert [plug() for plug in socket.plugs] == ["early", "also early", "late"]


def test_plugging_the_same_thing_twice_is_a_no_op():
    socket = Socket("test", "plug() -> its name")
    plug = plug_named("once")
    socket.plug(plug)
    socket.plug(plug, position=5)
    assert socket.plugs == [plug]
    socket.unplug(plug)
    assert socket.plugs == []


def test_appearances_combine_as_a_union_and_everywhere_wins():
    story = Appearance(urls=["/a/", "/b/"], keys=["story-1"])
    listing = Appearance(urls={"/b/", "/c/"}, keys={"page-2"})
    box = Appearance(everywhere=True)
    assert story | listing == Appearance(urls=frozenset({"/a/", "/b/", "/c/"}),
                                         keys=frozenset({"story-1", "page-2"}))
    assert (story | box).everywhere and (box | story).everywhere
    assert not (story | listing).everywhere


def test_sockets_with_nothing_plugged_answer_empty(monkeypatch):
    for name in ("story_appearances", "clock", "similar_stories"):
        monkeypatch.setattr(sockets, name, Socket(name, "nothing plugged"))
    article = object()
    assert sockets.where_story_appears(article) == Appearance()
    assert sockets.next_change_by_clock(timezone.now()) is None
    assert sockets.similar_story_ids(article) == []
    assert sockets.serving_annotations() == {}


def test_what_plugs_share_is_read_once_per_question(monkeypatch):
    reads = []

    @sockets.read_once_per_question
    def listing(article):
        reads.append(article)
        return (f"/listing-of-{article}/",)

    story_appearances = Socket("story_appearances", "test")
    story_appearances.plug(lambda article: Appearance(urls=listing(article)))
    story_appearances.plug(lambda article: Appearance(urls=[url + "feed/"
                                                            for url in listing(article)]))
    monkeypatch.setattr(sockets, "story_appearances", story_appearances)
    assert sockets.where_story_appears("a").urls == {"/listing-of-a/", "/listing-of-a/feed/"}
    assert reads == ["a"]
    sockets.where_story_appears("a")
    listing("a")
    assert reads == ["a", "a", "a"]


def test_the_clock_answers_the_earliest_moment_of_its_plugs(monkeypatch):
    now = timezone.now()
    clock = Socket("clock", "test")
    clock.plug(lambda now: now + datetime.timedelta(hours=2))
    clock.plug(lambda now: None)
    clock.plug(lambda now: now + datetime.timedelta(minutes=5))
    monkeypatch.setattr(sockets, "clock", clock)
    assert sockets.next_change_by_clock(now) == now + datetime.timedelta(minutes=5)

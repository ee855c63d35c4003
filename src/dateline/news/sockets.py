"""The sockets: every place where another app plugs into news, declared in this one module.

``news`` knows no app above it, in Python, templates, relation names or URL names. What a
story's surroundings need from those apps (where else a story is shown, when a page changes by
the clock alone, the stories most like one, what the shared page template shows in its head,
banner, aside and footer) goes through a socket here. Each app plugs in from its own
``AppConfig.ready()``, so ``grep -rn "sockets\\.[a-z_]*\\.plug" src/dateline`` lists every
connection, and a caller such as the page cache asks only these sockets.
"""

import contextvars
import dataclasses
import functools


class Socket:
    """A named place apps plug callables (or template names) into.

    Plugs are answered in the order of their ``position`` (lower first), then of plugging, so the
    order never depends on ``INSTALLED_APPS``. Plugging the same thing twice is a no-op: Django
    may run ``ready()`` more than once in a test process.
    """

    def __init__(self, name, contract):
        self.name = name
        self.contract = contract
        self._plugs = []

    def plug(self, plug, *, position=100):
        if all(existing is not plug for _, existing in self._plugs):
            self._plugs.append((position, plug))
            self._plugs.sort(key=lambda entry: entry[0])
        return plug

    def unplug(self, plug):
        self._plugs = [(position, each) for position, each in self._plugs if each is not plug]

    @property
    def plugs(self):
        return [plug for _, plug in self._plugs]

    def __repr__(self):
        return f"<Socket {self.name}: {len(self._plugs)} plugs>"


@dataclasses.dataclass(frozen=True)
class Appearance:
    """Where a story is shown: the absolute URLs of the pages that show it, the edge-cache keys
    of those pages, and whether every public page shows it (e.g. today's On This Day box).
    ``own_urls`` and ``own_keys``, among them, show the story's own text rather than list it
    (a live blog's own feed carries its updates): they change with it, as its page does."""

    urls: frozenset = frozenset()
    keys: frozenset = frozenset()
    everywhere: bool = False
    own_urls: frozenset = frozenset()
    own_keys: frozenset = frozenset()

    def __post_init__(self):
        # Plugs may hand any iterable; callers compare and combine sets.
        for name in ("urls", "keys", "own_urls", "own_keys"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))

    def __or__(self, other):
        return Appearance(self.urls | other.urls, self.keys | other.keys,
                          self.everywhere or other.everywhere,
                          self.own_urls | other.own_urls, self.own_keys | other.own_keys)


story_appearances = Socket(
    "story_appearances",
    "plug(article) -> Appearance: the pages of one app that show this live article",
)

clock = Socket(
    "clock",
    "plug(now) -> aware datetime or None: the next moment after now at which rendered pages "
    "change with no editor acting (a midnight, a story's time arriving, a banner ending)",
)

similar_stories = Socket(
    "similar_stories",
    "plug: an object with story_ids(article) -> ids of the stories most like it, most similar "
    "first, and annotations() -> {name: expression} that story_ids reads, added to the query "
    "that loads an article for its page so that the page costs no extra query",
)

# ``after_story``: under a story's (or plain page's) own text, before its surroundings, e.g.
# the archived reader discussion an import brought with it.
SLOT_NAMES = ("head", "masthead_links", "banner", "aside", "footer_links", "after_story",
              "not_found")
slots = {
    name: Socket(f"slot:{name}", "plug(template name): rendered in the page's context, in order")
    for name in SLOT_NAMES
}


def where_story_appears(article):
    """Every page that shows ``article``, as all plugged apps tell it."""
    appearance = Appearance()
    answered = _answered_in_this_question.set({})
    try:
        for plug in story_appearances.plugs:
            appearance |= plug(article)
    finally:
        _answered_in_this_question.reset(answered)
    return appearance


_answered_in_this_question = contextvars.ContextVar("answered_in_this_question", default=None)


def read_once_per_question(read):
    """For what several plugs read about the same story (the pages that list it, its days):
    read once while ``where_story_appears`` asks them all, afresh for the next question. A
    publish asks it several times; each plug reading for itself cost a third more queries."""
    @functools.wraps(read)
    def read_once(*args):
        answered = _answered_in_this_question.get()
        if answered is None:
            return read(*args)
        key = (read, *args)
        if key not in answered:
            answered[key] = read(*args)
        return answered[key]
    return read_once


def next_change_by_clock(now):
    moments = [moment for plug in clock.plugs if (moment := plug(now)) is not None]
    return min(moments, default=None)


def similar_story_ids(article):
    """The first plugged answer (one app computes similarity); none without such an app."""
    for plug in similar_stories.plugs:
        return plug.story_ids(article)
    return []


def serving_annotations():
    """What the plugs of ``similar_stories`` read, to load with the article in one query."""
    annotations = {}
    for plug in similar_stories.plugs:
        annotations.update(plug.annotations())
    return annotations

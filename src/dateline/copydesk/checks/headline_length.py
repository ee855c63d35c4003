"""A headline longer than the limit the site sets (``DATELINE_HEADLINE_MAX_LENGTH``).

Warns rather than blocks: search results and social cards cut a long headline short, which is
worth knowing but sometimes worth accepting.

Counted in characters that take up room on the line, in every script: search results and
cards cut by width, not by words. So Persian's zero-width non-joiner, its diacritics and other
marks that sit on a letter, and invisible direction marks do not count; a tatweel, which
stretches the line, does. The cut never falls inside a word, nor inside a word joined by a ZWNJ.
"""

import unicodedata

from django.conf import settings

from dateline.copydesk.findings import knows, warn

NAME = "headline_length"


def takes_room(char):
    return unicodedata.category(char) not in ("Mn", "Me", "Cf")


def visible_length(text):
    return sum(map(takes_room, text))


@knows()
def check(copy):
    limit = settings.COPYDESK_HEADLINE_MAX_LENGTH
    length = visible_length(copy.headline)
    if length > limit:
        # Quote whole words: the cut falls back to the last space before the limit.
        kept = copy.headline[:cut_at(copy.headline, limit) + 1].rsplit(" ", 1)[0]
        yield warn(NAME, "Headline", copy.headline[len(kept):].strip(),
                   f"The headline has {length} characters; search results and social cards "
                   f"cut it after about {limit}. The quoted words would be lost.")


def cut_at(text, limit):
    """The index in ``text`` of the ``limit``-th character that takes room."""
    seen = 0
    for index, char in enumerate(text):
        seen += takes_room(char)
        if seen > limit:
            return index
    return len(text)

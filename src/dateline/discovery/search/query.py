"""Reader input turned into plain words: nothing a reader types reaches an engine's syntax."""

import re

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
# Runs of unicode letters and digits; the underscore is a word character to Python but a
# separator to both engines' tokenizers.
WORD = re.compile(r"[^\W_]+")
# Function words say nothing about what a story is about, and nearly every story has them, so
# requiring one only makes the engine rank most of the archive. Reader search ignores them as
# PostgreSQL's english configuration does; this is that configuration's list (Snowball's).
FUNCTION_WORDS = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
her hers herself it its itself they them their theirs themselves what which who whom this that
these those am is are was were be been being have has had having do does did doing a an the
and but if or because as until while of at by for with about against between into through
during before after above below to from up down in out on off over under again further then
once here there when where why how all any both each few more most other some such no nor not
only own same so than too very s t can will just don should now
""".split())


def search_terms(query, ignored=frozenset()):
    """The first few words of the query not in ``ignored``, lowercased and without repeats."""
    words = WORD.findall((query or "")[:MAX_QUERY_CHARS].lower())
    return [word for word in dict.fromkeys(words) if word not in ignored][:MAX_TERMS]


def content_words(query):
    """The words of a reader's query that search looks for: every one but function words."""
    return search_terms(query, FUNCTION_WORDS)

"""Reader input turned into plain words: nothing a reader types reaches an engine's syntax.

Words are read in search spelling (``news.text_forms``), the spelling the index holds, so a
query typed with Arabic letters, diacritics, other digits or another use of the ZWNJ finds the
same stories. A word with parts (a ZWNJ inside it, or an affix after a space) is one term, its
parts joined by a ZWNJ: the engines look for the joined word, or its parts side by side.
"""

import re

from dateline.news.text_forms import ZWNJ, fold, words

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
# What each part of a term is: a run of unicode letters and digits (the underscore is a word
# character to Python but a separator to both engines' tokenizers).
WORD = re.compile(r"[^\W_]+")
# Function words say nothing about what a story is about, and nearly every story has them, so
# requiring one only makes the engine rank most of the archive. Reader search ignores them as
# PostgreSQL's english configuration does; this is that configuration's list (Snowball's),
# with Persian's own (conjunctions, prepositions, the object marker, demonstratives, "is").
FUNCTION_WORDS = frozenset(map(fold, """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
her hers herself it its itself they them their theirs themselves what which who whom this that
these those am is are was were be been being have has had having do does did doing a an the
and but if or because as until while of at by for with about against between into through
during before after above below to from up down in out on off over under again further then
once here there when where why how all any both each few more most other some such no nor not
only own same so than too very s t can will just don should now
و در به از که را با برای تا یا بر این آن هم نیز اما ولی پس اگر چون است هست بود
""".split()))


def search_terms(query, ignored=frozenset()):
    """The first few words of the query not in ``ignored``, in search spelling, without
    repeats; the parts of a word with parts joined by a ZWNJ."""
    terms = [ZWNJ.join(word.parts) for word in words((query or "")[:MAX_QUERY_CHARS])]
    return [term for term in dict.fromkeys(terms)
            if term.replace(ZWNJ, "") not in ignored][:MAX_TERMS]


def content_words(query):
    """The terms of a reader's query that search looks for: every one but function words."""
    return search_terms(query, FUNCTION_WORDS)

"""Reader input turned into plain words: nothing a reader types reaches an engine's syntax."""

import re

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
# Runs of unicode letters and digits; the underscore is a word character to Python but a
# separator to both engines' tokenizers.
WORD = re.compile(r"[^\W_]+")


def search_terms(query):
    """The first few words of the query, lowercased and without repeats."""
    words = WORD.findall((query or "")[:MAX_QUERY_CHARS].lower())
    return list(dict.fromkeys(words))[:MAX_TERMS]

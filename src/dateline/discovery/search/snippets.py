"""A snippet of a story's own text around the words a search found, those words marked.

The engines match the search spelling (``news.text_forms``), which is not the text readers see:
its letters are folded, and a word with a ZWNJ is there twice. So snippets are cut from the
original text here, where each of its words is read in search spelling and compared with the
query's terms: a reader who typed "علي" sees the story's "علی" marked, in the story's spelling.
"""

from dateline.discovery.search.text import MARK_END, MARK_START
from dateline.news.text_forms import ZWNJ, words

SNIPPET_WORDS = 32
ELLIPSIS = "…"


def snippet(text, terms, size=SNIPPET_WORDS):
    """``size`` words of ``text`` where most of the query's ``terms`` stand,
    each found word between MARK_START and MARK_END; the opening words when none is found."""
    found = words(text)
    if not found:
        return ""
    marked = matches(found, [tuple(term.split(ZWNJ)) for term in terms])
    start = best_window(marked, len(found), size)
    window = range(start, min(start + size, len(found)))
    pieces = [ELLIPSIS] if start > 0 else []
    position = found[start].start
    for index in window:
        word = found[index]
        pieces.append(text[position:word.start])
        if index in marked:
            pieces += [MARK_START, text[word.start:word.end], MARK_END]
        else:
            pieces.append(text[word.start:word.end])
        position = word.end
    if window.stop < len(found):
        pieces.append(" " + ELLIPSIS)
    return "".join(pieces).strip()


def matches(found, terms):
    """{index of a word that a term matches: the term}: a word matches as itself, as its joined
    form or as one of its parts; a term with parts also matches them written one after another."""
    wanted = {}
    for term in terms:
        wanted["".join(term)] = term
        if len(term) == 1:
            continue
        for index in range(len(found) - len(term) + 1):
            run = found[index:index + len(term)]
            if tuple(word.joined for word in run) == term:
                wanted.setdefault(None, {}).update(dict.fromkeys(range(index, index + len(term)),
                                                                 term))
    marked = dict(wanted.pop(None, {}))
    for index, word in enumerate(found):
        for form in word.forms:
            if form in wanted:
                marked[index] = wanted[form]
                break
    return marked


def best_window(marked, count, size):
    """The first window of ``size`` words holding the most different terms."""
    if not marked:
        return 0
    positions = sorted(marked)
    best, best_terms = 0, 0
    for first in positions:
        held = {marked[index] for index in positions if first <= index < first + size}
        if len(held) > best_terms:
            best, best_terms = first, len(held)
    # A few words of lead-in before the first match, as the engines' snippets give.
    return max(0, min(best - 4, count - size))

"""Reading Persian copy as the checks need it: phrases found in any of their spellings.

Words are read in search spelling (``news.text_forms``): Arabic or Persian yeh and kaf alike,
without diacritics or tatweel, and with a ZWNJ, a space or nothing between the parts of a word
all the same, so "لورم‌ایپسوم", "لورم ايپسوم" and "لورمایپسوم" are one phrase.
"""

from dataclasses import dataclass

from dateline.news.text_forms import words


@dataclass(frozen=True)
class Found:
    phrase: str
    text: str  # as the passage writes it


def key(phrase):
    return "".join(part for word in words(phrase) for part in word.parts)


class Phrases:
    """Finds any of a list of phrases in a text, whole words only, however it spaces them."""

    def __init__(self, phrases):
        self.keys = {key(phrase): phrase for phrase in phrases}

    def find(self, text):
        found = words(text)
        skeleton, starts, word_at = "", {}, {}
        for index, word in enumerate(found):
            for part in word.parts:
                starts[len(skeleton)] = index
                skeleton += part
                word_at[len(skeleton)] = index
        for phrase_key, phrase in self.keys.items():
            position = skeleton.find(phrase_key)
            while position != -1:
                end = position + len(phrase_key)
                if position in starts and end in word_at:
                    first, last = found[starts[position]], found[word_at[end]]
                    yield Found(phrase, text[first.start:last.end])
                    break
                position = skeleton.find(phrase_key, position + 1)

"""One spelling for text that readers and editors type many ways: the forms search indexes and
looks for, and the form a headline takes in a slug.

Persian arrives with Arabic or Persian yeh and kaf (ي/ی, ك/ک), with or without the zero-width
non-joiner (ZWNJ) inside words (می‌روند, میروند, می روند), with diacritics and tatweel, and with
Persian, Arabic-Indic or Latin digits. Search and slugs fold these to one spelling, so the
same words always give the same terms and the same headline always gives the same slug.

The ZWNJ, deliberately:

- **Search** indexes a word written with a ZWNJ (می‌روند) as its parts (می, روند) followed by the
  joined word (میروند; with more parts, each run of them joined), and a well-known affix
  written with a space ("می روند", "کتاب ها") the same way. A query finds a word typed joined
  through the joined form, and a word typed with a ZWNJ or a space through the joined form or
  the parts side by side. So each spelling of a story finds each spelling of a query, except a
  glued query for a compound the story spaces without a known affix (see
  docs/editors/search.md).
- **Slugs** turn the ZWNJ into a hyphen, as a space is: "سه‌شنبه" and "سه شنبه" give the
  same slug, and the parts of a word are never glued into a different-looking one
  (Django's ``slugify`` removes the ZWNJ, and "سه‌شنبه" would become "سهشنبه").

The admin's slug field applies the same rules in the browser (``slug_formatters()``, Wagtail's
slug input formatters), so the slug an editor sees is the one the server keeps.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.utils.text import slugify

ZWNJ = "\u200c"
# Letters written two ways for one Persian letter, and the way Persian keyboards write them.
PERSIAN_LETTERS = {
    "\u064a": "\u06cc",  # Arabic yeh ي → Persian yeh ی
    "\u0649": "\u06cc",  # alef maksura ى → ی
    "\u0643": "\u06a9",  # Arabic kaf ك → keheh ک
    "\u06c0": "\u0647",  # heh with yeh above ۀ → ه (also written هٔ, whose mark goes)
}
DIGITS = {
    **{chr(0x06F0 + value): str(value) for value in range(10)},  # Persian ۰–۹
    **{chr(0x0660 + value): str(value) for value in range(10)},  # Arabic-Indic ٠–٩
}
# Marks with no letter of their own: Arabic diacritics (harakat, tanwin, shadda, sukun, the
# hamza and madda marks, superscript alef, Quranic annotation), the tatweel that stretches a
# line, and invisible formatting (joiner, direction marks, soft hyphen, byte-order mark).
SILENT = "".join(
    chr(code) for first, last in (
        (0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06ED),
        (0x0640, 0x0640), (0x200D, 0x200F), (0x00AD, 0x00AD), (0xFEFF, 0xFEFF),
    ) for code in range(first, last + 1)
)
SLUG_FOLD = str.maketrans({**PERSIAN_LETTERS, **DIGITS, **dict.fromkeys(SILENT, ""),
                           ZWNJ: "-"})
# Search also folds the letters Persian writers interchange within one word: alef with or
# without hamza or madda (NFKD then takes the mark), teh marbuta and heh, the separate ae.
SEARCH_LETTERS = {**PERSIAN_LETTERS, "\u0629": "\u0647", "\u06d5": "\u0647", "\u0671": "\u0627"}
SEARCH_FOLD = str.maketrans({**SEARCH_LETTERS, **DIGITS, **dict.fromkeys(SILENT, "")})

# A word as readers write it: letters and digits, with the silent marks and ZWNJs inside it
# (read in text whose underscores are spaces: both engines' tokenizers split words there).
WORD = re.compile(rf"\w[\w{re.escape(SILENT)}{ZWNJ}\u0300-\u036f]*")
# Affixes Persian writes joined, with a ZWNJ, or after a space: the verbal prefixes and the
# plural, comparative and perfect endings. Written with a space they are still one word.
PREFIXES = frozenset({"می", "نمی"})
SUFFIXES = frozenset({"ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان",
                      "تر", "ترین", "اند", "ایم", "اید"})
GAP = re.compile(r"[ \t\u00a0]+")
NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)
def fold(word):
    """A word's search spelling: folded letters and digits, no marks, lower case. ZWNJs stay."""
    folded = word.translate(SEARCH_FOLD)
    if not folded.isascii():
        folded = "".join(char for char in unicodedata.normalize("NFKD", folded)
                         if not unicodedata.combining(char)).translate(SEARCH_FOLD)
    return folded.lower()


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a text: its parts in search spelling, and where it stands in the text."""

    parts: tuple
    start: int
    end: int

    @property
    def joined(self):
        return "".join(self.parts)

    @property
    def forms(self):
        """What the index holds for it: the parts side by side, then each run of two or more
        parts joined ("زمین‌لرزه‌ای" is found as "زمینلرزه" too), the whole word last."""
        parts = self.parts
        if len(parts) == 1:
            return parts
        return parts + tuple("".join(parts[start:start + size])
                             for size in range(2, len(parts) + 1)
                             for start in range(len(parts) - size + 1))


def words(text):
    """The words of ``text`` in search spelling, a word with a spaced affix taken as one."""
    found = []
    for match in WORD.finditer((text or "").replace("_", " ")):
        parts = split(match.group())
        if not parts:
            continue
        if found and is_affixed(found[-1], parts, text, match.start()):
            previous = found.pop()
            parts, start = previous.parts + parts, previous.start
        else:
            start = match.start()
        found.append(Word(parts, start, match.end()))
    return found


@lru_cache(maxsize=65536)
def split(word):
    """A word's parts in search spelling. Compatibility forms may unfold into characters that
    are not letters (½ into 1⁄2): those go, so a part is always a run of letters and digits."""
    return tuple(part for piece in fold(word).split(ZWNJ) if (part := NOT_WORD.sub("", piece)))


def is_affixed(previous, parts, text, start):
    affixed = (len(parts) == 1 and parts[0] in SUFFIXES) or \
        (len(previous.parts) == 1 and previous.parts[0] in PREFIXES)
    return affixed and GAP.fullmatch(text, previous.end, start) is not None


def search_form(text):
    """What the full-text engines index for ``text``: its words' forms, space-separated."""
    return " ".join(form for word in words(text) for form in word.forms)


def slug_form(text, *, transliterate=False):
    """The slug a headline or name gives: one spelling, a hyphen wherever a space or a ZWNJ
    separates words, Persian letters kept (or, with ``transliterate``, Latin ones)."""
    folded = (text or "").translate(SLUG_FOLD)
    if transliterate:
        folded = folded.translate(TRANSLITERATION)
    return slugify(folded, allow_unicode=True)


# Persian letters in Latin, one letter for one, as street signs and passports commonly write
# them (short vowels are not written in Persian, so none are added).
LATIN = {
    "ا": "a", "آ": "a", "أ": "a", "إ": "e", "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j",
    "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s",
    "ش": "sh", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "gh",
    "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "و": "v", "ه": "h", "ی": "i", "ئ": "y",
    "ؤ": "o", "ء": "", "ة": "h",
}
TRANSLITERATION = str.maketrans(LATIN)


def slug_formatters(*, transliterate=False):
    """``slug_form``'s folding as Wagtail slug-input formatters: (pattern, replacement) pairs
    its slug field applies in the browser before making the slug."""
    pairs = [(f"[{''.join(sorted(sources))}]", target)
             for target, sources in grouped({**PERSIAN_LETTERS, **DIGITS}).items()]
    pairs += [(f"[{SILENT}]", ""), (ZWNJ, "-")]
    if transliterate:
        pairs += [(f"[{''.join(sorted(sources))}]", target)
                  for target, sources in grouped(LATIN).items()]
    return pairs


def grouped(mapping):
    targets = {}
    for source, target in mapping.items():
        targets.setdefault(target, []).append(source)
    return targets

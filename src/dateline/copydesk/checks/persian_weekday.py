"""Persian weekday names against the story's date, for ``weekday.check``: the same three
contradictions as in English (see docs/editors/checks.md), read the Persian way.

A day is found in any spelling (سه‌شنبه, سه شنبه, سهشنبه, Arabic yeh and kaf). Left alone, as in
English: habits (هر شنبه, شنبه‌ها), "last" or "next" (شنبه گذشته, شنبه آینده), plans (a verb in
the future or present tense, قرار است, فردا), and quotations in «». Persian puts the verb after
the day, so the past report is read in the rest of the sentence. Dates written with Solar Hijri
months are not compared yet; Gregorian months written in Persian are.
"""

import datetime
import re

from dateline.news.text_forms import fold, words

# Python's weekday(): Monday is 0.
DAYS = {"شنبه": 5, "یکشنبه": 6, "دوشنبه": 0, "سهشنبه": 1, "چهارشنبه": 2, "پنجشنبه": 3,
        "جمعه": 4}
DAYS = {fold(name): number for name, number in DAYS.items()}
NAMES = {number: name for name, number in DAYS.items()}
NUMBERED = {fold(word) for word in ("یک", "دو", "سه", "چهار", "پنج")}
HABIT_BEFORE = {fold(word) for word in ("هر", "همه")}
PAST_MARK_AFTER = {fold(word) for word in ("گذشته", "قبل", "پیش")}
PLAN_AFTER = {fold(word) for word in ("آینده", "بعد", "دیگر", "آتی")}
FUTURE = {fold(word) for word in ("خواهد", "خواهند", "خواهیم", "خواهم", "قرار", "فردا",
                                  "برنامه", "تا")}
PAST_VERBS = {fold(word) for word in """
گفت گفتند کرد کردند شد شدند بود بودند داشت داشتند رفت رفتند آمد آمدند داد دادند زد زدند گرفت
گرفتند رسید رسیدند کشت کشتند افتاد افتادند برد بردند دید دیدند نوشت نوشتند خواند خواندند یافت
یافتند ماند ماندند گذشت پرداخت پرداختند انداخت انداختند ساخت ساختند
""".split()}
# A verb with the present prefix written apart (می‌رود) tells of now or later.
PRESENT_PREFIXES = {fold("می"), fold("نمی")}
RELATIVE = {fold("دیروز"): 1, fold("امروز"): 0, fold("امشب"): 0}
MONTHS = {fold(name): number for number, name in enumerate(
    ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر",
     "نوامبر", "دسامبر"], start=1)}
SENTENCE_END = re.compile(r"[.!?؟\n]")
ENGLISH = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def mentions(text):
    """(weekday, index of its last word, the words) for each Persian weekday name in ``text``."""
    found = words(text)
    for index, word in enumerate(found):
        if word.joined not in DAYS:
            continue
        if word.joined == fold("شنبه") and index and found[index - 1].joined in NUMBERED \
                and found[index - 1].end + 2 > word.start:
            yield DAYS[found[index - 1].joined + word.joined], index - 1, index, found
        else:
            yield DAYS[word.joined], index, index, found


def findings(text, published_on):
    """(quoted text, message) for each Persian weekday that contradicts ``published_on``."""
    for weekday, first, last, found in mentions(text):
        if is_quoted(text, found[first].start):
            continue
        before = sentence_words(text, found, first, backwards=True)
        after = sentence_words(text, found, last, backwards=False)
        quoted = text[found[first].start:found[last].end]
        if (before and before[-1].joined in HABIT_BEFORE) or \
                (after and after[0].joined in PAST_MARK_AFTER | PLAN_AFTER):
            continue
        if dated := explicit_date(after, published_on):
            if dated.weekday() != weekday:
                yield quoted, (f"{dated:%d %B %Y} is a {ENGLISH[dated.weekday()]}, not a "
                               f"{ENGLISH[weekday]} ({NAMES[weekday]}). Correct the day or the "
                               "date.")
            continue
        relative = next((RELATIVE[word.joined] for word in before[-2:] + after[:2]
                         if word.joined in RELATIVE), None)
        if relative is not None:
            meant = published_on - datetime.timedelta(days=relative)
            if meant.weekday() != weekday:
                yield quoted, (f"The story is dated {published_on:%A %d %B %Y}, so that day is "
                               f"{ENGLISH[meant.weekday()]}, not {ENGLISH[weekday]} "
                               f"({NAMES[weekday]}). Correct the day, or the story's date.")
            continue
        if (published_on.weekday() - weekday) % 7 == 6 and reports_past(after):
            day = ENGLISH[weekday]
            yield quoted, (f"This reports something that happened on {day} ({NAMES[weekday]}), "
                           f"but the story is dated {published_on:%A %d %B %Y}, the day before a "
                           f"{day}. If the date is right, the event was six days earlier: write "
                           f"“{NAMES[weekday]} گذشته” or the date. Otherwise correct the story's "
                           "publication date.")


def sentence_words(text, found, index, *, backwards):
    """The words of the sentence before (or after) word ``index``."""
    if backwards:
        start = max((match.end() for match in SENTENCE_END.finditer(text, 0, found[index].start)),
                    default=0)
        return [word for word in found[:index] if word.start >= start]
    end = SENTENCE_END.search(text, found[index].end)
    stop = end.start() if end else len(text)
    return [word for word in found[index + 1:] if word.end <= stop]


def is_quoted(text, position):
    preceding = text[:position]
    return preceding.count("«") > preceding.count("»")


def explicit_date(after, published_on):
    """A Gregorian date written in Persian right after the day: ۷ اکتبر [۲۰۲۳]."""
    after = [word.joined for word in after[:3]]
    if len(after) < 2 or not after[0].isdigit() or after[1] not in MONTHS:
        return None
    day, month = int(after[0]), MONTHS[after[1]]
    years = [int(after[2])] if len(after) > 2 and after[2].isdigit() and len(after[2]) == 4 \
        else [published_on.year + shift for shift in (0, -1, 1)]
    candidates = []
    for year in years:
        try:
            candidates.append(datetime.date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda date: abs(date - published_on)) if candidates else None


def reports_past(after):
    """Whether the rest of the sentence reports a past event: a past verb, and no plan."""
    for word in after:
        present = len(word.parts) > 1 and word.parts[0] in PRESENT_PREFIXES
        if word.joined in FUTURE or present:
            return False
        if word.joined in PAST_VERBS:
            return True
    return False

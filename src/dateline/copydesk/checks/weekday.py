"""A weekday in the text that disagrees with the story's date.

News copy names the day for anything within a week ("said on Saturday"), so a bare weekday
always points somewhere in the seven days up to publication. It can still contradict the date:

- an explicit date beside it falls on another day ("Saturday, 7 October" in a year when
  7 October is a Friday);
- "yesterday" or "today" beside it names another day;
- a past event on the weekday right after the publication day ("said on Saturday" in a
  story dated Friday): read literally it was six days ago, but that is almost always a story
  filed a day later than its date says (a stale date, or a clock in the wrong time zone).
  Writing "last Saturday" or the date settles it either way.

Mentions that are not about a day of the past week are left alone: habits ("every Saturday",
"Saturdays"), plans ("will meet on Monday", "next Monday", "scheduled for Monday"), ranges
("Monday to Friday"), names ("Black Friday", "the Sunday Times"), a day used as a label
("Saturday's match") and quotations, whose "Saturday" is the speaker's, not the paper's.
Persian weekday names are read by ``persian_weekday``. See docs/editors/checks.md.
"""

import datetime
import re

from dateline.copydesk.checks import persian_weekday
from dateline.copydesk.findings import block, knows

NAME = "weekday"

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
MENTION = re.compile(rf"\b({WEEKDAY})(s)?\b")
MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}
# Capitalised, as English writes months, so that "Saturday 7 may have" is not a date.
MONTH = r"(?P<month>" + "|".join(sorted((name.capitalize() for name in MONTHS), key=len,
                                        reverse=True)) + r")\.?"
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
# "Saturday, 7 October", "Saturday night (Oct. 7)", "Saturday October 7, 2023".
DATE_LEAD = r"^(?:\s+(?:morning|afternoon|evening|night))?\s*[,(]?\s*"
EXPLICIT_DATE = [
    re.compile(rf"{DATE_LEAD}(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH}{YEAR}\b"),
    re.compile(rf"{DATE_LEAD}{MONTH}\s+{DAY}{YEAR}\b"),
]

HABIT_BEFORE = re.compile(r"\b(?:every|each|most|some|any|other|alternate|several|many)\s+$",
                          re.IGNORECASE)
PAST_MARK_BEFORE = re.compile(r"\b(?:last|past)\s+$", re.IGNORECASE)
RANGE_AFTER = re.compile(rf"^\s*(?:to|through|thru|till|until|-|–|—)\s*{WEEKDAY}")
RANGE_BEFORE = re.compile(rf"{WEEKDAY}\s*(?:to|through|thru|till|until|-|–|—)\s*$")
NAMED_DAY_BEFORE = re.compile(
    r"\b(?:Black|Good|Super|Cyber|Easter|Palm|Bloody|Holy|Ash|Maundy|Giving|Blue|Shrove|"
    r"Fat|Whit|Low|Trinity|Mothering|Remembrance|Man|Girl|Casual|Freaky|Throwback)\s+$"
)
NAMED_DAY_AFTER = re.compile(
    r"^\s+(?:Times|Telegraph|Post|Express|Mirror|Herald|Independent|Star|Sport|Review|"
    r"Magazine|Edition|Show|Club|Market|School|Service|Night (?:Live|Fever|Lights)|"
    r"Evening Post|Morning Post)\b"
)
RELATIVE_DAY_BEFORE = re.compile(r"\b(yesterday|today|tonight)\s*[,(]?\s*$", re.IGNORECASE)
RELATIVE_DAY_AFTER = re.compile(r"^\s*[,(]?\s*(yesterday|today|tonight)\b", re.IGNORECASE)
FUTURE = re.compile(
    r"\b(?:will|won't|shall|would|could|might|may|'ll|due|to be|set to|plans?|planned|"
    r"planning|scheduled|expected|expects?|intends?|intended|going to|aims? to|hopes? to|"
    r"next|coming|upcoming|until|till|ahead of|deadline|slated|poised|preview|tomorrow)\b",
    re.IGNORECASE,
)
PLAN_BEFORE = re.compile(r"\b(?:this|by|from|before|starting|beginning)\s+(?:coming\s+)?$",
                         re.IGNORECASE)
IRREGULAR_PAST = (
    "said|told|was|were|had|did|met|held|made|took|gave|went|came|saw|began|won|lost|left|"
    "fell|rose|sent|spoke|wrote|broke|brought|bought|caught|fought|thought|found|got|hit|"
    "kept|let|paid|put|ran|sat|stood|struck|swore|threw|became|shot|sold|led|fled|knew|"
    "drew|flew|grew|chose|froze|stole|woke|wore|tore|ate|drove|rode|hung|meant|felt|built|"
    "spent|lent|bent|dealt|quit|cut|set out|shut|spread|beat|bit|hid|slid|sang|rang|sank|swam"
)
PAST_CUE = re.compile(rf"\b(?:{IRREGULAR_PAST}|\w{{3,}}ed)\b", re.IGNORECASE)
# -ed words that describe rather than report, or that announce a plan.
NOT_PAST = {
    "armed", "united", "based", "related", "limited", "advanced", "skilled", "married",
    "talented", "aged", "beloved", "naked", "wicked", "sacred", "crooked", "rugged",
    "hundred", "indeed", "speed", "breed", "greed", "proposed", "supposed", "alleged",
    "scheduled", "expected", "planned", "intended", "slated", "billed", "anticipated",
}
SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z\"“])|\n")
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
CLAUSE_BREAK = re.compile(r"[,;:]")


@knows("en", "fa")
def check(copy):
    if copy.published_on is None:
        return
    for passage in copy.passages:
        for mention in MENTION.finditer(passage.text):
            finding = judge(passage, mention, copy.published_on)
            if finding is not None:
                yield finding
        if ARABIC_SCRIPT.search(passage.text):
            for quoted, message in persian_weekday.findings(passage.text, copy.published_on):
                yield block(NAME, passage.field, quoted, message)


def judge(passage, mention, published_on):
    text = passage.text
    before = text[sentence_start(text, mention.start()):mention.start()]
    after = text[mention.end():sentence_end(text, mention.end())]
    weekday = WEEKDAYS.index(mention.group(1))
    if mention.group(2) or not refers_to_one_day(text, mention, before, after):
        return None
    if dated := explicit_date(after, published_on):
        return mismatched_date(passage, mention, weekday, dated)
    if relative := relative_day(before, after):
        return mismatched_relative_day(passage, mention, weekday, relative, published_on)
    if PAST_MARK_BEFORE.search(before) or is_plan(before, after):
        return None
    days_back = (published_on.weekday() - weekday) % 7
    # "Saturday's match was postponed" may well be tomorrow's match: the verb is not the day's.
    possessive = after.startswith(("'s", "’s"))
    if days_back == 6 and not possessive and reports_past(before, after):
        return day_after_publication(passage, mention, before, published_on)
    return None


def refers_to_one_day(text, mention, before, after):
    return not (
        HABIT_BEFORE.search(before)
        or RANGE_BEFORE.search(before) or RANGE_AFTER.search(after)
        or NAMED_DAY_BEFORE.search(before) or NAMED_DAY_AFTER.search(after)
        or is_quoted(text, mention.start())
    )


def is_quoted(text, position):
    """Inside quotation marks the day is the speaker's, said on a day we do not know."""
    preceding = text[:position]
    curly_open = preceding.count("“") > preceding.count("”")
    return curly_open or preceding.count('"') % 2 == 1


def explicit_date(after, published_on):
    for pattern in EXPLICIT_DATE:
        if match := pattern.match(after):
            month, day = MONTHS[match["month"].lower()], int(match["day"])
            years = [int(match["year"])] if match["year"] else \
                [published_on.year + shift for shift in (0, -1, 1)]
            candidates = [date for year in years if (date := safe_date(year, month, day))]
            if candidates:
                return min(candidates, key=lambda date: abs(date - published_on))
    return None


def safe_date(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def relative_day(before, after):
    match = RELATIVE_DAY_BEFORE.search(before) or RELATIVE_DAY_AFTER.search(after)
    return match.group(1).lower() if match else None


def is_plan(before, after):
    """Whether the day is one still to come: the verb nearest before it, or just after, says so.

    "said on Saturday that talks would resume" is a report: the past verb comes first.
    """
    if PLAN_BEFORE.search(before):
        return True
    clause = CLAUSE_BREAK.split(before)[-1]
    future_at = max((match.end() for match in FUTURE.finditer(clause)), default=-1)
    past_at = max((match.end() for match in past_cues(clause)), default=-1)
    if future_at != past_at:
        return future_at > past_at
    return bool(FUTURE.search(words_after(after)))


def reports_past(before, after):
    nearby = " ".join(CLAUSE_BREAK.split(before)[-1].split()[-6:]) + " " + words_after(after)
    return next(past_cues(nearby), None) is not None


def past_cues(text):
    return (match for match in PAST_CUE.finditer(text) if match.group(0).lower() not in NOT_PAST)


def words_after(after, count=4):
    return " ".join(CLAUSE_BREAK.sub(" ", after).split()[:count])


def mismatched_date(passage, mention, weekday, dated):
    if dated.weekday() == weekday:
        return None
    return block(
        NAME, passage.field, mention.group(0) + " … " + format_day(dated, weekday=False),
        f"{format_day(dated, weekday=False)} is a {WEEKDAYS[dated.weekday()]}, not a "
        f"{WEEKDAYS[weekday]}. Correct the day or the date.",
    )


def mismatched_relative_day(passage, mention, weekday, relative, published_on):
    meant = published_on - datetime.timedelta(days=1 if relative == "yesterday" else 0)
    if meant.weekday() == weekday:
        return None
    return block(
        NAME, passage.field, f"{relative} … {mention.group(0)}",
        f"The story is dated {format_day(published_on)}, so “{relative}” is "
        f"{WEEKDAYS[meant.weekday()]}, not {WEEKDAYS[weekday]}. Correct the day, or the "
        "story's date.",
    )


def day_after_publication(passage, mention, before, published_on):
    day = WEEKDAYS[(published_on.weekday() + 1) % 7]
    previous = published_on - datetime.timedelta(days=6)
    lead = " ".join(before.split()[-3:])
    return block(
        NAME, passage.field, f"{lead} {mention.group(0)}".strip(),
        f"This reports something that happened on {day}, but the story is dated "
        f"{format_day(published_on)}, the day before a {day}. If the date is right, the event "
        f"was six days earlier: write “last {day}” or “{format_day(previous)}”. Otherwise "
        "correct the story's publication date.",
    )


def format_day(date, weekday=True):
    day = f"{date.day} {date:%B %Y}"
    return f"{WEEKDAYS[date.weekday()]} {day}" if weekday else day


def sentence_start(text, position):
    starts = [match.end() for match in SENTENCE_END.finditer(text, 0, position)]
    return starts[-1] if starts else 0


def sentence_end(text, position):
    match = SENTENCE_END.search(text, position)
    return match.start() if match else len(text)

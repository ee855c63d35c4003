"""Filler and placeholder text: lorem ipsum (Latin and Persian), theme demo prose, TK, TODO,
XXX, [confirm].

All of it blocks: none of it is ever meant for readers, and once published it is indexed,
syndicated and screenshotted within minutes.
"""

import re

from dateline.copydesk.findings import block, knows
from dateline.copydesk.persian import Phrases

NAME = "filler"

# Words of the lorem ipsum family (Cicero as mangled by typesetters, and its generators).
LOREM_WORDS = (
    "lorem|ipsum|lipsum|dolor sit|amet|consectetur|consectetuer|adipiscing|adipisicing|"
    "eiusmod|incididunt|labore et dolore|aliqua|ullamco|laboris|nisi ut|aliquip|"
    "reprehenderit|voluptate|cillum|excepteur|occaecat|cupidatat|proident|pellentesque|"
    "vestibulum|curabitur|maecenas|phasellus|nullam|fusce|suspendisse|mauris"
)
LOREM = re.compile(rf"\b(?:{LOREM_WORDS})\b", re.IGNORECASE)
# One of these is proof on its own; the rest count only in pairs, since "amet" or "Mauris"
# can be a name.
LOREM_ALONE = re.compile(r"\b(?:lorem|ipsum|lipsum|dolor sit amet|consectetur adipiscing)\b",
                         re.IGNORECASE)

# What themes, page builders and site templates ship as sample copy.
THEME_FILLER = re.compile(
    r"\b(?:"
    r"(?:dummy|filler|placeholder|blind) (?:text|copy|content)"
    r"|this is (?:an? |your )?(?:example|sample|demo) (?:page|post|text)"
    r"|this is your (?:first post|about page|about us page)"
    r"|just another (?:wordpress|wix|squarespace) (?:site|blog)"
    r"|welcome to (?:wordpress|our (?:new )?(?:website|site|blog))"
    r"|edit or delete it"
    r"|(?:click|double[- ]click) (?:here )?to (?:edit|add|change|replace)"
    r"|(?:add|insert|write|put|type|replace with) (?:your|some) (?:own )?"
    r"(?:text|content|description|copy|story|title) here"
    r"|your (?:company|business|site) name here"
    r"|we are a (?:creative|digital|full[- ]service|award[- ]winning) (?:agency|studio|team)"
    r"|the word mountains"
    r")\b",
    re.IGNORECASE,
)

# Persian lorem ipsum ("لورم ایپسوم متن ساختگی با تولید سادگی نامفهوم از صنعت چاپ…") and what
# generators make of it. Its name, or one of its nonsense phrases, is proof on its own; its
# plainer phrases count only in pairs, since a real story may say "طراحان گرافیک".
PERSIAN_LOREM_ALONE = Phrases([
    "لورم ایپسوم", "لورم", "ایپسوم", "متن ساختگی با تولید سادگی نامفهوم", "سادگی نامفهوم",
    "چاپگرها و متون بلکه روزنامه و مجله", "در ستون و سطرآنچنان که لازم است",
    "در شصت و سه درصد گذشته حال و آینده", "علی الخصوص طراحان خلاقی",
    "تمام و دشواری موجود در ارائه راهکارها", "جوابگوی سوالات پیوسته اهل دنیای موجود طراحی",
])
PERSIAN_LOREM = Phrases([
    "از صنعت چاپ", "طراحان گرافیک", "شرایط فعلی تکنولوژی", "کاربردهای متنوع",
    "بهبود ابزارهای کاربردی", "شناخت فراوان جامعه و متخصصان", "طراحان رایانه ای",
    "فرهنگ پیشرو در زبان فارسی", "شرایط سخت تایپ", "حروفچینی دستاوردهای اصلی",
    "اساسا مورد استفاده قرار گیرد",
])
# Persian themes' and WordPress's sample prose.
PERSIAN_THEME_FILLER = Phrases([
    "متن ساختگی", "این یک متن آزمایشی است", "به وردپرس خوش آمدید",
    "این نخستین نوشته شماست", "متن خود را اینجا بنویسید", "متن خود را اینجا وارد کنید",
])

# Newsroom markers for "still to come"; capitals only, as editors type them.
MARKER = re.compile(r"(?<![\w-])(TK|TKTK|TODO|FIXME|XXX)(?![\w-])")
NAME_WORD = re.compile(r"[A-Z][\w&]*")
# "the TK", "die TK": a placeholder takes no article; an organisation's initials do.
ARTICLE = re.compile(r"(?:the|der|die|das|den|dem|des|la|le|les|el|il)", re.IGNORECASE)
# A bracketed note to self: [confirm], [CHECK spelling], [TK], [link?], [insert quote].
BRACKET_NOTE = re.compile(
    r"\[\s*(?:confirm|check|verify|tk|tbc|tbd|todo|fixme|fact[- ]?check|citation needed"
    r"|source\??|link\??|insert|add|fill in|placeholder|name\?|date\?|number\?|figure\?"
    r"|\?+)\b[^\]]{0,80}\]",
    re.IGNORECASE,
)


@knows("en", "fa")
def check(copy):
    for passage in copy.passages:
        yield from lorem(passage)
        # One finding per passage: Persian lorem ipsum calls itself "متن ساختگی" too.
        persian = list(persian_lorem(passage)) or \
            [block(NAME, passage.field, found.text,
                   "This reads like a theme's or template's sample text, not your own. "
                   "Replace it with real copy.")
             for found in PERSIAN_THEME_FILLER.find(passage.text)][:1]
        yield from persian
        # One finding per passage: sample prose comes in whole paragraphs.
        if match := THEME_FILLER.search(passage.text):
            yield block(NAME, passage.field, match.group(0),
                        "This reads like a theme's or template's sample text, not your own. "
                        "Replace it with real copy.")
        for match in BRACKET_NOTE.finditer(passage.text):
            yield block(NAME, passage.field, match.group(0),
                        "An editing note in brackets is still in the text. Resolve it and "
                        "remove the note.")
        for match in MARKER.finditer(passage.text):
            if not is_part_of_name(passage.text, match):
                yield block(NAME, passage.field, match.group(0),
                            f"The placeholder {match.group(1)} marks something still to be "
                            "written or checked. Fill it in and remove the marker.")


def lorem(passage):
    words = {match.group(0).lower() for match in LOREM.finditer(passage.text)}
    alone = LOREM_ALONE.search(passage.text)
    if alone or len(words) >= 2:
        found = alone.group(0) if alone else LOREM.search(passage.text).group(0)
        yield block(NAME, passage.field, found,
                    "This is lorem ipsum, typesetters' dummy Latin. Replace it with real copy.")


def persian_lorem(passage):
    alone = next(PERSIAN_LOREM_ALONE.find(passage.text), None)
    phrases = list(PERSIAN_LOREM.find(passage.text))
    if alone or len(phrases) >= 2:
        yield block(NAME, passage.field, (alone or phrases[0]).text,
                    "This is Persian lorem ipsum (لورم ایپسوم), generators' dummy text. "
                    "Replace it with real copy.")


def is_part_of_name(text, match):
    """TK Maxx, the TK, Super Bowl XXX: initials that belong to a name, not a marker.

    A capital word before TK does not count: "Mayor TK" is exactly how a missing name looks.
    """
    before = text[:match.start()].split()
    after = text[match.end():].split()
    next_word = after[0] if after else ""
    if NAME_WORD.match(next_word) and not MARKER.match(next_word):
        return True
    if before and ARTICLE.fullmatch(before[-1]):
        return True
    return match.group(1) == "XXX" and bool(before) and NAME_WORD.fullmatch(before[-1]) is not None

"""Did a post's words arrive? The words readers saw in WordPress, against the imported body.

The source's words are the text of its content as published (markup, block comments and
shortcode brackets removed; the block editor's footnotes, kept in post meta, added). The
body's words are the text of every block as stored. Words are compared as multisets, block
by block of the source in order, so that the report can name the block editor's block whose
words did not all arrive, and blocks WordPress builds from other content as it renders the
page (latest posts, archives, a search box) and that have no text of their own in the export.
"""

import json
import re
from collections import Counter

from bs4 import BeautifulSoup

from dateline.importers.body import INLINE
from dateline.importers.wordpress.shortcodes import BLOCK_DELIMITER as DELIMITER

WORD = re.compile(r"\w+")
REUSABLE_BLOCK = re.compile(r'<!--\s+wp:block\s+\{[^}]*"ref"\s*:\s*(\d+)[^}]*\}\s*/-->')
SHORTCODE_TAG = re.compile(r"\[/?[A-Za-z][\w-]*(?:\s[^\[\]]*)?/?\]")
# Markup inside a line of text: "Beta<span>Gamma</span>" is one word to a reader, as it is
# once the sanitiser has unwrapped the span; every other element (and <br>) parts words.
JOINING = (INLINE - {"br"}) | {"font", "big", "tt", "strike", "bdi", "bdo", "wbr", "ruby", "rt",
                               "rp", "data", "label", "img"}
# Blocks whose output is made at render time from other content or from settings only.
RENDERED_BY_WORDPRESS = "WordPress builds them from other content as it shows the page"


def words(text):
    return Counter(word.casefold() for word in WORD.findall(text or ""))


def html_words(html):
    soup = BeautifulSoup(html or "", "html.parser")
    for tag in soup.find_all(["script", "style"]):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.name not in JOINING:
            tag.insert_before(" ")
            tag.insert_after(" ")
    return words(soup.get_text())


def footnotes_html(item):
    """The block editor's footnotes (WordPress 6.3+) live in post meta, as JSON."""
    if "wp:footnotes" not in (item.content or ""):
        return ""
    try:
        notes = json.loads(item.meta.get("footnotes") or "[]")
    except ValueError:
        return ""
    entries = [note.get("content", "") for note in notes
               if isinstance(note, dict) and isinstance(note.get("content"), str)]
    if not entries:
        return ""
    return "<ol>" + "".join(f"<li>{entry}</li>" for entry in entries) + "</ol>"


def published_html(item, reusable_blocks):
    """The post's content as WordPress shows it: each reusable block
    (``<!-- wp:block {"ref":12} /-->``) replaced by the content of the export's wp_block item
    12, which ``reusable_blocks`` maps by ID, and its footnotes at the end."""
    def expand(match):
        content = reusable_blocks.get(match.group(1))
        return match.group(0) if content is None else content
    return REUSABLE_BLOCK.sub(expand, item.content or "") + footnotes_html(item)


def source_words(html):
    return html_words(SHORTCODE_TAG.sub(" ", DELIMITER.sub(" ", html or "")))


def top_level_blocks(html):
    """[(block name, its markup)], in order; text outside any block is "classic" text."""
    parts, depth, start, name, last = [], 0, 0, "", 0
    for match in DELIMITER.finditer(html or ""):
        closing, namespace, short, _attributes, self_closing = match.groups()
        full = (namespace or "core/") + short
        if self_closing:
            if depth == 0:
                parts.append(("classic", html[last:match.start()]))
                parts.append((full, ""))
                last = match.end()
            continue
        if not closing:
            if depth == 0:
                parts.append(("classic", html[last:match.start()]))
                start, name = match.end(), full
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                parts.append((name, html[start:match.start()]))
                last = match.end()
    parts.append(("classic", html[last:] if depth == 0 else html[start:]))
    return [(name, markup) for name, markup in parts if name != "classic" or markup.strip()]


def body_words(blocks):
    """The words of a body as stored (raw StreamField data)."""
    found = Counter()
    for block in blocks:
        found += value_words(block["type"], block["value"])
    return found


def value_words(kind, value):
    if kind == "paragraph":
        return html_words(value)
    if kind == "subhead":
        return words(value)
    if kind == "quote":
        return words(value["text"]) + words(value.get("attribution", ""))
    if kind == "embed":
        return words(value["url"]) + words(value.get("caption", ""))
    if kind == "image":
        return words(value.get("caption", ""))
    if kind == "gallery":
        return words(value.get("caption", "")) + sum(
            (words(picture.get("caption", "")) for picture in value["images"]), Counter())
    if kind == "fact_box":
        return words(value["title"]) + html_words(value["body"])
    if kind == "preformatted":
        return words(value["text"])
    if kind == "table":
        cells = " ".join(cell or "" for row in value["data"] for cell in row)
        return words(cells) + words(value.get("table_caption") or "")
    return Counter()


def coverage(source, arrived):
    """Share (0 to 1) of the source's words found among the words that arrived."""
    total = sum(source.values())
    return 1.0 if not total else sum((source & arrived).values()) / total


def lost_blocks(html, blocks):
    """[(block name, words missing, words in it)] for each source block not wholly kept, and
    [(block name, RENDERED_BY_WORDPRESS)] for blocks with nothing in the export to import."""
    remaining = body_words(blocks)
    lost = []
    for name, markup in top_level_blocks(html):
        wanted = source_words(markup)
        if not wanted and name != "classic" and not markup.strip():
            if name not in NO_CONTENT_NEEDED:
                lost.append((name, None, 0))
            continue
        missing = wanted - remaining
        remaining -= wanted
        if missing:
            lost.append((innermost(name, markup, missing), sum(missing.values()),
                         sum(wanted.values())))
    return lost


def innermost(name, markup, missing, *, depth=0):
    """The block inside ``name`` that holds every missing word, as a path ("core/group >
    core/html"); ``name`` alone when they are spread over several, or nesting runs deeper
    than any editor builds."""
    holders = [(inner, inner_markup) for inner, inner_markup in top_level_blocks(markup)
               if inner != "classic" and not missing - source_words(inner_markup)]
    if len(holders) != 1 or depth >= MAX_DEPTH_NAMED:
        return name
    inner, inner_markup = holders[0]
    return f"{name} > {innermost(inner, inner_markup, missing, depth=depth + 1)}"


MAX_DEPTH_NAMED = 8
# Self-closing blocks that carry nothing a reader reads, so nothing is lost without them.
NO_CONTENT_NEEDED = {"core/spacer", "core/separator", "core/more", "core/nextpage",
                     "core/footnotes"}

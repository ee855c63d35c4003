"""WordPress post content becomes plain HTML that importers.body can turn into blocks.

WordPress stores what the author typed, not what readers saw: shortcodes ([caption],
[gallery], [embed]), bare media URLs that it turns into embeds, block-editor comments, and,
from the classic editor, text whose blank lines only become paragraphs when WordPress renders
it (``wpautop``). This module does those steps once, at import. Shortcodes it does not know
are left as visible text and named, so that an editor can look at them.
"""

import html
import re
from dataclasses import dataclass, field

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->|<!--\s*(?:more|nextpage|noteaser)\b.*?-->", re.S)
# <!-- wp:name {json} --> … <!-- /wp:name -->, or <!-- wp:name {json} /--> on its own.
BLOCK_DELIMITER = re.compile(
    r"<!--\s+(/)?wp:([a-z][a-z0-9_-]*/)?([a-z][a-z0-9_-]*)\s+(\{.*?\}\s+)?(/)?-->", re.S)
CAPTION = re.compile(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.S | re.I)
GALLERY = re.compile(r"\[gallery\b([^\]]*)\]", re.I)
EMBED = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.S | re.I)
BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.M)
SHORTCODE = re.compile(r"(?<!\[)\[([A-Za-z][\w-]*)(?=[\s\]/])[^\[\]]*\](?!\])")
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))""")
IMAGE_TAG = re.compile(r"<img\b[^>]*>", re.I)
HAS_PARAGRAPHS = re.compile(r"<p[\s>]", re.I)
BLOCK_START = re.compile(
    r"^\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|figure|pre|table|hr|dl|address|section)[\s>/]",
    re.I,
)


@dataclass
class Gallery:
    """An image a gallery shows: its address, alternative text and caption."""

    url: str
    alt: str = ""
    caption: str = ""


@dataclass
class Expanded:
    html: str
    unknown_shortcodes: list = field(default_factory=list)


def expand(content, *, gallery_images):
    """HTML for ``content``; ``gallery_images(ids)`` lists a gallery's images.

    ``ids`` is the list of attachment IDs a [gallery] names, or None for "the images attached
    to this post", which is what WordPress shows for a bare [gallery].
    """
    parts = [expand_part(text, in_block, gallery_images)
             for text, in_block in block_parts(content or "")]
    return Expanded(html="".join(part.html for part in parts),
                    unknown_shortcodes=[name for part in parts
                                        for name in part.unknown_shortcodes])


def expand_part(content, in_block, gallery_images):
    # Classic-editor text gets its paragraphs from wpautop; a block's markup is whole already
    # (its blank lines may be a poem's stanzas in a <pre>).
    classic = not in_block and not HAS_PARAGRAPHS.search(content)
    text = BLOCK_COMMENT.sub("", content)
    text = CAPTION.sub(caption_figure, text)
    text = GALLERY.sub(lambda match: gallery_figures(match, gallery_images), text)
    text = EMBED.sub(lambda match: as_block(f"<p>{match.group(1).strip()}</p>"), text)
    text = BARE_URL_LINE.sub(lambda match: as_block(f"<p>{match.group(1)}</p>"), text)
    unknown = [match.group(1).lower() for match in SHORTCODE.finditer(text)]
    if classic:
        text = autop(text)
    return Expanded(html=text, unknown_shortcodes=unknown)


def block_parts(html):
    """[(text, inside a block?)] in order: the block editor's top-level blocks, and the text
    between them (classic-editor text, or all of a post written before blocks)."""
    parts, depth, last = [], 0, 0
    for match in BLOCK_DELIMITER.finditer(html):
        closing, _namespace, _name, _attributes, self_closing = match.groups()
        if self_closing:
            continue
        if not closing:
            if depth == 0:
                parts.append((html[last:match.start()], False))
                last = match.start()
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                parts.append((html[last:match.end()], True))
                last = match.end()
    parts.append((html[last:], depth > 0))
    return [(text, in_block) for text, in_block in parts if text]


def autop(text):
    """WordPress's wpautop, in short: blank lines separate paragraphs, single newlines break."""
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        chunk = chunk.strip()
        if not chunk:
            continue
        if BLOCK_START.match(chunk):
            paragraphs.append(chunk)
        else:
            paragraphs.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(paragraphs)


def attributes(text):
    found = {}
    for name, double, single, bare in ATTRIBUTE.findall(text or ""):
        found[name.lower()] = double or single or bare
    return found


def as_block(markup):
    # Blank lines around a block keep autop from wrapping it in a paragraph.
    return f"\n\n{markup}\n\n"


def caption_figure(match):
    options = attributes(match.group(2))
    inner = match.group(3)
    image = IMAGE_TAG.search(inner)
    if image is None:
        return as_block(f"<p>{inner}</p>")
    # Older exports put the caption in an attribute; newer ones after the image.
    after = IMAGE_TAG.sub("", re.sub(r"</?a\b[^>]*>", "", inner)).strip()
    caption = after or html.escape(options.get("caption", ""))
    return as_block(f"<figure>{image.group(0)}<figcaption>{caption}</figcaption></figure>")


def gallery_figures(match, gallery_images):
    options = attributes(match.group(1))
    listed = options.get("ids") or options.get("include") or ""
    ids = [part.strip() for part in listed.split(",") if part.strip().isdecimal()]
    images = gallery_images(ids or None)
    figures = []
    for image in images:
        tag = f'<img src="{html.escape(image.url)}" alt="{html.escape(image.alt)}">'
        figures.append(
            f"<figure>{tag}<figcaption>{html.escape(image.caption)}</figcaption></figure>"
        )
    if not figures:
        return ""
    return as_block('<figure class="gallery">' + "\n".join(figures) + "</figure>")

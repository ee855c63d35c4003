"""Imported HTML becomes an article body: a list of StreamField blocks.

The HTML is sanitised first; then each top-level element becomes the block that fits it:
paragraphs and lists → paragraph, headings → subhead, blockquote → quote, a lone link to
outside media → embed, figure/img → image (when the caller can supply the image).
"""

import re
from html import escape
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from dateline.importers.sanitise import clean_html

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
TEXT_BLOCKS = {"p", "ul", "ol", "pre"}
INLINE = {"a", "b", "strong", "i", "em", "u", "s", "sub", "sup", "code", "br"}
BARE_URL = re.compile(r"^https?://\S+$")


def html_to_blocks(html, *, resolve_image=None):
    """Blocks as StreamField raw data: ``[{"type": ..., "value": ...}, ...]``.

    ``resolve_image(src, alt)`` returns a NewsImage (or None to drop the image).
    """
    soup = BeautifulSoup(clean_html(html), "html.parser")
    blocks = []
    pending_inline = []

    def flush_inline():
        # A text node's str() is its unescaped text: "&lt;script&gt;" would become markup.
        text = "".join(escape(node, quote=False) if isinstance(node, NavigableString)
                       else str(node) for node in pending_inline).strip()
        pending_inline.clear()
        if text:
            blocks.append(paragraph(f"<p>{text}</p>"))

    def visit(node):
        if isinstance(node, NavigableString):
            if str(node).strip():
                pending_inline.append(node)
            return
        if not isinstance(node, Tag):
            return
        name = node.name
        if name in INLINE:
            pending_inline.append(node)
            return
        flush_inline()
        if name == "p" and is_bare_link(node):
            url = node.get_text(strip=True) or node.find("a")["href"]
            blocks.append(embed(url))
        elif name in TEXT_BLOCKS:
            if node.get_text(strip=True) or node.find("img") is None:
                if node.get_text(strip=True):
                    blocks.append(paragraph(str(node)))
            for image in node.find_all("img"):
                add_image(image, caption="")
        elif name in HEADINGS:
            text = node.get_text(" ", strip=True)
            if text:
                blocks.append({"type": "subhead", "value": text[:255]})
        elif name == "blockquote":
            text = node.get_text("\n", strip=True)
            if text:
                blocks.append({"type": "quote", "value": {"text": text, "attribution": ""}})
        elif name == "figure":
            caption = node.find("figcaption")
            caption_text = caption.get_text(" ", strip=True) if caption else ""
            images = node.find_all("img")
            for image in images:
                add_image(image, caption=caption_text)
            if not images and caption_text:
                blocks.append(paragraph(f"<p>{escape(caption_text, quote=False)}</p>"))
        elif name == "img":
            add_image(node, caption="")
        else:
            for child in list(node.children):
                visit(child)
            flush_inline()

    def add_image(tag, *, caption):
        if resolve_image is None or not tag.get("src"):
            return
        image = resolve_image(tag["src"], tag.get("alt", ""))
        if image is not None:
            blocks.append({
                "type": "image",
                "value": {"image": image.pk, "alt_text": tag.get("alt", "")[:255],
                          "caption": caption[:255], "credit": ""},
            })

    for child in list(soup.children):
        visit(child)
    flush_inline()
    return blocks


def paragraph(html):
    """Rich text as stored: sanitised again after BeautifulSoup wrote it back out, since the
    body is printed as it is stored."""
    return {"type": "paragraph", "value": clean_html(html)}


def embed(url):
    host = urlsplit(url).hostname or url
    return {"type": "embed", "value": {"url": url, "title": host, "caption": ""}}


def is_bare_link(node):
    """A paragraph that is only a URL: WordPress turns these into oEmbeds."""
    text = node.get_text(strip=True)
    if not BARE_URL.match(text):
        return False
    links = node.find_all("a")
    return not links or (len(links) == 1 and links[0].get("href") == text)

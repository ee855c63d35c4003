"""Imported HTML becomes an article body: a list of StreamField blocks.

The HTML is sanitised first, keeping its structure; then each element becomes the block that
fits it: paragraphs and lists → paragraph, headings → subhead, blockquote → quote (its
``<cite>`` the attribution), tables → table, pre (verse, code, preformatted) → preformatted,
a lone link to outside media or an iframe → embed, figure/img → image, a gallery → gallery
(when the caller can supply the images; else their captions stay as text), audio and video →
a link to the file. Boxes (columns, groups, media and text, details) are read in order, each
one's text kept apart from the next. Each block's markup is cleaned again for storage.

``html_to_blocks`` returns the blocks; ``BodyReader`` also tells what it changed on the way
(``notes``), so that an importer can report it.
"""

import re
from html import escape
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from dateline.importers.sanitise import ALLOWED_TAGS, clean_html
from dateline.importers.tables import table_value

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
LISTS = {"ul", "ol"}
INLINE = {
    "a", "b", "strong", "i", "em", "u", "s", "sub", "sup", "code", "br", "span", "mark", "abbr",
    "small", "kbd", "q", "time", "del", "ins", "dfn", "var", "samp", "cite",
}
SKIPPED = {"hr", "colgroup", "col", "source"}
# The block editor's gallery, and the figures a [gallery] shortcode expands to.
GALLERY_CLASSES = {"wp-block-gallery", "gallery"}
BARE_URL = re.compile(r"^https?://\S+$")
MAX_CHARS = 255
FORM_CONTROL = re.compile(r"<(?:form|input|select|textarea|button)\b", re.I)
# Boxes of old HTML that the sanitiser would unwrap, running their words into the next box's:
# read as the boxes they are.
OLD_BOXES = re.compile(r"<(/?)(?:center|fieldset|legend|menu|dir|hgroup|search|dialog|form)\b",
                       re.I)
# Ruby annotations (a reading over a word) that the sanitiser would run into the word: kept
# after it in parentheses, as a browser without ruby shows them.
RUBY_FALLBACK = re.compile(r"<rp\b[^>]*>.*?</rp>", re.I | re.S)
RUBY_TEXT = re.compile(r"<(/?)rt\b[^>]*>", re.I)
# A list's markup, which an HTML parser drops with its text when it sits in a paragraph.
SELECT_MARKUP = re.compile(r"</?(?:select|optgroup|option)\b[^>]*>", re.I)


def html_to_blocks(html, *, resolve_image=None):
    """Blocks as StreamField raw data: ``[{"type": ..., "value": ...}, ...]``.

    ``resolve_image(src, alt)`` returns a NewsImage (or None to drop the image).
    """
    return BodyReader(resolve_image=resolve_image).read(html)


class BodyReader:
    def __init__(self, *, resolve_image=None):
        self.resolve_image = resolve_image
        self.notes = []
        # Addresses of pictures the caller could not supply, so not shown.
        self.missing_pictures = []
        self.pictures_placed = 0
        # Text too long for the field it belongs in, shown after the block that has the field.
        self.overflow = []

    def read(self, html):
        if FORM_CONTROL.search(html or ""):
            # A form cannot work in an archived story; the words its lists offered stay.
            self.notes.append("form fields left out (the choices of their lists kept as text)")
            html = SELECT_MARKUP.sub(" ", html)
        html = OLD_BOXES.sub(r"<\1div", html or "")
        html = RUBY_TEXT.sub(lambda tag: ")" if tag.group(1) else "(",
                             RUBY_FALLBACK.sub("", html))
        soup = BeautifulSoup(clean_html(html, structure=True), "html.parser")
        self.blocks = []
        self.pending = []
        pictures = len(soup.find_all("img"))
        for child in list(soup.children):
            self.visit(child)
        self.flush()
        if pictures > self.pictures_placed:
            # Rich text, a quote or a table cell cannot hold a picture.
            self.notes.append(f"{pictures - self.pictures_placed} picture(s) inside a heading, "
                              "quote, table or code left out")
        return self.blocks

    # Inline text waiting for the paragraph it belongs to --------------------------------------

    def flush(self):
        # A text node's str() is its unescaped text: "&lt;script&gt;" would become markup.
        text = "".join(escape(node, quote=False) if isinstance(node, NavigableString)
                       else str(node) for node in self.pending).strip()
        self.pending.clear()
        if text and BeautifulSoup(text, "html.parser").get_text(strip=True):
            self.blocks.append(paragraph(f"<p>{text}</p>"))

    # Elements ------------------------------------------------------------------------------

    def visit(self, node):
        if isinstance(node, NavigableString):
            if str(node).strip() or self.pending:
                self.pending.append(node)
            return
        if not isinstance(node, Tag):
            return
        name = node.name
        if name in INLINE:
            self.pending.append(node)
            return
        if name == "img":
            self.flush()
            self.add_image(node, caption="")
            return
        self.flush()
        handler = getattr(self, f"visit_{name}", None)
        if handler is not None:
            handler(node)
        elif name in HEADINGS:
            text = node.get_text(" ", strip=True)
            self.add_subhead(text)
        elif name in LISTS:
            self.visit_list(node)
        elif name not in SKIPPED:
            self.visit_children(node)
        self.blocks += self.overflow
        self.overflow.clear()

    def visit_children(self, node):
        for child in list(node.children):
            self.visit(child)
        self.flush()

    def visit_p(self, node):
        if is_bare_link(node):
            self.blocks.append(embed(node.get_text(strip=True) or node.find("a")["href"]))
            return
        self.visit_list(node)

    def visit_list(self, node):
        """A paragraph or list as rich text; the pictures and tables in it (a custom HTML
        block's, a list item's) follow it as blocks of their own."""
        images = [image.extract() for image in node.find_all("img")]
        tables = [table.extract() for table in node.find_all("table")
                  if table.find_parent("table") is None]
        for box in node.find_all(True):
            if box.name not in ALLOWED_TAGS and box.name not in INLINE:
                # Rich text cannot hold it and the sanitiser unwraps it: a space keeps its
                # words from running into the next box's.
                box.insert_after(" ")
        if node.get_text(strip=True):
            self.blocks.append(paragraph(str(node)))
        for image in images:
            self.add_image(image, caption="")
        for table in tables:
            self.visit_table(table)

    def visit_pre(self, node):
        for br in node.find_all("br"):
            br.replace_with("\n")
        text = node.get_text().strip("\n")
        if not text.strip():
            return
        classes = set(node.get("class") or [])
        if "wp-block-verse" in classes:
            style = "verse"
        elif "wp-block-code" in classes or node.find("code") is not None:
            style = "code"
        else:
            style = "preformatted"
        self.blocks.append({"type": "preformatted", "value": {"text": text, "style": style}})

    def visit_blockquote(self, node, *, caption=""):
        citations = [cite.extract().get_text(" ", strip=True) for cite in
                     node.find_all(["cite", "footer"]) if is_attribution(cite)]
        text = paragraphs_text(node)
        attribution = " ".join(part for part in [*citations, caption] if part)
        if text:
            self.blocks.append({"type": "quote", "value": {
                "text": text, "attribution": self.fitted(attribution, "quote's attribution")}})
        elif attribution:
            self.blocks.append(paragraph(f"<p>{escape(attribution, quote=False)}</p>"))

    def visit_figure(self, node):
        if GALLERY_CLASSES & set(node.get("class") or []):
            self.visit_gallery(node)
            return
        caption_tag = node.find("figcaption")
        caption = caption_tag.extract().get_text(" ", strip=True) if caption_tag else ""
        classes = set(node.get("class") or [])
        if node.find("table") is not None:
            for table in node.find_all("table"):
                self.visit_table(table, caption=caption)
                caption = ""
            return
        if node.find("blockquote") is not None:
            self.visit_blockquote(node.find("blockquote"), caption=caption)
            return
        if "wp-block-embed" in classes or node.find("iframe") is not None:
            url = embedded_url(node)
            if url:
                self.blocks.append(embed(url, caption=self.fitted(caption, "embed caption")))
                return
        if node.find(["audio", "video"]) is not None:
            for media in node.find_all(["audio", "video"]):
                self.add_media_link(media, caption=caption)
                caption = ""
            return
        images = node.find_all("img")
        shown = [self.add_image(image, caption=caption) for image in images]
        for image in images:
            image.extract()
        if node.get_text(strip=True):
            self.visit_children(node)
        if caption and not any(shown):
            # No picture to hang it on: the caption's words are still the story's.
            self.blocks.append(paragraph(f"<p>{escape(caption, quote=False)}</p>"))

    def visit_gallery(self, node):
        """A gallery (the block editor's, or a [gallery] shortcode's figures): its pictures,
        each with its own caption, become one gallery block; the gallery's caption is its own."""
        own_caption = node.find("figcaption", recursive=False)
        caption = own_caption.extract().get_text(" ", strip=True) if own_caption else ""
        pictures, captions_shown = [], []
        for image in node.find_all("img"):
            holder = image.find_parent(["figure", "li"])
            caption_tag = holder.find("figcaption") if holder not in (None, node) else None
            value = self.image_value(
                image, caption=caption_tag.get_text(" ", strip=True) if caption_tag else "")
            if value is not None:
                pictures.append(value)
                captions_shown.append(caption_tag)
        # Captions with no picture to hang on: their words are still the story's.
        orphans = [paragraph(f"<p>{escape(text, quote=False)}</p>")
                   for caption_tag in node.find_all("figcaption")
                   if (text := caption_tag.get_text(" ", strip=True))
                   and not any(caption_tag is shown for shown in captions_shown)]
        if len(pictures) > 1:
            self.blocks.append({"type": "gallery", "value": {
                "caption": self.fitted(caption, "gallery caption"), "images": pictures}})
            self.blocks += orphans
            return
        if pictures:
            self.blocks.append({"type": "image", "value": pictures[0]})
        self.blocks += orphans
        if caption:
            self.blocks.append(paragraph(f"<p>{escape(caption, quote=False)}</p>"))

    def visit_table(self, node, *, caption=""):
        caption_tag = node.find("caption")
        if caption_tag is not None:
            caption = " ".join(part for part in
                               [caption_tag.extract().get_text(" ", strip=True), caption]
                               if part)
        value = table_value(node, caption)
        if value is not None:
            self.blocks.append({"type": "table", "value": value})
        elif caption:
            self.blocks.append(paragraph(f"<p>{escape(caption, quote=False)}</p>"))

    def visit_details(self, node):
        summary = node.find("summary")
        if summary is not None:
            self.add_subhead(summary.extract().get_text(" ", strip=True))
        self.visit_children(node)

    def visit_iframe(self, node):
        url = node.get("src", "")
        if url.startswith(("http://", "https://")):
            self.blocks.append(embed(url, title=node.get("title", "")))

    def visit_audio(self, node):
        self.add_media_link(node, caption="")

    visit_video = visit_audio

    def changes(self, *, pictures_why):
        """What the reading changed, for a report: its notes, then the pictures it could not
        show, and why (``pictures_why``)."""
        changes = list(dict.fromkeys(self.notes))
        if self.missing_pictures:
            more = " …" if len(self.missing_pictures) > 1 else ""
            changes.append(f"{len(self.missing_pictures)} picture(s) left out, {pictures_why} "
                           f"(captions kept as text): {self.missing_pictures[0]}{more}")
        return changes

    def add_subhead(self, text):
        if len(text) <= MAX_CHARS:
            if text:
                self.blocks.append({"type": "subhead", "value": text})
            return
        self.notes.append("heading too long for a subhead: kept whole as a bold paragraph")
        self.blocks.append(paragraph(f"<p><strong>{escape(text, quote=False)}</strong></p>"))

    def fitted(self, text, what):
        """``text`` when its field holds it; else "" and the text kept as a paragraph after
        the block."""
        if len(text) <= MAX_CHARS:
            return text
        self.notes.append(f"{what} too long for its field: kept whole as a paragraph after it")
        self.overflow.append(paragraph(f"<p>{escape(text, quote=False)}</p>"))
        return ""

    # Pictures and media --------------------------------------------------------------------

    def add_image(self, tag, *, caption):
        value = self.image_value(tag, caption=caption)
        if value is None:
            return False
        self.blocks.append({"type": "image", "value": value})
        return True

    def image_value(self, tag, *, caption):
        """An image block's value for ``tag``, or None when the caller cannot supply it."""
        self.pictures_placed += 1
        if not tag.get("src"):
            return None
        image = self.resolve_image(tag["src"], tag.get("alt", "")) if self.resolve_image \
            else None
        if image is None:
            self.missing_pictures.append(tag["src"])
            return None
        return {"image": image.pk, "alt_text": tag.get("alt", "")[:MAX_CHARS],
                "caption": self.fitted(caption, "image caption"), "credit": ""}

    def add_media_link(self, tag, *, caption):
        """Audio and video have no body block: a link to the file, under its caption."""
        source = tag.get("src") or next(
            (s.get("src") for s in tag.find_all("source") if s.get("src")), "")
        kind = "Audio" if tag.name == "audio" else "Video"
        if not source.startswith(("http://", "https://")):
            if caption:
                self.blocks.append(paragraph(f"<p>{escape(caption, quote=False)}</p>"))
            self.notes.append(f"{kind.lower()} with no file address left out")
            return
        name = unquote(urlsplit(source).path.rsplit("/", 1)[-1]) or source
        # The words a browser without the player shows are the link's best label.
        fallback = " ".join(tag.get_text(" ").split())
        label = escape(caption or fallback or name, quote=False)
        self.blocks.append(paragraph(
            f'<p>{kind}: <a href="{escape(source)}">{label}</a></p>'))
        self.notes.append(f"{kind.lower()} linked to its file at {source}")


def paragraph(html):
    """Rich text as stored: sanitised again after BeautifulSoup wrote it back out, since the
    body is printed as it is stored."""
    return {"type": "paragraph", "value": clean_html(html)}


def embed(url, *, title="", caption=""):
    host = urlsplit(url).hostname or url
    return {"type": "embed", "value": {"url": url, "title": (title or host)[:MAX_CHARS],
                                       "caption": caption}}


def is_bare_link(node):
    """A paragraph that is only a URL: WordPress turns these into oEmbeds."""
    text = node.get_text(strip=True)
    if not BARE_URL.match(text):
        return False
    links = node.find_all("a")
    return not links or (len(links) == 1 and links[0].get("href") == text)


def is_attribution(tag):
    """``<cite>`` as a blockquote's own last line, not a book title inside a sentence."""
    return tag.parent is not None and tag.parent.name in ("blockquote", "figure", "footer") \
        or tag.name == "footer"


def paragraphs_text(node):
    """A quote's text: its paragraphs apart by a blank line, line breaks kept."""
    for br in node.find_all("br"):
        br.replace_with("\n")
    parts = []
    for child in node.children:
        text = child if isinstance(child, NavigableString) else child.get_text(" ")
        text = "\n".join(" ".join(line.split()) for line in str(text).split("\n")).strip()
        if text:
            parts.append(text)
    return "\n\n".join(parts)


def embedded_url(node):
    """The address a block-editor embed (in its wrapper's text) or an iframe points at."""
    for text in node.stripped_strings:
        if BARE_URL.match(text):
            return text
    frame = node.find("iframe")
    if frame is not None and frame.get("src", "").startswith(("http://", "https://")):
        return frame["src"]
    link = node.find("a", href=BARE_URL)
    return link["href"] if link else ""

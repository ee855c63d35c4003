"""How the copy desk reads a page or the site settings: its text by field, images, links, date.

Checks see a ``Copy``, never a model, so one check serves articles, plain pages, site settings
and the benchmark's bare texts alike.
"""

import datetime
import html
import re
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import RichText

from dateline.news.models import LiveBlogPage, SiteSettings

# Machinery and addresses, not prose anyone reads.
UNREAD_FIELDS = {"path", "url_path", "draft_title", "slug", "time_zone", "translation_key"}
ANCHOR = re.compile(r"<a\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
BLOCK_END = re.compile(r"</(p|li|h\d|blockquote)>|<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Passage:
    field: str
    text: str
    html: str = ""


@dataclass(frozen=True)
class ImageUse:
    field: str
    image: object
    alt_text: str


@dataclass(frozen=True)
class InternalLink:
    field: str
    page_id: int
    text: str


@dataclass
class Copy:
    passages: list[Passage]
    published_on: datetime.date | None = None
    subject: object = None
    headline: str = ""
    images: list[ImageUse] = field(default_factory=list)
    body_is_empty: bool | None = None

    @classmethod
    def of_text(cls, text, *, field="Body", published_on=None):
        """Bare text, as the benchmark has it: one paragraph a line."""
        paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
        passages = [Passage(f"{field}, paragraph {number}", paragraph)
                    for number, paragraph in enumerate(paragraphs, start=1)]
        return cls(passages, published_on=published_on, body_is_empty=not paragraphs)

    def internal_links(self):
        links = []
        for passage in self.passages:
            for match in ANCHOR.finditer(passage.html):
                attributes = dict(ATTRIBUTE.findall(match.group(1)))
                if attributes.get("linktype") == "page" and attributes.get("id", "").isdecimal():
                    end = passage.html.find("</a>", match.end())
                    text = text_of(passage.html[match.end():end]) if end > 0 else ""
                    links.append(InternalLink(passage.field, int(attributes["id"]), text))
        return links


def read_copy(obj, when=None):
    """The copy of a page or settings object as it would be published at ``when`` (now)."""
    passages, images, body_is_empty = [], [], None
    for model_field in obj._meta.concrete_fields:
        label = field_label(obj, model_field)
        value = getattr(obj, model_field.attname)
        if isinstance(model_field, StreamField):
            body_passages, body_images = read_stream(label, value)
            passages += body_passages
            images += body_images
            if model_field.name == "body":
                body_is_empty = not (any(p.text.strip() for p in body_passages) or body_images)
        elif isinstance(model_field, RichTextField):
            passages.append(Passage(label, text_of(value or ""), value or ""))
        elif is_prose(model_field) and value:
            passages.append(Passage(label, value))
        elif isinstance(obj, Page) and is_image(model_field) and value is not None:
            images.append(ImageUse(label, getattr(obj, model_field.name), ""))
    if isinstance(obj, LiveBlogPage):
        # A live blog's updates are its copy too, each posted as a revision of the page.
        for update in obj.live_updates.all():
            if not update.withdrawn:
                label = _("Update %(number)s") % {"number": update.sequence or _("(new)")}
                update_passages, update_images = read_stream(label, update.body)
                passages += update_passages
                images += update_images
    return Copy(
        passages,
        published_on=publication_date(obj, when),
        subject=obj,
        headline=obj.title if hasattr(obj, "headline") else "",
        images=images,
        body_is_empty=body_is_empty,
    )


def field_label(obj, model_field):
    if model_field.name == "title" and hasattr(obj, "headline"):
        return "Headline"
    return capfirst(str(model_field.verbose_name))


def is_prose(model_field):
    return (
        isinstance(model_field, models.CharField | models.TextField)
        and not isinstance(model_field, models.URLField | models.SlugField | models.EmailField)
        and not model_field.choices
        and model_field.name not in UNREAD_FIELDS
    )


def is_image(model_field):
    return isinstance(model_field, models.ForeignKey) and \
        model_field.related_model is get_image_model()


def read_stream(label, stream):
    """Passages and images of a StreamField, labelled the way the editor sees the blocks."""
    passages, images, counts = [], [], {}
    for child in stream or []:
        counts[child.block_type] = counts.get(child.block_type, 0) + 1
        where = f"{label}, {str(child.block.label).lower()} {counts[child.block_type]}"
        read_block(where, child.block, child.value, passages, images)
    return passages, images


def read_block(where, block, value, passages, images):
    if isinstance(block, blocks.StructBlock):
        if "image" in block.child_blocks and "alt_text" in block.child_blocks:
            if value.get("image") is not None:
                images.append(ImageUse(where, value["image"], value.get("alt_text") or ""))
        for name, child_block in block.child_blocks.items():
            if name not in ("image", "alt_text", "url"):
                read_block(where, child_block, value.get(name), passages, images)
    elif isinstance(block, blocks.ListBlock):
        for item in value or []:
            read_block(where, block.child_block, item, passages, images)
    elif isinstance(block, TableBlock):
        read_table(where, value or {}, passages)
    elif isinstance(block, blocks.ChoiceBlock):
        return  # a setting the editor picked (a preformatted block's kind), not prose
    elif isinstance(block, blocks.StreamBlock):
        inner_passages, inner_images = read_stream(where, value)
        passages += inner_passages
        images += inner_images
    elif isinstance(value, RichText):
        passages.append(Passage(where, text_of(value.source), value.source))
    elif isinstance(value, str) and value and not isinstance(block, blocks.URLBlock):
        passages.append(Passage(where, value))


def read_table(where, table, passages):
    """A table's caption and cells, a line for each row."""
    if table.get("table_caption"):
        passages.append(Passage(where, table["table_caption"]))
    rows = [" ".join(cell for cell in row if cell) for row in table.get("data") or []]
    if any(rows):
        passages.append(Passage(where, "\n".join(row for row in rows if row)))


def text_of(source):
    """Rich text's words as the checks read them: a line for each paragraph, item or heading."""
    return html.unescape(TAG.sub("", BLOCK_END.sub("\n", source))).strip()


def publication_date(obj, when=None):
    """The day a dated story is (or will be) published, in its site's time zone; else None."""
    if not hasattr(obj, "published_at"):
        return None
    moment = obj.published_at or getattr(obj, "go_live_at", None) or \
        getattr(obj, "first_published_at", None) or when or timezone.now()
    return moment.astimezone(site_zone(obj)).date()


def site_zone(obj):
    if isinstance(obj, SiteSettings):
        return obj.zone()
    site = obj.get_site() if isinstance(obj, Page) and obj.pk else None
    if site is not None:
        return SiteSettings.for_site(site).zone()
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)

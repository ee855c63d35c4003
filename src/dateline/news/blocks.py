"""Body blocks of articles and plain pages; each renders blocks/<thing>_block.html."""

from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=PARAGRAPH_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "blocks/paragraph_block.html"


class SubheadBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Subhead")
        template = "blocks/subhead_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        help_text=_("What the image shows, for readers who cannot see it. "
                    "Leave empty to use the image's description."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False)
    credit = blocks.CharBlock(
        label=_("Credit"), required=False, help_text=_("Leave empty to use the image's credit.")
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"


class GalleryBlock(blocks.StructBlock):
    """Pictures shown one at a time, each with its own caption and credit: readers swipe, use
    the arrow keys or the buttons; the frame keeps its shape, so the page never jumps."""

    caption = blocks.CharBlock(
        label=_("Gallery caption"), required=False,
        help_text=_("What the pictures show together; each picture has its own caption too."),
    )
    images = blocks.ListBlock(ImageBlock(), label=_("Pictures"), min_num=2)

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "blocks/gallery_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


class EmbedValue(blocks.StructValue):
    def provider(self):
        return urlsplit(self.get("url") or "").hostname or ""


class EmbedBlock(blocks.StructBlock):
    """A link card to outside media; readers' browsers contact no other host on page load."""

    url = blocks.URLBlock(label=_("Address"))
    title = blocks.CharBlock(label=_("Title"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "media"
        label = _("Embed")
        template = "blocks/embed_block.html"
        value_class = EmbedValue


class FactBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    body = blocks.RichTextBlock(label=_("Facts"), features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "list-ul"
        label = _("Fact box")
        template = "blocks/fact_box_block.html"


class TableBlock(WagtailTableBlock):
    """Wagtail's table (header cells with scope, a caption), in a region that scrolls sideways
    on a narrow screen instead of squeezing the columns."""

    def __init__(self, **kwargs):
        super().__init__(table_options={"renderer": "text"}, **kwargs)

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blocks/table_block.html"


class PreformattedBlock(blocks.StructBlock):
    """Text whose line breaks and spacing are its meaning: a poem, a listing, code."""

    text = blocks.TextBlock(label=_("Text"))
    style = blocks.ChoiceBlock(
        label=_("Kind"), default="preformatted",
        choices=[("verse", _("Verse")), ("preformatted", _("Preformatted")),
                 ("code", _("Code"))],
    )

    class Meta:
        icon = "code"
        label = _("Preformatted text")
        template = "blocks/preformatted_block.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    subhead = SubheadBlock()
    image = ImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    embed = EmbedBlock()
    fact_box = FactBoxBlock()
    table = TableBlock()
    preformatted = PreformattedBlock()


class PlainBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    subhead = SubheadBlock()
    image = ImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    fact_box = FactBoxBlock()
    table = TableBlock()
    preformatted = PreformattedBlock()

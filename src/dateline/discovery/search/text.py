"""What search reads of an article, and how a snippet's highlights become safe HTML."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Private-use characters mark the highlighted words inside snippets from the engine; the
# snippet is escaped whole and only these become <mark>, so the article's own text can never
# inject markup. They, and the stand-ins a backend may use, are removed from indexed text so
# an article cannot forge a mark.
MARK_START = "\ue000"
MARK_END = "\ue001"
RESERVED = dict.fromkeys(map(ord, "\ue000\ue001\ue002\ue003"))


def plain(text):
    return (text or "").translate(RESERVED)


# Pictures' alternative text, captions and credits describe pictures, not the story: indexed,
# they became snippets such as "…public space. Abstract illustration…". Search and its
# snippets read the story's own words; a picture is found through the story it illustrates.
PICTURE_BLOCKS = frozenset({"image", "gallery"})


def body_text(article):
    """The words of the body's text blocks, as Wagtail's own search indexing reads them."""
    return plain(" ".join(
        text for child in article.body if child.block_type not in PICTURE_BLOCKS
        for text in child.block.get_searchable_content(child.value)
    ))


def highlighted(snippet):
    html = escape(snippet or "").replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    # Escaped above: the only markup is our own marks.
    return mark_safe(html)  # nosec B308, B703 # nosemgrep: dateline.mark-safe # escaped above

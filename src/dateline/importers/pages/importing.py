"""An extracted article becomes a draft ArticlePage awaiting review.

The story is saved as a revision and never published here: an editor reviews it, and when the
section has a Wagtail workflow (moderation), the draft is submitted to it. Importing the same
address or file again adds a new revision to the same draft instead of a second story.
"""

import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from PIL import Image, UnidentifiedImageError

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone

from dateline.importers.body import BodyReader
from dateline.importers.feeds.filing import (
    Bylines,
    file_story,
    fill_story,
    revise_story,
    save_story,
)
from dateline.importers.fetching import FetchError, fetch
from dateline.importers.models import ImportedItem
from dateline.importers.pages.extraction import SHORT_BODY_WORDS
from dateline.news.models import ArticlePage, NewsImage
from dateline.news.picture_desk import proof_picture

KIND = "page"
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_IMAGE_BYTES = 15 * 1024 * 1024
# Pictures left out of a story's text named in the report one by one, up to this many.
NAMED_PICTURES = 10


class PageError(Exception):
    """The page cannot be imported; the message says why and what to do."""


@dataclass
class PageReport:
    page: ArticlePage | None = None
    created: bool = True
    notes: list[str] = field(default_factory=list)


def read_page(url_or_file):
    """(source name, page URL or None, HTML bytes) for an address or a saved file."""
    if urlsplit(url_or_file).scheme in ("http", "https"):
        try:
            fetched = fetch(url_or_file)
        except FetchError as error:
            raise PageError(f"{error}. Check the address, or save the page to a file.") \
                from None
        content_type = fetched.content_type.split(";")[0].strip().lower()
        if content_type and content_type not in HTML_TYPES:
            raise PageError(f"{url_or_file} is {content_type}, not an HTML page; "
                            "give the address of the article itself.")
        return url_or_file, fetched.url, fetched.content
    path = Path(url_or_file).resolve()
    try:
        return str(path), None, path.read_bytes()
    except OSError as error:
        raise PageError(f"Cannot read {path}: {error.strerror}. Give a page URL or file.") \
            from None


class PageImport:
    def __init__(self, *, source, section, page_url=None, download_media=False, user=None):
        self.source = source
        self.section = section
        self.page_url = page_url
        self.download_media = download_media
        self.user = user
        self.report = PageReport()
        self.bylines = Bylines(publish=False)

    @transaction.atomic
    def run(self, article, *, pictures_left_out=()):
        """Files ``article`` as a draft; ``pictures_left_out`` names the pictures of its text,
        which are not fetched."""
        record = ImportedItem.objects.filter(source=self.source, kind=KIND,
                                             source_id=self.source).first()
        fields = self.story_fields(article)
        if record is not None and record.page is not None:
            page = fill_story(revise_story(record.page.specific), **fields)
            self.attach_lead_image(page, article)
            save_story(page, publish=False)
            self.report.created = False
        else:
            page = fill_story(ArticlePage(), **fields)
            self.attach_lead_image(page, article)
            file_story(self.section, page, publish=False)
            ImportedItem.objects.update_or_create(
                source=self.source, kind=KIND, source_id=self.source,
                defaults={"page": page, "image": page.lead_image},
            )
        self.start_workflow(page)
        self.report.page = page
        if pictures_left_out:
            shown = ", ".join(pictures_left_out[:NAMED_PICTURES])
            more = len(pictures_left_out) - NAMED_PICTURES
            self.report.notes.append(
                f"Left out {len(pictures_left_out)} picture(s) in the article's text, as "
                f"pictures in the text are not fetched: {shown}"
                + (f" and {more} more." if more > 0 else "."))
        self.report.notes += [f"New author page (draft): {a.title}." for a in self.bylines.created]
        self.report.notes += [f"Byline left out, as there is no author index page: {name}."
                              for name in self.bylines.left_out]
        return self.report

    def story_fields(self, article):
        if article.published_on is None:
            self.report.notes.append("No publication date found: the draft has none.")
        else:
            self.report.notes.append(
                f"Dated {article.published_on.isoformat()}; the page gave no time, so it is "
                "set to midnight: check it before publishing."
            )
        if article.words < SHORT_BODY_WORDS:
            self.report.notes.append(
                f"The article is short ({article.words} words): check on the page that "
                "nothing was left out.")
        reader = BodyReader()
        blocks = reader.read(article.body_html)
        self.report.notes += [f"Changed on the way in: {what}." for what in reader.changes(
            pictures_why="as pictures in the text are not fetched")]
        tables = sum(block["type"] == "table" for block in blocks)
        if tables:
            self.report.notes.append(f"Kept {tables} table(s) from the page: check they read "
                                     "right.")
        return {
            "title": article.headline,
            "standfirst": article.standfirst,
            "published_at": start_of_day(article.published_on),
            "blocks": blocks,
            "authors": self.bylines.authors(article.authors),
        }

    def attach_lead_image(self, page, article):
        if not article.image_url:
            return
        image_url = urljoin(self.page_url or "", article.image_url)
        if not self.download_media:
            self.report.notes.append(
                f"Lead image not downloaded ({image_url}); add --download-media to fetch it."
            )
            return
        try:
            page.lead_image = download_image(image_url, title=article.headline)
        except (FetchError, PageError) as error:
            self.report.notes.append(f"Lead image left out: {error}")

    def start_workflow(self, page):
        workflow = page.get_workflow()
        if workflow is None or page.workflow_in_progress:
            return
        workflow.start(page, self.user)
        self.report.notes.append(f"Submitted to the workflow {workflow.name!r} for review.")


def start_of_day(day):
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time(), timezone.get_current_timezone())


def download_image(url, *, title):
    """A NewsImage from a public address, refused unless it is a readable image."""
    fetched = fetch(url, max_bytes=MAX_IMAGE_BYTES)
    try:
        with Image.open(io.BytesIO(fetched.content)) as image:
            image.verify()
            extension = (image.format or "jpeg").lower()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise PageError(f"{url} is not an image that can be read") from None
    try:
        proof_picture(fetched.content, f"lead-image.{extension}")
    except ValidationError as error:
        raise PageError(f"{url}: {' '.join(error.messages)}") from None
    buffer = io.BytesIO(fetched.content)
    buffer.name = f"lead-image.{extension}"
    image = NewsImage(title=title[:255] or "Lead image", file=ImageFile(buffer))
    image.save()
    return image

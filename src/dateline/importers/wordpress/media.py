"""WordPress attachments become NewsImages: read from a copy of wp-content/uploads, or fetched.

Nothing is fetched unless the operator asks (``--download-media``), and then only through
importers.fetching, which refuses loopback, private and link-local addresses. Every file is
opened with Pillow before it is stored, so a corrupt or non-image file is skipped with a
reason instead of failing the import or the pages that would show it.
"""

import io
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image, UnidentifiedImageError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile

from dateline.importers.fetching import FetchError, fetch
from dateline.news.models import NewsImage
from dateline.news.picture_desk import proof_picture

UPLOADS_MARKER = "/wp-content/uploads/"
IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
# "photo-300x200.jpg" is a resized copy of "photo.jpg"; both name the same attachment.
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")


class MediaUnavailable(Exception):
    """The file cannot be used; the message is the reason shown in the report."""


def uploads_path(url):
    """The file's path inside the uploads folder, e.g. ``2011/01/photo.jpg``."""
    path = unquote(urlsplit(url).path)
    if UPLOADS_MARKER in path:
        return path.split(UPLOADS_MARKER, 1)[1]
    # WordPress.com serves uploads from the root of <blog>.files.wordpress.com.
    return path.lstrip("/")


def image_key(url):
    """The same key for an attachment's address and for its resized copies, any scheme."""
    parts = urlsplit(url or "")
    return (parts.hostname or "").lower() + SIZE_SUFFIX.sub("", unquote(parts.path))


class MediaLibrary:
    """Where attachment files come from: a local uploads folder, the network, or nowhere."""

    def __init__(self, *, media_dir=None, download=False, fetch=fetch):
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.download = download
        self.fetch = fetch

    def read(self, url, *, allow_download=True):
        """The file's bytes, or MediaUnavailable saying why not."""
        if self.media_dir is not None:
            relative = uploads_path(url)
            candidate = (self.media_dir / relative).resolve()
            if not candidate.is_relative_to(self.media_dir):
                raise MediaUnavailable(f"{relative} points outside the uploads folder")
            if candidate.is_file():
                return candidate.read_bytes()
            if not self.download:
                raise MediaUnavailable(f"not found in the uploads folder: {relative}")
        if not self.download:
            raise MediaUnavailable("no uploads folder given (--media-dir) and downloads are off")
        if not allow_download:
            raise MediaUnavailable("would be downloaded")
        try:
            return self.fetch(url, max_bytes=settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE).content
        except FetchError as error:
            raise MediaUnavailable(f"download failed: {error}") from None


def check_image(data):
    """Raises MediaUnavailable unless ``data`` is a whole image Wagtail can render."""
    if len(data) > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
        raise MediaUnavailable("larger than the upload limit")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in IMAGE_FORMATS:
                raise MediaUnavailable(f"{image.format} images are not supported")
            if image.width * image.height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
                raise MediaUnavailable("more pixels than the upload limit")
            image.load()
            extension = image.format.lower()
    except UnidentifiedImageError:
        raise MediaUnavailable("not an image") from None
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError) as error:
        raise MediaUnavailable(f"corrupt image: {error}") from None
    try:
        proof_picture(data, f"image.{extension}")
    except ValidationError as error:
        raise MediaUnavailable(" ".join(error.messages)) from None


def save_image(data, *, url, title, alt, caption):
    filename = Path(uploads_path(url)).name or "image"
    image = NewsImage(title=title[:255] or filename, description=alt[:255], caption=caption[:500])
    buffer = io.BytesIO(data)
    buffer.name = filename
    image.file = ImageFile(buffer, name=filename)
    image.save()
    return image

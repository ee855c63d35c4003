"""The picture desk: an uploaded image is proofed before it is filed, so a corrupt or hostile
file is a form error, never a server error or a picture that cannot be printed."""

from io import BytesIO

from PIL import Image as PILImage

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.images.models import Filter

from dateline.news.media_storage import RoomForUploads

# The trial prints: Wagtail's own rendition pipeline, in the output formats the site's
# templates ask for, small so that proofing costs little beyond decoding.
PROOF_SPECS = ("max-160x160|format-webp", "max-160x160|format-jpeg")
# WebP, the site's rendition format, holds no side longer than this; Wagtail never enlarges, so
# a 1 × 60,000 strip stays that tall at `width-800` and could never be printed.
MAX_SIDE = 16_383


class ProofedImageField(WagtailImageField):
    """Wagtail's image field, with every decoder failure turned into a form error, and a trial
    print of each upload in the formats the site's renditions use.

    Wagtail reads the size and frame count of an upload outside its own error handling, so
    Pillow's `OSError` on a truncated PNG became an HTTP 500; it counts pixels only after
    decoding them; and a file whose header reads well but whose pixels do not decode, or that
    no rendition format can hold, was accepted, to fail later on a public page.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages["side_too_long"] = _(
            "This image is %(width)s × %(height)s pixels; no side may be longer than "
            "%(max_side)s pixels. Resize it and upload it again."
        )
        self.error_messages["unprintable_image"] = _(
            "This image cannot be read and printed: it may be damaged, incomplete or in a "
            "colour mode the site cannot convert. Export it again as an ordinary JPEG or PNG."
        )

    def to_python(self, data):
        try:
            self.check_pixels_before_decoding(data)
            upload = super().to_python(data)
            if upload is not None:
                self.print_proof(upload)
        except ValidationError:
            raise
        # Decoders fed hostile bytes raise whatever their parsing hit (OSError, SyntaxError,
        # ValueError, struct.error, EOFError, DecompressionBombError…); all mean "unreadable".
        except Exception as error:  # noqa: BLE001
            raise ValidationError(self.error_messages["unprintable_image"],
                                  code="unprintable_image") from error
        return upload

    def check_pixels_before_decoding(self, data):
        """Counts pixels, and measures the sides, from the header alone. Wagtail counts them only
        after Willow has decoded the whole image: a 70-megapixel PNG took 536 MB to refuse."""
        if not hasattr(data, "seek"):
            return
        data.seek(0)
        try:
            header = PILImage.open(data)
        except PILImage.DecompressionBombError:
            raise ValidationError(self.too_many_pixels(_("unknown number")),
                                  code="file_too_many_pixels") from None
        # Not something Pillow reads: Wagtail's own checks say why it is refused.
        except Exception:  # noqa: BLE001
            data.seek(0)
            return
        with header:
            width, height = header.size
            pixels = width * height * getattr(header, "n_frames", 1)
        data.seek(0)
        if self.max_image_pixels is not None and pixels > self.max_image_pixels:
            raise ValidationError(self.too_many_pixels(pixels), code="file_too_many_pixels")
        if max(width, height) > MAX_SIDE:
            raise ValidationError(self.error_messages["side_too_long"] % {
                "width": width, "height": height, "max_side": MAX_SIDE}, code="side_too_long")

    def too_many_pixels(self, pixels):
        return self.error_messages["file_too_many_pixels"] % {
            "num_pixels": pixels, "max_pixels_count": self.max_image_pixels}

    def print_proof(self, upload):
        """Decodes the whole picture as a rendition would, once the header has passed: a
        decompression bomb is refused before any pixel is decoded."""
        # The filter asks the image only for its focal point: an unsaved one, without the query
        # for a default collection, will do.
        unfiled = get_image_model()(collection_id=None)
        for spec in PROOF_SPECS:
            upload.seek(0)
            Filter(spec).run(unfiled, BytesIO(), source=upload)
        upload.seek(0)


class PictureDeskImageForm(RoomForUploads, BaseImageForm):
    """The admin's image form (``WAGTAILIMAGES_IMAGE_FORM_BASE``), with the proofed field and
    a form error when the disk has no room for the file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stock = self.fields.get("file")
        if stock is not None:
            # Wagtail builds the field itself (formfield_for_dbfield); a declared field would
            # also appear on the bulk-edit form, which has none.
            self.fields["file"] = ProofedImageField(
                label=stock.label, required=stock.required, widget=stock.widget,
            )

    def save(self, commit=True):
        """As Wagtail's, but a replaced file is deleted once the change is committed: Wagtail
        deletes it at once, so a rollback afterwards left the picture pointing at no file."""
        replaced = self.original_file if commit and "file" in self.changed_data else None
        if replaced:
            self.original_file = None  # Wagtail's save deletes only what this names
        image = super().save(commit=commit)
        if replaced:
            image.renditions.all().delete()
            name, storage = replaced.name, replaced.storage
            transaction.on_commit(lambda: storage.delete(name))
        return image


def proof_picture(data, name):
    """Raises ValidationError unless ``data`` passes every check an upload in the admin passes:
    pictures fetched by importers are filed only on the same terms."""
    ProofedImageField().clean(SimpleUploadedFile(name, data))

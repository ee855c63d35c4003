"""The picture desk: an uploaded image is proofed before it is filed, so a corrupt or hostile
file is a form error, never a server error or a picture that cannot be printed."""

import threading
from io import BytesIO

from PIL import Image as PILImage

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
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
# Proofing decodes the whole picture: a 6000 × 4000 JPEG took 216 MB. One proof at a time in a
# process keeps its memory to one picture's, however many contributors upload at once.
PROOFING = threading.Lock()


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
        self.error_messages["too_deep_for_its_size"] = _(
            "This image has %(num_pixels)s pixels of more than 8 bits a colour, which take "
            "twice the memory to print: at most %(max_pixels_count)s such pixels are accepted. "
            "Export it with 8 bits a colour (an ordinary JPEG or PNG)."
        )
        self.error_messages["unprintable_image"] = _(
            "This image cannot be read and printed: it may be damaged, incomplete or in a "
            "colour mode the site cannot convert. Export it again as an ordinary JPEG or PNG."
        )

    def to_python(self, data):
        """The verdict already reached on this upload, before the admin's write transaction
        began (`ProofUploadsFirstMiddleware`), or else a new one."""
        try:
            verdict = data.picture_desk_verdict
        except AttributeError:
            verdict = self.proof(data)
            if isinstance(data, UploadedFile):
                data.picture_desk_verdict = verdict
        if isinstance(verdict, ValidationError):
            raise verdict
        if verdict is not None:
            verdict.seek(0)
        return verdict

    def proof(self, data):
        """The upload, ready to be filed, or the ValidationError that refuses it."""
        try:
            self.check_pixels_before_decoding(data)
            with PROOFING:
                upload = super().to_python(data)
                if upload is not None:
                    self.print_proof(upload)
        except ValidationError as refusal:
            return refusal
        # Decoders fed hostile bytes raise whatever their parsing hit (OSError, SyntaxError,
        # ValueError, struct.error, EOFError, DecompressionBombError…); all mean "unreadable".
        except Exception as error:  # noqa: BLE001
            refusal = ValidationError(self.error_messages["unprintable_image"],
                                      code="unprintable_image")
            refusal.__cause__ = error
            return refusal
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
            deep = holds_deep_samples(header)
        data.seek(0)
        if self.max_image_pixels is not None and pixels > self.max_image_pixels:
            raise ValidationError(self.too_many_pixels(pixels), code="file_too_many_pixels")
        # Pillow decodes such samples and then converts them to print, two copies where an
        # 8-bit picture needs one: a 16-bit PNG of 64 megapixels took 526 MB to proof.
        if deep and self.max_image_pixels is not None and pixels * 2 > self.max_image_pixels:
            raise ValidationError(self.error_messages["too_deep_for_its_size"] % {
                "num_pixels": pixels, "max_pixels_count": self.max_image_pixels // 2},
                code="too_deep_for_its_size")
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


def holds_deep_samples(header):
    """Whether the picture Pillow has opened (not yet decoded) stores more than 8 bits a
    sample: 16- or 32-bit greys ("I;16", "I", "F"), or 16-bit colour ("RGB;16B" as read)."""
    if header.mode.startswith(("I", "F")):
        return True
    rawmode = header.tile[0].args if header.tile else ""
    if isinstance(rawmode, tuple):
        rawmode = rawmode[0] if rawmode else ""
    return isinstance(rawmode, str) and ";16" in rawmode


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


class ProofUploadsFirstMiddleware:
    """Proofs the pictures posted to the admin's image views before the admin's write
    transaction begins (`AtomicAdminWritesMiddleware`, which comes after this one), and leaves
    each verdict on its uploaded file for the form to use.

    Proofing a large picture takes seconds; inside the transaction, on SQLite, it held the
    database's write lock that long, and every other editor's save waited or failed.
    """

    IMAGE_VIEWS = {"wagtailimages", "wagtailimages_chooser"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, view_args, view_kwargs):
        if (request.method == "POST" and request.FILES
                and self.IMAGE_VIEWS & set(request.resolver_match.namespaces)
                and request.user.has_perm("wagtailadmin.access_admin")):
            field = ProofedImageField()
            for name in request.FILES:
                for upload in request.FILES.getlist(name):
                    upload.picture_desk_verdict = field.proof(upload)

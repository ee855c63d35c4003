import contextlib
import logging

from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _

from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.models import AbstractImage, AbstractRendition, Image, SourceImageIOError

from dateline.news.media_storage import undone_on_error

logger = logging.getLogger(__name__)


class NewsImage(AbstractImage):
    """An image with the credit and default caption a newsroom must print beside it."""

    credit = models.CharField(_("credit"), max_length=255, blank=True)
    caption = models.CharField(_("default caption"), max_length=500, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "credit", "caption")

    def generate_rendition_file(self, filter, *, source=None):
        """A file that no longer decodes (damaged in storage, or filed before uploads were
        proofed) prints as a missing image, as Wagtail does for a missing file, instead of
        taking down every page that shows it."""
        try:
            return super().generate_rendition_file(filter, source=source)
        except (SourceImageIOError, InvalidFilterSpecError):
            raise
        # Decoders raise whatever their parsing hit; all of it means "unreadable".
        except Exception as error:  # noqa: BLE001
            logger.warning("Image %s (%s) cannot be rendered as %r: %s",
                           self.pk, self.file.name, filter.spec, error)
            raise SourceImageIOError(str(error)) from error

    def create_rendition(self, filter):
        with self.printed_or_missing(filter.spec):
            return super().create_rendition(filter)

    def create_renditions(self, *filters):
        if not filters:
            # Wagtail asks with none when every rendition exists: no savepoint for nothing.
            return {}
        with self.printed_or_missing(*(filter.spec for filter in filters)):
            return super().create_renditions(*filters)

    @contextlib.contextmanager
    def printed_or_missing(self, *specs):
        """A rendition the storage cannot write (a full disk) prints as a missing image, as a
        damaged file does: the page answers, and no row names a file that is not there."""
        # Inside a transaction (the admin's writes), a savepoint keeps the failure from
        # spoiling the rest of it; outside one, none is taken, so that on SQLite rendering
        # never holds the write lock.
        savepoint = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
        try:
            with savepoint, undone_on_error():
                yield
        except SourceImageIOError:
            raise
        except OSError as error:
            logger.error("Image %s (%s) cannot be stored as %s: %s",
                         self.pk, self.file.name, ", ".join(specs), error)
            raise SourceImageIOError(str(error)) from error

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

import logging

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.models import AbstractImage, AbstractRendition, Image, SourceImageIOError

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

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

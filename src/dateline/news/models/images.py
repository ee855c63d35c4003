from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.images.models import AbstractImage, AbstractRendition, Image


class NewsImage(AbstractImage):
    """An image with the credit and default caption a newsroom must print beside it."""

    credit = models.CharField(_("credit"), max_length=255, blank=True)
    caption = models.CharField(_("default caption"), max_length=500, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "credit", "caption")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]


class NewsRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

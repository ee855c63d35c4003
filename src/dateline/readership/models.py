from django.db import models
from django.utils.translation import gettext_lazy as _


class StoryReads(models.Model):
    """How many times readers were served a story in one hour (UTC), as counted by each server
    process and added here every few seconds. No reader, address or cookie is recorded."""

    story = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE,
                              related_name="+", db_constraint=False)
    hour = models.DateTimeField(_("hour"), help_text=_("The hour's start, in UTC."))
    reads = models.PositiveBigIntegerField(_("reads"), default=0)

    class Meta:
        verbose_name = _("story reads in an hour")
        verbose_name_plural = _("story reads by hour")
        constraints = [
            models.UniqueConstraint(fields=["story", "hour"], name="readership_story_hour"),
        ]
        indexes = [models.Index(fields=["hour"], name="readership_hour")]

    def __str__(self):
        return f"{self.story_id} at {self.hour:%Y-%m-%d %H}:00: {self.reads}"

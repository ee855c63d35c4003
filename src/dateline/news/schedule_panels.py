"""Scheduling on the story's own editing screen.

Wagtail keeps the go-live and take-down times in a dialog opened from the status side panel,
which is closed by default: an editor could not see whether a story was scheduled without
looking for it, and the dialog's date picker floated over the dialog's own Save button. Here a
"Publishing" panel in the story says where it stands ("Scheduled to go live on …") and opens
the dialog, and the dialog's pickers open inside their own field, pushing Save down instead of
covering it. The schedule itself is still Wagtail's (``go_live_at``, ``expire_at``, the
"Schedule to publish" action), so its checks, workflow and log stay as they are.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, Panel, PublishingPanel
from wagtail.admin.widgets import AdminDateTimeInput

from dateline.news.dates import format_date

DIALOG = "#schedule-publishing-dialog"


class InFieldDateTimeInput(AdminDateTimeInput):
    """Wagtail's date and time picker, opened inside the field it fills (its ``parentID``)
    and laid out in the flow of the dialog (``news/admin/schedule.css``)."""

    def __init__(self, field_name):
        super().__init__(
            # What Wagtail's PublishingPanel gives its inputs: cleared when the dialog closes
            # unsaved.
            attrs={"data-controller": "w-action", "data-action": "w-dialog:hidden->w-action#reset",
                   "data-w-dialog-target": "notify"},
            js_overlay_parent_selector=(
                f'{DIALOG} [data-contentpath="{field_name}"] [data-field-input]'),
        )

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["news/admin/schedule.css"]})


def schedule_dialog():
    """Wagtail's scheduling dialog with pickers that leave its Save button in sight."""
    return PublishingPanel(children=[
        FieldPanel("go_live_at", widget=InFieldDateTimeInput("go_live_at"),
                   help_text=_("In your admin time zone (the site's, unless you chose one in "
                               "your account). Leave empty to go live when published.")),
        FieldPanel("expire_at", widget=InFieldDateTimeInput("expire_at"),
                   help_text=_("Leave empty to keep the story up until it is unpublished.")),
    ])


class ScheduleStatusPanel(Panel):
    """Where the story stands on the clock, and the button that opens the scheduling dialog."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Publishing"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "schedule_status"

    class BoundPanel(Panel.BoundPanel):
        template_name = "news/panels/schedule_status.html"

        class Media:
            css = {"all": ["news/admin/schedule.css"]}

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(schedule_lines(self.instance))
            context["dialog_id"] = DIALOG.removeprefix("#")
            return context


def schedule_lines(story):
    """What the panel says: the state of the story and then any times ahead of it, each line
    with its time in the site's date style."""
    now = timezone.now()
    scheduled = story.scheduled_revision if story.pk else None
    lines = []
    if scheduled is not None:
        going_live = scheduled.approved_go_live_at
        by = (scheduled.user.get_full_name() or scheduled.user.get_username()
              if scheduled.user else "")
        lines.append(_("Scheduled to go live on %(when)s.") % {"when": at(going_live)})
        if by:
            lines.append(_("Scheduled by %(name)s.") % {"name": by})
        if story.latest_revision_id and story.latest_revision_id != scheduled.pk:
            lines.append(_("Changes saved since then are not in the scheduled version: schedule "
                           "again to include them."))
    elif story.go_live_at and story.go_live_at > now:
        lines.append(_("Go-live time %(when)s is set but not yet in effect: choose “Schedule "
                       "to publish” in the publish menu.") % {"when": at(story.go_live_at)})
    elif story.live and getattr(story, "published_at", None) and story.published_at > now:
        lines.append(_("Published; readers see it from %(when)s, its publication time.")
                     % {"when": at(story.published_at)})
    elif story.live:
        lines.append(_("Live since %(when)s.")
                     % {"when": at(story.last_published_at or story.first_published_at)})
    else:
        lines.append(_("Not scheduled: the story goes live when it is published."))
    if story.expire_at and story.expire_at > now:
        lines.append(_("Taken down on %(when)s.") % {"when": at(story.expire_at)})
    return {"schedule_lines": lines, "is_scheduled": scheduled is not None}


def at(value):
    return format_date(value, "datetime") if value else ""

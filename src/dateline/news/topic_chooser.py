"""The article's topics, chosen by typing a few letters instead of ticking a column of boxes.

wagtail-autocomplete (the chooser the U.S. Press Freedom Tracker edits with) gives the widget;
Wagtail 8 has no chooser of its own for a many-to-many to pages. Two things are tightened here:
its admin views answer for any model an admin user names, so they are mounted for topics only;
and its widget reads the posted value as JSON without a guard, so a mangled value becomes the
field's own "not a valid value" error rather than a server error.
"""

import json

from django import forms
from django.http import HttpResponseBadRequest
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtailautocomplete.edit_handlers import AutocompletePanel
from wagtailautocomplete.views import objects, search
from wagtailautocomplete.widgets import Autocomplete

CHOOSABLE = "news.TopicPage"
MOST_SUGGESTIONS = 100


class TopicsInput(Autocomplete):
    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["news/admin/topic_chooser.css"]})

    def value_from_datadict(self, data, files, name):
        """The ids in the JSON list of ``{"pk": …}`` the widget posts; anything else is handed on
        as it came, for the field to refuse (wagtail-autocomplete's own reading fails with a
        server error on it)."""
        posted = data.get(name)
        try:
            value = json.loads(posted) if posted else None
        except ValueError:
            return [posted]
        if value is None:
            return []
        if isinstance(value, list) and all(isinstance(item, dict) and "pk" in item
                                           for item in value):
            return [item["pk"] for item in value]
        return [posted]

    def format_value(self, value):
        # A refused value is shown again with the field's error: only real ids can be looked up.
        if not isinstance(value, list | tuple):
            value = [value] if value else []
        return super().format_value([pk for pk in value if str(pk).isdigit()])


class TopicsPanel(AutocompletePanel):
    """Topics by autocomplete: type, pick, repeat; each chosen topic shows with a remove button."""

    def __init__(self, field_name="topics", **kwargs):
        kwargs.setdefault("target_model", CHOOSABLE)
        kwargs.setdefault("help_text", gettext_lazy(
            "Type a few letters of a topic and pick it; chosen topics are listed beside the "
            "search box."))
        super().__init__(field_name, **kwargs)

    def widget_overrides(self):
        return {self.field_name: TopicsInput(target_model=self.target_model, is_single=False)}


def topics_only(view):
    """wagtail-autocomplete's admin view, answering for topics only and with a bounded list."""

    def answer(request):
        asked = request.GET if request.method == "GET" else request.POST
        if asked.get("type") != CHOOSABLE:
            return HttpResponseBadRequest(_("Only topics can be looked up here."))
        limit = asked.get("limit", str(MOST_SUGGESTIONS))
        if not limit.isdigit() or not 0 < int(limit) <= MOST_SUGGESTIONS:
            return HttpResponseBadRequest(
                _("limit must be a whole number from 1 to %(most)d.") % {"most": MOST_SUGGESTIONS})
        return view(request, public=False)

    return answer


# Where the widget looks, under the admin: `{admin home}autocomplete/`. Wagtail's admin URL hook
# puts them behind the admin's sign-in. No "create" view: topics are pages, made in the tree.
admin_urlpatterns = [
    path("autocomplete/objects/", topics_only(objects), name="topic_chooser_objects"),
    path("autocomplete/search/", topics_only(search), name="topic_chooser_search"),
]

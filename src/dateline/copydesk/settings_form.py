"""Site settings are saved, never published, so their blocking findings refuse the save.

The form keeps everything the editor typed and shows each finding under its field. Installed
from ``CopydeskConfig.ready()`` on top of whatever form class the settings model already uses,
so the news app does not need to know the copy desk exists.
"""

import copy

from django.forms.models import construct_instance
from django.utils.text import capfirst

from wagtail.admin.forms import WagtailAdminModelForm

from dateline.copydesk.registry import run_checks
from dateline.news.models import SiteSettings


class CheckedSettingsFormMixin:
    def clean(self):
        cleaned_data = super().clean()
        candidate = construct_instance(self, copy.copy(self.instance))
        fields_by_label = {
            capfirst(str(model_field.verbose_name)): model_field.name
            for model_field in candidate._meta.concrete_fields
        }
        for finding in run_checks(candidate):
            if finding.blocks:
                name = fields_by_label.get(finding.field)
                self.add_error(name if name in self.fields else None, str(finding))
        return cleaned_data


def install():
    base = getattr(SiteSettings, "base_form_class", WagtailAdminModelForm)
    if not issubclass(base, CheckedSettingsFormMixin):
        SiteSettings.base_form_class = type(
            "CheckedSiteSettingsForm", (CheckedSettingsFormMixin, base), {}
        )

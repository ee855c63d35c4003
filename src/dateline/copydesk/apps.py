from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CopydeskConfig(AppConfig):
    name = "dateline.copydesk"
    label = "copydesk"
    verbose_name = _("Copy desk")

    def ready(self):
        from dateline.copydesk import settings_form

        settings_form.install()

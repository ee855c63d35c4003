from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    """Getting pages to readers fast: the page cache in front of Django and its exact purge."""

    name = "dateline.delivery"
    label = "delivery"
    verbose_name = _("Delivery")

    def ready(self):
        from dateline.delivery import signal_handlers

        signal_handlers.register()

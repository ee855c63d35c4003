from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo newsroom, The Caspian Ledger, and the one-command `dateline demo`."""

    name = "dateline.demo"
    label = "demo"
    verbose_name = "Demo newsroom"

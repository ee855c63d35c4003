from django.apps import AppConfig


class ServerConfig(AppConfig):
    """The processes an operator runs: the web server and the background worker."""

    name = "dateline.server"
    label = "server"
    verbose_name = "Server"

    def ready(self):
        # Registers `dateline check --deploy`'s own checks.
        from dateline.server import checks  # noqa: F401

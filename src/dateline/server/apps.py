from django.apps import AppConfig


class ServerConfig(AppConfig):
    """The processes an operator runs: the web server and the background worker."""

    name = "dateline.server"
    label = "server"
    verbose_name = "Server"

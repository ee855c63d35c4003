"""Local development: debug pages, a fixed key, any local host."""

from dateline.settings.base import *  # noqa: F403
from dateline.settings.base import SECRET_KEY

DEBUG = True
SECRET_KEY = SECRET_KEY or "dateline-development-only-key-never-use-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
STORAGES = {
    "default": {"BACKEND": "dateline.news.media_storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

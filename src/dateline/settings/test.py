"""Test runs: in-process task execution, fast hashing, files under a temporary folder."""

import os
import tempfile
from pathlib import Path

# Tests never write into a developer's data folder. Parallel test workers (pytest-xdist) inherit
# the environment of the process that started them, so each makes a folder of its own (page cache
# purge log, locks); `dateline` commands a test starts keep the folder the test gives them.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if ("DATELINE_DATA_DIR" not in os.environ
        or os.environ.get("DATELINE_TEST_DATA_DIR_WORKER", _WORKER) != _WORKER):
    os.environ["DATELINE_DATA_DIR"] = tempfile.mkdtemp(prefix="dateline-test-data-")
os.environ["DATELINE_TEST_DATA_DIR_WORKER"] = _WORKER

from dateline.settings.base import *  # noqa: E402, F403
from dateline.settings.base import DATABASES, STATIC_ROOT  # noqa: E402

STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Threads the tests start (live servers, concurrent saves) must not keep a connection open past
# their test, or PostgreSQL refuses to drop the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0

DEBUG = False
SECRET_KEY = "dateline-test-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="dateline-test-media-"))
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Every test starts by clearing the cache, which on Redis would empty the whole database.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
          "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                        "LOCATION": "fragments"}}
STORAGES = {
    "default": {"BACKEND": "dateline.news.media_storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

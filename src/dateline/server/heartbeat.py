"""The worker's heartbeat: how `dateline check` tells that a worker is running.

Every running `dateline worker` notes the time every ``BEAT_SECONDS``: in Redis when
``REDIS_URL`` is set, where every machine sees it; otherwise in a file in the data folder (its
modification time), for the worker on the same machine. Nothing is written per task, so a busy
worker costs the same as an idle one.
"""

import logging
import threading
import time

from django.conf import settings

from dateline.locks import _redis

BEAT_SECONDS = 15
# Past this, no worker has been running: scheduled stories wait and queued tasks pile up.
SILENT_AFTER_SECONDS = 60
FILE_NAME = "worker-heartbeat"

logger = logging.getLogger(__name__)


def _key():
    return f"{settings.CACHE_KEY_PREFIX}:worker-heartbeat"


def _file():
    return settings.DATA_DIR / FILE_NAME


def beat():
    if settings.REDIS_URL:
        # Kept a day: long enough to tell "stopped an hour ago" from "never ran".
        _redis(settings.REDIS_URL).set(_key(), repr(time.time()), ex=86_400)
    else:
        _file().touch()


def last_beat():
    """When a worker last beat, as a Unix time, or None if none has (within a day on Redis)."""
    if settings.REDIS_URL:
        value = _redis(settings.REDIS_URL).get(_key())
        return float(value) if value is not None else None
    try:
        return _file().stat().st_mtime
    except FileNotFoundError:
        return None


class Heartbeat(threading.Thread):
    """Beats until the process ends; a failed beat is logged and tried again."""

    def __init__(self, every=BEAT_SECONDS):
        super().__init__(name="heartbeat", daemon=True)
        self.every = every

    def run(self):
        while True:
            try:
                beat()
            except Exception:
                logger.exception("The worker's heartbeat was not written; trying again in %s s",
                                 self.every)
            time.sleep(self.every)

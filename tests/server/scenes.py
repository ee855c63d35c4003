"""What the scale-out tests' `dateline` subprocesses do: contend for a lock, store an image or
a private document, write to the cache; each reports as JSON on stdout or as lines in a shared
log.

Run in `dateline shell`, so each process loads the settings from its own environment.
"""

import io
import json
import os
import sys
import time
from pathlib import Path

from PIL import Image

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import storages

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from dateline.locks import exclusive

LOCK = "contended"


def take_turns(log, rounds, parties, hold_seconds=0.1):
    """Takes the lock ``rounds`` times, once every party has started, logging each entry and
    exit; pauses between turns so that the other party gets its chance."""
    log = Path(log)
    (log.parent / f"ready-{os.getpid()}").touch()
    while len(list(log.parent.glob("ready-*"))) < parties:
        time.sleep(0.01)
    for _ in range(rounds):
        with exclusive(LOCK, timeout=30, wait=60) as held:
            assert held
            _append(log, "in")
            time.sleep(hold_seconds)
            _append(log, "out")
        time.sleep(hold_seconds)


def hold_until_killed(ready, timeout):
    with exclusive(LOCK, timeout=timeout) as held:
        assert held
        Path(ready).write_text(str(time.time()))
        time.sleep(3600)


def try_lock(wait):
    with exclusive(LOCK, timeout=30, wait=wait) as held:
        _report({"held": held})


def store_an_image():
    """A newsroom photo and a rendition of it, saved through the configured media storage."""
    # A transactional test's flush takes the root collection Wagtail's migrations create.
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    photo = io.BytesIO()
    Image.new("RGB", (640, 480), (20, 110, 130)).save(photo, "JPEG")
    image = get_image_model().objects.create(
        title="Harbour at dawn", credit="Nino Kapanadze",
        file=ImageFile(photo, name="harbour.jpg"),
    )
    rendition = image.get_rendition("width-320")
    storage = type(storages["default"])
    _report({
        "storage": f"{storage.__module__}.{storage.__qualname__}",
        "media_url": settings.MEDIA_URL,
        "serve_media": settings.SERVE_MEDIA,
        "original": image.file.name,
        "original_url": image.file.url,
        "rendition": rendition.file.name,
        "rendition_url": rendition.url,
    })


def file_a_private_memo(content):
    """A document in a collection only signed-in users may see, beside a public picture."""
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    sources = Collection.get_first_root_node().add_child(name="Sources")
    CollectionViewRestriction.objects.create(
        collection=sources, restriction_type=CollectionViewRestriction.LOGIN)
    memo = get_document_model().objects.create(
        title="Source memo", collection=sources,
        file=ContentFile(content.encode(), name="source-memo.txt"),
    )
    photo = io.BytesIO()
    Image.new("RGB", (640, 480), (20, 110, 130)).save(photo, "JPEG")
    image = get_image_model().objects.create(
        title="Harbour at dawn", file=ImageFile(photo, name="harbour.jpg"))
    _report({"document": memo.file.name, "document_url": memo.url,
             "original": image.file.name, "rendition": image.get_rendition("width-320").file.name})


def remember(key, value):
    cache.set(key, value, timeout=300)
    _report({"backend": settings.CACHES["default"]["BACKEND"], "read_back": cache.get(key),
             "sessions": settings.SESSION_ENGINE})


def _report(facts):
    sys.stdout.write(json.dumps(facts) + "\n")


def _append(log, event):
    # One short write in append mode lands whole, whichever process writes it.
    with open(log, "a") as handle:
        handle.write(f"{os.getpid()} {event}\n")

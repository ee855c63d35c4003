"""The import's memory: which WordPress items already became Dateline objects, and as what.

Every object an import creates is recorded as an ImportedItem in the same transaction, so a
re-run, or a run resumed after the process was killed, updates or skips instead of duplicating.
"""

import dataclasses
import hashlib
import json

from dateline.importers.models import ImportedItem
from dateline.importers.wordpress.report import IMPORTED, UNCHANGED, UPDATED


def checksum(record):
    """sha256 of a parsed record's data: when it differs, the item changed in WordPress."""
    data = json.dumps(dataclasses.asdict(record), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


class Ledger:
    def __init__(self, source):
        self.source = source
        self.items = {
            (item.kind, item.source_id): item
            for item in ImportedItem.objects.filter(source=source)
        }

    def decide(self, kind, source_id, checksum):
        """IMPORTED when there is nothing yet (or it was deleted), UPDATED when it changed."""
        item = self.items.get((kind, source_id))
        if item is None or (item.page_id is None and item.image_id is None):
            return IMPORTED
        if item.checksum == checksum:
            return UNCHANGED
        return UPDATED

    def remember(self, kind, source_id, checksum, *, page=None, image=None):
        item, _created = ImportedItem.objects.update_or_create(
            source=self.source, kind=kind, source_id=source_id,
            defaults={"page": page, "image": image, "checksum": checksum},
        )
        self.items[(kind, source_id)] = item
        return item

    def page(self, kind, source_id):
        item = self.items.get((kind, source_id))
        if item is None or item.page_id is None:
            return None
        return item.page.specific

    def image(self, kind, source_id):
        item = self.items.get((kind, source_id))
        if item is None or item.image_id is None:
            return None
        return item.image

"""Feed entries become articles in a section; a re-run updates, never duplicates.

Each entry is known by its id, else its link (an ImportedItem per entry, with the feed as its
source), and a checksum of what was imported tells a changed entry from an unchanged one.
Entries without a date that can be read are imported as drafts with no date, even with
``publish``, and reported: Dateline never guesses when a story was published.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field

from django.db import transaction

from dateline.importers.body import html_to_blocks
from dateline.importers.feeds.filing import (
    Bylines,
    file_story,
    fill_story,
    revise_story,
    save_story,
)
from dateline.importers.models import ImportedItem
from dateline.importers.sanitise import plain_text
from dateline.news.models import ArticlePage

KIND = "entry"
SOURCE_ID_LENGTH = 1000


@dataclass
class FeedReport:
    imported: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (entry, why)
    undated: list[str] = field(default_factory=list)
    authors_created: list[str] = field(default_factory=list)
    authors_left_out: list[str] = field(default_factory=list)


class FeedImport:
    def __init__(self, *, source, section, publish=False, dry_run=False):
        self.source = source
        self.section = section
        self.publish = publish
        self.dry_run = dry_run
        self.report = FeedReport()
        self.bylines = Bylines(publish=publish)

    def run(self, entries, *, advance=None):
        for entry in entries:
            self.import_entry(entry)
            if advance is not None:
                advance()
        self.report.authors_created = [author.title for author in self.bylines.created]
        self.report.authors_left_out = self.bylines.left_out
        return self.report

    def import_entry(self, entry):
        label = entry.title or entry.link or "(an entry without title or link)"
        if not entry.identity:
            self.report.skipped.append((label, "it has neither an id nor a link"))
            return
        if not entry.title:
            self.report.skipped.append((label, "it has neither a title nor any text"))
            return
        record = ImportedItem.objects.filter(
            source=self.source, kind=KIND, source_id=entry.identity[:SOURCE_ID_LENGTH]
        ).first()
        if record is not None and record.page_id is None:
            self.report.skipped.append((label, "its article was deleted after an earlier import"))
            return
        checksum = entry_checksum(entry)
        if record is not None and record.checksum == checksum:
            self.report.unchanged.append(label)
            return
        if entry.published is None:
            self.report.undated.append(label)
        if self.dry_run:
            (self.report.updated if record else self.report.imported).append(label)
            return
        with transaction.atomic():
            if record is None:
                self.create(entry, checksum)
                self.report.imported.append(label)
            else:
                self.update(record, entry, checksum)
                self.report.updated.append(label)

    def create(self, entry, checksum):
        page = fill_story(ArticlePage(), **self.story_fields(entry))
        file_story(self.section, page, publish=self.publish)
        ImportedItem.objects.create(
            source=self.source, kind=KIND, source_id=entry.identity[:SOURCE_ID_LENGTH],
            page=page, checksum=checksum,
        )

    def update(self, record, entry, checksum):
        page = fill_story(revise_story(record.page.specific), **self.story_fields(entry))
        save_story(page, publish=self.publish)
        record.checksum = checksum
        record.save(update_fields=["checksum", "updated_at"])

    def story_fields(self, entry):
        body = html_to_blocks(entry.html)
        return {
            "title": entry.title,
            "standfirst": plain_text(entry.summary) if entry.summary else "",
            "published_at": entry.published,
            "blocks": body,
            "authors": self.bylines.authors(entry.authors),
        }


def entry_checksum(entry):
    data = {**asdict(entry), "published": entry.published and entry.published.isoformat()}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()

"""Feed entries become articles in a section; a re-run updates, never duplicates.

Each entry is known by its id, else its link (an ImportedItem per entry, with the feed as its
source), and a checksum of what was imported tells a changed entry from an unchanged one.
Entries without a date that can be read are imported as drafts with no date, even with
``publish``, and reported: Dateline never guesses when a story was published. A date without
a time zone is read in the subscription's zone (by default the site's), reported, and left
as a draft for an editor to check, even with ``publish``. Each story keeps the entry's link
(``source_url``), which also recognises the entry when its id changes. With ``publish``, a
re-run publishes the drafts an earlier run left, or says why not.
"""

import datetime
import hashlib
import json
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from wagtail.models import Site

from dateline.importers.body import BodyReader
from dateline.importers.feeds.filing import (
    TITLE_LENGTH,
    Bylines,
    file_story,
    fill_story,
    revise_story,
    save_story,
)
from dateline.importers.models import ImportedItem
from dateline.importers.sanitise import plain_text
from dateline.news.models import ArticlePage, SiteSettings

KIND = "entry"
SOURCE_ID_LENGTH = 1000


@dataclass
class FeedReport:
    imported: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (entry, why)
    undated: list[str] = field(default_factory=list)
    # (entry, zone): dated without a time zone, read in ``zone``, left as a draft.
    zoneless: list[tuple[str, str]] = field(default_factory=list)
    published_now: list[str] = field(default_factory=list)  # drafts of earlier runs
    not_published: list[tuple[str, str]] = field(default_factory=list)  # (entry, why)
    authors_created: list[str] = field(default_factory=list)
    authors_left_out: list[str] = field(default_factory=list)
    altered: list[tuple[str, str]] = field(default_factory=list)  # (entry, what changed)


class FeedImport:
    def __init__(self, *, source, section, publish=False, dry_run=False, zone=None,
                 show_source=False):
        self.source = source
        self.section = section
        self.publish = publish
        self.dry_run = dry_run
        self.zone = zone or site_zone()
        self.show_source = show_source
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
        record = self.record_of(entry)
        if record is not None and record.page_id is None:
            self.report.skipped.append((label, "its article was deleted after an earlier import"))
            return
        checksum = entry_checksum(entry)
        if record is not None and record.checksum == checksum:
            self.report.unchanged.append(label)
            if self.publish:
                self.publish_earlier_draft(record, entry, label)
            return
        if entry.published is None:
            self.report.undated.append(label)
        elif entry.published.tzinfo is None:
            self.report.zoneless.append((label, str(self.zone)))
        blocks = self.read_body(entry, label)
        if self.dry_run:
            (self.report.updated if record else self.report.imported).append(label)
            return
        with transaction.atomic():
            if record is None:
                self.create(entry, checksum, blocks)
                self.report.imported.append(label)
            else:
                self.update(record, entry, checksum, blocks)
                self.report.updated.append(label)

    def read_body(self, entry, label):
        """The entry's body blocks; what changed on the way in is named in the report."""
        reader = BodyReader()
        blocks = reader.read(entry.html)
        if len(entry.title) > TITLE_LENGTH:
            self.report.altered.append((label, f"headline of {len(entry.title)} characters "
                                               f"shortened to {TITLE_LENGTH}"))
        self.report.altered += [(label, what) for what in reader.changes(
            pictures_why="as a feed's pictures are not fetched")]
        return blocks

    def record_of(self, entry):
        """The entry's record by its id, else by its link: a feed that changed its ids (a
        move to another platform) still names each story at its address."""
        records = ImportedItem.objects.filter(source=self.source, kind=KIND)
        record = records.filter(source_id=entry.identity[:SOURCE_ID_LENGTH]).first()
        if record is None and entry.link:
            pages = ArticlePage.objects.filter(source_url=source_url(entry.link) or None
                                               ).values("pk")
            record = records.filter(page__in=pages).first()
        return record

    def may_publish(self, entry):
        """Publish only what the feed dated in full: a date without a zone is an editor's."""
        return self.publish and entry.published is not None and \
            entry.published.tzinfo is not None

    def publish_earlier_draft(self, record, entry, label):
        page = record.page.specific
        if page.live:
            return
        if entry.published is None:
            why = "it has no date that can be read: set one and publish it in the admin"
        elif entry.published.tzinfo is None:
            why = ("its date has no time zone: check the time and publish it in the admin")
        elif page.first_published_at is not None and not page.live:
            why = "it was published once and then unpublished by an editor"
        else:
            why = ""
        if why:
            self.report.not_published.append((label, why))
            return
        if not self.dry_run:
            with transaction.atomic():
                page.get_latest_revision().publish()
        self.report.published_now.append(label)

    def create(self, entry, checksum, blocks):
        page = fill_story(ArticlePage(), **self.story_fields(entry, blocks))
        page.source_url = source_url(entry.link)
        page.show_source = self.show_source and bool(page.source_url)
        file_story(self.section, page, publish=self.may_publish(entry))
        ImportedItem.objects.create(
            source=self.source, kind=KIND, source_id=entry.identity[:SOURCE_ID_LENGTH],
            page=page, checksum=checksum,
        )

    def update(self, record, entry, checksum, blocks):
        page = fill_story(revise_story(record.page.specific), **self.story_fields(entry, blocks))
        page.source_url = source_url(entry.link) or page.source_url
        save_story(page, publish=self.may_publish(entry))
        record.checksum = checksum
        record.source_id = entry.identity[:SOURCE_ID_LENGTH]
        record.save(update_fields=["checksum", "source_id", "updated_at"])

    def story_fields(self, entry, blocks):
        return {
            "title": entry.title,
            "standfirst": plain_text(entry.summary) if entry.summary else "",
            "published_at": (entry.published.replace(tzinfo=self.zone)
                             if entry.published and entry.published.tzinfo is None
                             else entry.published),
            "blocks": blocks,
            "authors": self.bylines.authors(entry.authors),
        }


def source_url(link):
    """The entry's link when it is an address a reader can follow, else ""."""
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        return ""
    return link if len(link) <= 1000 else ""


def site_zone():
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site).zone() if site else datetime.UTC


def entry_checksum(entry):
    data = {**asdict(entry), "published": entry.published and entry.published.isoformat()}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()

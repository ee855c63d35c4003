"""A post's approved comments become its archived discussion; the rest are counted.

Comments are kept as the old site showed them: the name the reader gave, the date, the text
(as plain text, line breaks kept) and who replied to whom. Spam, comments awaiting approval,
comments in the bin, and pingbacks and trackbacks (notices of links, not discussion) are
counted and skipped with their reason. The discussion is closed: Dateline takes no comments.
"""

import datetime
import re

from dateline.importers.models import ArchivedComment
from dateline.importers.sanitise import plain_text
from dateline.importers.wordpress.publishing import WP_DATE_FORMAT
from dateline.importers.wordpress.report import IMPORTED, SKIPPED, UNCHANGED, UPDATED

KIND = "comment"
NOT_APPROVED = {
    "0": "awaiting approval", "spam": "spam", "trash": "in the bin",
    "post-trashed": "its post was in the bin",
}
DISCUSSION_TYPES = {"", "comment", "review"}
ORPHAN = "a reply to a comment not kept: shown at the top level"
PARAGRAPH_END = re.compile(r"</p>|<br\s*/?>", re.I)


class Comments:
    def __init__(self, steps, *, source, zone):
        self.steps = steps
        self.report = steps.report
        self.source = source
        self.zone = zone

    def skip_all(self, item, reason):
        for _comment in item.comments:
            self.report.record(KIND, SKIPPED, reason)

    def keep(self, item, page):
        """Archives ``item``'s approved comments under ``page`` (None in a dry run)."""
        kept = {}
        approved = []
        for comment in item.comments:
            reason = why_not(comment)
            if reason:
                self.report.record(KIND, SKIPPED, reason)
            else:
                approved.append(comment)
        ids = {comment.comment_id for comment in approved}
        # Parents before replies, whatever order the file lists them in.
        approved.sort(key=lambda comment: (depth(comment, approved), comment.date_gmt,
                                           comment.date, comment.comment_id))
        existing = {
            row.source_id: row for row in ArchivedComment.objects.filter(
                source=self.source, source_id__in=[self.key(c) for c in approved])
        }
        for comment in approved:
            key = self.key(comment)
            values = {
                "author_name": plain_text(comment.author)[:255] or "Anonymous",
                "posted_at": self.date(comment),
                "text": comment_text(comment.content),
            }
            row = existing.get(key)
            if row is not None and (page is None or row.page_id == page.pk) and all(
                    getattr(row, name) == value for name, value in values.items()):
                decision = UNCHANGED
            else:
                decision = IMPORTED if row is None else UPDATED
            orphan = comment.parent_id not in ("", "0", None) and comment.parent_id not in ids
            self.report.record(KIND, decision, ORPHAN if orphan else "")
            if page is None or decision == UNCHANGED:
                kept[comment.comment_id] = row
                continue
            parent = kept.get(comment.parent_id) if comment.parent_id in ids else None
            row, _created = ArchivedComment.objects.update_or_create(
                source=self.source, source_id=key,
                defaults={**values, "page": page, "parent": parent},
            )
            kept[comment.comment_id] = row

    def key(self, comment):
        return comment.comment_id or f"{comment.date_gmt}|{comment.author}"

    def date(self, comment):
        for value, zone in ((comment.date_gmt, datetime.UTC), (comment.date, self.zone)):
            try:
                return datetime.datetime.strptime(value, WP_DATE_FORMAT).replace(tzinfo=zone)
            except ValueError:
                continue
        return None


def why_not(comment):
    """Why a comment is not kept, or "" when it is."""
    if comment.comment_type not in DISCUSSION_TYPES:
        return f"{comment.comment_type}: not reader discussion"
    if comment.approved != "1":
        return NOT_APPROVED.get(comment.approved, f"not approved ({comment.approved})")
    if not comment_text(comment.content):
        return "empty"
    return ""


def depth(comment, comments):
    by_id = {each.comment_id: each for each in comments}
    steps, seen = 0, set()
    while comment.parent_id in by_id and comment.comment_id not in seen:
        seen.add(comment.comment_id)
        comment = by_id[comment.parent_id]
        steps += 1
    return steps


def comment_text(content):
    """Plain text with its paragraphs: WordPress keeps a comment's line breaks as typed."""
    text = PARAGRAPH_END.sub("\n", content or "")
    return "\n".join(line for line in (plain_text(part) for part in text.split("\n"))).strip()

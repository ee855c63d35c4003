"""What an import did, per kind of item: imported, updated, unchanged, skipped and why."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

IMPORTED = "imported"
UPDATED = "updated"
UNCHANGED = "unchanged"
SKIPPED = "skipped"
OUTCOMES = (IMPORTED, UPDATED, UNCHANGED, SKIPPED)


@dataclass
class ImportReport:
    dry_run: bool = False
    counts: dict = field(default_factory=lambda: defaultdict(Counter))
    reasons: dict = field(default_factory=lambda: defaultdict(Counter))
    # (kind, reason): the names of the items skipped or changed for that reason.
    named: dict = field(default_factory=lambda: defaultdict(list))
    # For posts, pages and the other items of the file: how many of each WordPress status.
    statuses: dict = field(default_factory=lambda: defaultdict(Counter))
    unknown_shortcodes: dict = field(default_factory=lambda: defaultdict(list))
    notes: list = field(default_factory=list)
    # (kind, title, what changed): everything imported that did not arrive as it was.
    altered: list = field(default_factory=list)
    redirects: int = 0

    def record(self, kind, outcome, reason="", *, status=None, name=None):
        self.counts[kind][outcome] += 1
        if reason:
            self.reasons[kind][reason] += 1
            if name is not None:
                self.named[(kind, reason)].append(name)
        if status is not None:
            self.statuses[kind][status or "(none)"] += 1

    def count(self, kind, outcome):
        return self.counts[kind][outcome]

    def unknown_shortcode(self, name, where):
        if where not in self.unknown_shortcodes[name]:
            self.unknown_shortcodes[name].append(where)

    def note(self, text):
        self.notes.append(text)

    def alter(self, kind, title, what):
        self.altered.append((kind, title, what))

    def lines(self):
        """The report as plain lines, for the command's output."""
        verb = "would be" if self.dry_run else "were"
        lines = [f"Dry run: nothing {verb} written." if self.dry_run else "Import finished."]
        for kind in sorted(self.counts):
            counts = self.counts[kind]
            summary = ", ".join(f"{counts[outcome]} {outcome}" for outcome in OUTCOMES)
            lines.append(f"  {kind}: {summary}")
            if self.statuses[kind]:
                lines.append("      by status in the file: " + ", ".join(
                    f"{status} {number}" for status, number in sorted(self.statuses[kind].items())))
            for reason, number in sorted(self.reasons[kind].items()):
                names = self.named.get((kind, reason))
                listed = ": " + "; ".join(repr(name) for name in names) if names else ""
                lines.append(f"      {number} × {reason}{listed}")
        lines.append(f"  redirects from old addresses: {self.redirects}")
        if self.unknown_shortcodes:
            lines.append("Unknown shortcodes, kept as text for an editor to replace:")
            for name, places in sorted(self.unknown_shortcodes.items()):
                shown = "; ".join(places[:5]) + (" …" if len(places) > 5 else "")
                lines.append(f"  [{name}] in {len(places)} item(s): {shown}")
        if self.altered:
            lines.append("Imported with changes:")
            lines.extend(f"  {kind} {title!r}: {what}" for kind, title, what in self.altered)
        if self.notes:
            lines.append("Notes:")
            lines.extend(f"  {text}" for text in self.notes)
        return lines

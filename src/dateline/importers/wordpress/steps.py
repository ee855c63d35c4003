"""How each step of an import goes, whichever part of the export it reads: one item per
transaction, the progress bar moved on after each, every decision counted in the report."""

from django.db import transaction

from dateline.importers.wordpress.report import UNCHANGED


class Steps:
    def __init__(self, *, ledger, report, dry_run, advance):
        self.ledger = ledger
        self.report = report
        self.dry_run = dry_run
        self.advance = advance

    def each(self, things, handle):
        for thing in things:
            with transaction.atomic():
                handle(thing)
            self.advance()

    def outcome(self, kind, source_id, digest, *, status=None):
        """Counts the decision; returns it, or None when there is nothing to write."""
        decision = self.ledger.decide(kind, source_id, digest)
        if decision == UNCHANGED or self.dry_run:
            self.report.record(kind, decision, status=status)
            return None
        return decision

from rich.progress import track

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Page, Site

from dateline.copydesk.registry import run_checks
from dateline.news.models import SiteSettings


class Command(BaseCommand):
    help = (
        "Run the copy desk's publish checks over every live page and each site's settings, "
        "print the findings page by page, and exit with an error if any finding blocks "
        "publishing. Changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--blocking-only", action="store_true",
                            help="List only findings that block publishing, not warnings.")

    def handle(self, *args, blocking_only=False, **options):
        audited = self.audit_settings() + self.audit_pages()
        if blocking_only:
            audited = [(place, [f for f in findings if f.blocks]) for place, findings in audited]
        self.print_findings(audited)
        self.print_summary(audited)

    def audit_pages(self):
        pages = Page.objects.live().exclude(depth=1).specific().order_by("path")
        return [(f"{page.get_full_url() or page.url_path}  ({page.specific_class.__name__})",
                 run_checks(page))
                for page in track(pages, total=pages.count(), description="Checking pages",
                                  transient=True)]

    def audit_settings(self):
        return [(f"Site settings of {site.hostname}", run_checks(SiteSettings.for_site(site)))
                for site in Site.objects.order_by("hostname")]

    def print_findings(self, audited):
        for place, findings in audited:
            if not findings:
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(place))
            for finding in findings:
                label = self.style.ERROR("BLOCK") if finding.blocks else self.style.WARNING("warn ")
                self.stdout.write(f"  {label} {finding}")

    def print_summary(self, audited):
        blocking = sum(finding.blocks for _place, findings in audited for finding in findings)
        warnings = sum(not finding.blocks for _place, findings in audited for finding in findings)
        faulty = sum(any(finding.blocks for finding in findings) for _place, findings in audited)
        summary = (f"Checked {len(audited)} pages and settings: {blocking} blocking findings "
                   f"on {faulty} of them, {warnings} warnings.")
        if blocking:
            raise CommandError(f"{summary} Fix the blocking findings in the admin (the editor "
                               "lists each one), then run audit_site again.")
        self.stdout.write(self.style.SUCCESS(summary))

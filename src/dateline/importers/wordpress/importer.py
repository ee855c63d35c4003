"""Writes a parsed WordPress export into the newsroom, one item per transaction.

Order matters: authors, sections and topics first, then images, then pages and posts that
refer to them, then the front page's featured stories and the attachment pages' redirects.
Each item is committed on its own, with its ImportedItem, so a killed run resumes where it
stopped. In a dry run the same decisions are made and counted, and nothing is written.

Each part of the export has its importer, which owns its steps: ``Terms`` (authors, sections,
topics), ``Attachments`` (images) and ``Stories`` (pages, posts, the front page's featured
stories). This module hands each one what it needs; none of them calls back.
"""

from wagtail.models import Site

from dateline.importers.wordpress.attachments import Attachments
from dateline.importers.wordpress.ledger import Ledger
from dateline.importers.wordpress.report import SKIPPED, ImportReport
from dateline.importers.wordpress.steps import Steps
from dateline.importers.wordpress.stories import Stories
from dateline.importers.wordpress.terms import Terms
from dateline.news.models import HomePage, SiteSettings

CONTENT_TYPES = {"post", "page", "attachment"}


class NoHomePage(Exception):
    """The default site has no home page to import under."""


class WordPressImport:
    def __init__(self, export, *, library, dry_run=False):
        self.export = export
        self.library = library
        self.dry_run = dry_run
        self.report = ImportReport(dry_run=dry_run)
        self.ledger = Ledger(export.source)
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None or not isinstance(site.root_page.specific, HomePage):
            raise NoHomePage("the default site's root page is not a home page")
        self.home = site.root_page.specific
        self.zone = SiteSettings.for_site(site).zone()

    def item_count(self):
        """How many items the progress bar counts."""
        export = self.export
        return len(export.authors) + len(export.categories) + len(export.tags) + len(export.items)

    def run(self, *, advance=None):
        """Imports the export, calling ``advance`` after each item; returns the report."""
        export = self.export
        advance = advance or (lambda: None)
        steps = Steps(ledger=self.ledger, report=self.report, dry_run=self.dry_run,
                      advance=advance)
        terms = Terms(steps, home=self.home)
        attachments = Attachments(export.of_type("attachment"), steps, library=self.library)
        stories = Stories(steps, home=self.home, zone=self.zone,
                          base_blog_url=export.base_blog_url, terms=terms,
                          attachments=attachments,
                          reusable_blocks={item.post_id: item.content
                                           for item in export.of_type("wp_block")})
        terms.import_authors(export.authors)
        terms.import_sections(export.categories)
        terms.import_topics(export.tags)
        attachments.import_images()
        stories.import_pages(export.of_type("page"))
        stories.import_posts(export.of_type("post"))
        self.skip_other_types(advance)
        stories.feature_sticky_posts(export.of_type("post"))
        attachments.redirect_pages(export.base_blog_url)
        return self.report

    def skip_other_types(self, advance):
        for item in self.export.items:
            if item.post_type not in CONTENT_TYPES:
                self.report.record(item.post_type, SKIPPED, "not content Dateline imports")
                advance()

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

from dateline.importers.sanitise import plain_text
from dateline.importers.wordpress.attachments import Attachments
from dateline.importers.wordpress.comments import Comments
from dateline.importers.wordpress.ledger import Ledger
from dateline.importers.wordpress.redirects import Claims
from dateline.importers.wordpress.report import SKIPPED, ImportReport
from dateline.importers.wordpress.steps import Steps
from dateline.importers.wordpress.stories import Stories
from dateline.importers.wordpress.terms import Terms
from dateline.news.models import HomePage, SiteSettings

CONTENT_TYPES = {"post", "page", "attachment"}
NO_TYPE = "(no post type)"


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
        comments = Comments(steps, source=export.source, zone=self.zone)
        claims = Claims(self.report, dry_run=self.dry_run)
        stories = Stories(steps, home=self.home, zone=self.zone,
                          base_blog_url=export.base_blog_url, terms=terms,
                          attachments=attachments, comments=comments, claims=claims,
                          reusable_blocks={item.post_id: item.content
                                           for item in export.of_type("wp_block")},
                          pages=export.of_type("page"))
        terms.import_authors(export.authors)
        terms.import_sections(export.categories)
        terms.import_topics(export.tags)
        attachments.import_images()
        stories.import_pages(export.of_type("page"))
        stories.import_posts(export.of_type("post"))
        self.skip_other_types(advance, comments)
        stories.feature_sticky_posts(export.of_type("post"))
        attachments.redirect_pages(export.base_blog_url, claims,
                                   imported_story=stories.would_be_imported)
        self.name_other_terms()
        return self.report

    def skip_other_types(self, advance, comments):
        for item in self.export.items:
            if item.post_type not in CONTENT_TYPES:
                kind = item.post_type or NO_TYPE
                reason = ("no post type in the file: not clearly content" if not item.post_type
                          else "not content Dateline imports")
                self.report.record(kind, SKIPPED, reason, status=item.status,
                                   name=plain_text(item.title) or item.post_id)
                comments.skip_all(item, f"on a {kind} item, not imported")
                advance()
            elif item.post_type == "attachment":
                comments.skip_all(item, "on an attachment page")

    def name_other_terms(self):
        """Taxonomies Dateline has no place for (a plugin's "genre", a theme's "series"): each
        named in the report with its terms, and the items that used them counted."""
        terms = {}
        for taxonomy, slug, name in self.export.other_terms:
            terms.setdefault(taxonomy, {})[slug] = name or slug
        used = {}
        for item in self.export.items:
            for taxonomy, slug, name in item.other_terms:
                terms.setdefault(taxonomy, {}).setdefault(slug, name or slug)
                used.setdefault(taxonomy, set()).add(item.post_id)
        for taxonomy, named in sorted(terms.items()):
            listed = ", ".join(sorted(named.values())[:20]) + (" …" if len(named) > 20 else "")
            self.report.note(
                f"Taxonomy {taxonomy!r} not imported: {len(named)} term(s) ({listed}), "
                f"used by {len(used.get(taxonomy, ()))} item(s).")

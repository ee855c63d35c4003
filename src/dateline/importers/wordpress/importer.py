"""Writes a parsed WordPress export into the newsroom, one item per transaction.

Order matters: authors, sections and topics first, then images, then pages and posts that
refer to them, then the front page's featured stories and the attachment pages' redirects.
Each item is committed on its own, with its ImportedItem, so a killed run resumes where it
stopped. In a dry run the same decisions are made and counted, and nothing is written.
"""

from django.db import transaction
from django.utils.html import escape

from wagtail.models import Site

from dateline.importers.sanitise import plain_text
from dateline.importers.slugs import unique_slug
from dateline.importers.wordpress import media, redirects
from dateline.importers.wordpress.ledger import Ledger, checksum
from dateline.importers.wordpress.publishing import add_page, parents_first
from dateline.importers.wordpress.report import IMPORTED, SKIPPED, UNCHANGED, ImportReport
from dateline.importers.wordpress.stories import StoryWriter
from dateline.news.models import (
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    SectionPage,
    SiteSettings,
    TopicIndexPage,
    TopicPage,
)

DEFAULT_CATEGORY = "uncategorized"
CONTENT_TYPES = {"post", "page", "attachment"}


class NoHomePage(Exception):
    """The default site has no home page to import under."""


class WordPressImport:
    def __init__(self, export, *, library, dry_run=False, advance=None):
        self.export = export
        self.library = library
        self.dry_run = dry_run
        self.advance = advance or (lambda: None)
        self.report = ImportReport(dry_run=dry_run)
        self.ledger = Ledger(export.source)
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None or not isinstance(site.root_page.specific, HomePage):
            raise NoHomePage("the default site's root page is not a home page")
        self.site = site
        self.home = site.root_page.specific
        self.zone = SiteSettings.for_site(site).zone()
        self.attachments = {item.post_id: item for item in export.of_type("attachment")}
        self.attachment_keys = {
            media.image_key(item.attachment_url): item for item in self.attachments.values()
        }
        self.stories = StoryWriter(self)

    def steps(self):
        """How many items the progress bar counts."""
        export = self.export
        return len(export.authors) + len(export.categories) + len(export.tags) + len(export.items)

    def run(self):
        self.import_authors()
        self.import_sections()
        self.import_topics()
        self.import_attachments()
        self.stories.import_pages(self.export.of_type("page"))
        self.stories.import_posts(self.export.of_type("post"))
        self.skip_other_types()
        self.stories.feature_sticky_posts()
        self.redirect_attachment_pages()
        return self.report

    def each(self, things, handle):
        for thing in things:
            with transaction.atomic():
                handle(thing)
            self.advance()

    def outcome(self, kind, source_id, digest):
        """Counts the decision; returns it, or None when there is nothing to write."""
        decision = self.ledger.decide(kind, source_id, digest)
        if decision == UNCHANGED or self.dry_run:
            self.report.record(kind, decision)
            return None
        return decision

    # Authors ---------------------------------------------------------------------------------

    def import_authors(self):
        self.each(self.export.authors, self.import_author)

    def import_author(self, author):
        decision = self.outcome("author", author.login, checksum(author))
        if decision is None:
            return
        name = plain_text(author.name)[:255] or author.login
        if decision == IMPORTED:
            index = self.index_page(AuthorIndexPage, title="Authors", slug="authors")
            page = AuthorPage(title=name, slug=unique_slug(index, author.login, fallback=name))
            add_page(index, page, "publish")
        else:
            page = self.ledger.page("author", author.login)
            page.title = name
        page.save_revision().publish()
        if not author.declared:
            self.report.record("author", decision, "named by a post but not declared in the file")
        else:
            self.report.record("author", decision)
        self.ledger.remember("author", author.login, checksum(author), page=page)

    def index_page(self, model, *, title, slug):
        index = model.objects.descendant_of(self.home).first()
        if index is None:
            index = model(title=title, slug=unique_slug(self.home, slug, fallback=title))
            add_page(self.home, index, "publish")
            index.save_revision().publish()
            self.report.note(f"Created the {model._meta.verbose_name} {index.url_path!r}.")
        return index

    # Sections and topics ---------------------------------------------------------------------

    def import_sections(self):
        ordered = parents_first(self.export.categories, identity=lambda term: term.slug,
                                parent=lambda term: term.parent)
        self.each(ordered, self.import_section)

    def import_section(self, term):
        decision = self.outcome("category", term.slug, checksum(term))
        if decision is None:
            return
        title = plain_text(term.name)[:255] or term.slug
        # Rich text: the description's text, escaped, or "&lt;img onerror=…&gt;" in it would
        # become a live element once unescaped into markup.
        intro = f"<p>{escape(plain_text(term.description))}</p>" if term.description else ""
        if decision == IMPORTED:
            parent = self.ledger.page("category", term.parent) if term.parent else None
            parent = parent if isinstance(parent, SectionPage) else self.home
            page = SectionPage(title=title, intro=intro,
                               slug=unique_slug(parent, term.slug, fallback=title))
            add_page(parent, page, "publish")
        else:
            page = self.ledger.page("category", term.slug)
            page.title, page.intro = title, intro
        page.save_revision().publish()
        self.report.record("category", decision)
        self.ledger.remember("category", term.slug, checksum(term), page=page)

    def default_section(self):
        """Where posts without a category go: WordPress's default, created if the file has none."""
        section = self.ledger.page("category", DEFAULT_CATEGORY)
        if section is None and not self.dry_run:
            section = SectionPage(title="Uncategorised",
                                  slug=unique_slug(self.home, "uncategorised", fallback="section"))
            add_page(self.home, section, "publish")
            section.save_revision().publish()
            self.ledger.remember("category", DEFAULT_CATEGORY, "", page=section)
        return section

    def import_topics(self):
        self.each(self.export.tags, self.import_topic)

    def import_topic(self, term):
        decision = self.outcome("tag", term.slug, checksum(term))
        if decision is None:
            return
        title = plain_text(term.name)[:255] or term.slug
        description = plain_text(term.description)[:500]
        if decision == IMPORTED:
            index = self.index_page(TopicIndexPage, title="Topics", slug="topics")
            page = TopicPage(title=title, description=description,
                             slug=unique_slug(index, term.slug, fallback=title))
            add_page(index, page, "publish")
        else:
            page = self.ledger.page("tag", term.slug)
            page.title, page.description = title, description
        page.save_revision().publish()
        self.report.record("tag", decision)
        self.ledger.remember("tag", term.slug, checksum(term), page=page)

    # Images ----------------------------------------------------------------------------------

    def import_attachments(self):
        self.each(self.attachments.values(), self.import_attachment)

    def import_attachment(self, item):
        digest = checksum(item)
        decision = self.ledger.decide("attachment", item.post_id, digest)
        if decision == UNCHANGED:
            self.report.record("attachment", decision)
            return
        title = plain_text(item.title) or media.uploads_path(item.attachment_url)
        alt = plain_text(item.meta.get("_wp_attachment_image_alt", ""))
        caption = plain_text(item.excerpt)
        if decision == IMPORTED:
            try:
                data = self.library.read(item.attachment_url, allow_download=not self.dry_run)
                media.check_image(data)
            except media.MediaUnavailable as error:
                if self.dry_run and str(error) == "would be downloaded":
                    self.report.record("attachment", IMPORTED)
                else:
                    self.report.record("attachment", SKIPPED, str(error))
                return
            if self.dry_run:
                self.report.record("attachment", IMPORTED)
                return
            image = media.save_image(data, url=item.attachment_url, title=title, alt=alt,
                                     caption=caption)
        else:
            if self.dry_run:
                self.report.record("attachment", decision)
                return
            image = self.ledger.image("attachment", item.post_id)
            image.title, image.description, image.caption = title[:255], alt[:255], caption[:500]
            image.save()
        self.report.record("attachment", decision)
        self.ledger.remember("attachment", item.post_id, digest, image=image)

    def image_for_url(self, url):
        item = self.attachment_keys.get(media.image_key(url))
        return self.ledger.image("attachment", item.post_id) if item else None

    def image_for_id(self, post_id):
        return self.ledger.image("attachment", post_id) if post_id else None

    def redirect_attachment_pages(self):
        if self.dry_run:
            return
        for item in self.attachments.values():
            parent = self.ledger.page("post", item.parent_id) or self.ledger.page(
                "page", item.parent_id)
            if parent is None or self.ledger.image("attachment", item.post_id) is None:
                continue
            paths = redirects.old_paths(item, self.export.base_blog_url)
            with transaction.atomic():
                self.report.redirects += redirects.redirect_to(parent, paths)

    def skip_other_types(self):
        for item in self.export.items:
            if item.post_type not in CONTENT_TYPES:
                self.report.record(item.post_type, SKIPPED, "not content Dateline imports")
                self.advance()

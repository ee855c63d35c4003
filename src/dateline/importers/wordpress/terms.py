"""WordPress authors, categories and tags become author, section and topic pages."""

from django.utils.html import escape

from dateline.importers.sanitise import plain_text
from dateline.importers.slugs import SLUG_LENGTH, slug_of, unique_slug
from dateline.importers.wordpress.ledger import checksum
from dateline.importers.wordpress.publishing import add_page, parents_first
from dateline.importers.wordpress.report import IMPORTED
from dateline.news.models import (
    AuthorIndexPage,
    AuthorPage,
    SectionPage,
    TopicIndexPage,
    TopicPage,
)

DEFAULT_CATEGORY = "uncategorized"


class Terms:
    def __init__(self, steps, *, home):
        self.steps = steps
        self.ledger = steps.ledger
        self.report = steps.report
        self.home = home
        self.declared = {}

    # Authors ---------------------------------------------------------------------------------

    def import_authors(self, authors):
        self.steps.each(authors, self.import_author)

    def import_author(self, author):
        decision = self.steps.outcome("author", author.login, checksum(author))
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

    # Sections --------------------------------------------------------------------------------

    def import_sections(self, categories):
        self.declared = {term.slug: term for term in categories}
        ordered = parents_first(categories, identity=lambda term: term.slug,
                                parent=lambda term: term.parent)
        self.steps.each(ordered, self.import_section)

    def import_section(self, term):
        decision = self.steps.outcome("category", term.slug, checksum(term))
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

    def section_of(self, categories):
        """The section of a post's first imported category, else WordPress's default one."""
        for slug, _name in categories:
            section = self.ledger.page("category", slug)
            if section is not None:
                return section
        return self.default_section()

    def predicted_section_url(self, categories):
        """A dry run's answer to "which section's address?": the section made for the first
        category that has one, else the one the file's categories would make."""
        for slug, _name in categories:
            section = self.ledger.page("category", slug)
            if section is not None:
                return section.get_url() or ""
        home = (self.home.get_url() or "/").rstrip("/")
        slug = next((slug for slug, _name in categories if slug in self.declared), None)
        if slug is None:
            section = self.ledger.page("category", DEFAULT_CATEGORY)
            return section.get_url() if section is not None else f"{home}/uncategorised/"
        chain = []
        while slug in self.declared and slug not in chain:
            made = self.ledger.page("category", slug)
            if made is not None:
                return "/".join([(made.get_url() or "").rstrip("/"), *chain]) + "/"
            chain.insert(0, slug_of(slug, SLUG_LENGTH))
            slug = self.declared[slug].parent
        return "/".join([home, *chain]) + "/"

    def default_section(self):
        """Where posts without a category go: WordPress's default, created if the file has none."""
        section = self.ledger.page("category", DEFAULT_CATEGORY)
        if section is None and not self.steps.dry_run:
            section = SectionPage(title="Uncategorised",
                                  slug=unique_slug(self.home, "uncategorised", fallback="section"))
            add_page(self.home, section, "publish")
            section.save_revision().publish()
            self.ledger.remember("category", DEFAULT_CATEGORY, "", page=section)
        return section

    # Topics ----------------------------------------------------------------------------------

    def import_topics(self, tags):
        self.steps.each(tags, self.import_topic)

    def import_topic(self, term):
        decision = self.steps.outcome("tag", term.slug, checksum(term))
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

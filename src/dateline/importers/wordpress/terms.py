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
from dateline.news.slugs import settings_for

DEFAULT_CATEGORY = "uncategorized"


class Terms:
    def __init__(self, steps, *, home):
        self.steps = steps
        self.ledger = steps.ledger
        self.report = steps.report
        self.home = home
        self.declared = {}
        # A dry run's planned addresses: of sections by category, of slugs by parent address.
        self.predicted = {}
        self.planned_slugs = {}

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
        if self.steps.dry_run:
            # Sections take their addresses before the pages and stories that follow.
            for term in ordered:
                self.predicted_category_url(term.slug)
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
        slug = next((slug for slug, _name in categories if slug in self.declared),
                    DEFAULT_CATEGORY)
        if slug not in self.declared:
            section = self.ledger.page("category", DEFAULT_CATEGORY)
            if section is not None:
                return section.get_url() or ""
            return self.plan_slug(self.home, "uncategorised", "section")
        return self.predicted_category_url(slug)

    def predicted_category_url(self, slug, path=()):
        if slug not in self.predicted:
            made = self.ledger.page("category", slug)
            term = self.declared[slug]
            parent = self.ledger.page("category", term.parent) if term.parent else None
            if made is not None:
                self.predicted[slug] = made.get_url() or ""
            elif parent is None and term.parent in self.declared and term.parent not in path:
                self.predicted[slug] = self.plan_slug(
                    None, term.slug, term.name,
                    above=self.predicted_category_url(term.parent, (*path, slug)))
            else:
                self.predicted[slug] = self.plan_slug(
                    parent if isinstance(parent, SectionPage) else self.home, term.slug,
                    term.name)
        return self.predicted[slug]

    def plan_slug(self, parent, name, fallback, *, above=None):
        """A dry run's address for a new page under ``parent`` (a page, or None when the
        parent is itself only planned, at the address ``above``): the slug a real run would
        choose, given the pages there and the ones this run plans before it."""
        above = above if parent is None else (parent.get_url() or "/")
        planned = self.planned_slugs.setdefault(above, set())
        if parent is not None:
            slug = unique_slug(parent, name, fallback=fallback)
            base, number = slug, 2
        else:
            site_settings = settings_for(parent)
            base = slug_of(site_settings, name, SLUG_LENGTH) or \
                slug_of(site_settings, fallback, SLUG_LENGTH) or "page"
            slug, number = base, 2
        while slug in planned:
            slug, number = f"{base}-{number}", number + 1
        planned.add(slug)
        return f"{above.rstrip('/')}/{slug}/"

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

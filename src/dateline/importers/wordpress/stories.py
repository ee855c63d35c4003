"""WordPress posts become ArticlePages in their section; WordPress pages become PlainPages.

Bodies go through shortcodes.expand, then importers.body (which sanitises with nh3). The
original slug, author, date and status are kept; old addresses redirect to the new page.
"""

import html
import json
from collections import Counter

from dateline.importers.body import BodyReader
from dateline.importers.sanitise import plain_text
from dateline.importers.slugs import unique_slug
from dateline.importers.wordpress import fidelity, redirects, shortcodes
from dateline.importers.wordpress.ledger import checksum
from dateline.importers.wordpress.publishing import (
    LIVE_STATUSES,
    PUBLIC_STATUSES,
    add_page,
    apply_status,
    item_date,
    parents_first,
)
from dateline.importers.wordpress.report import IMPORTED, SKIPPED, UNCHANGED, UPDATED
from dateline.news.models import ArticleAuthor, ArticlePage, HomeTopStory, PlainPage

# Statuses with no place in a newsroom: the bin, and editor autosaves never written.
# The lengths of a page's title and an article's standfirst.
HEADLINE_CHARS = 255
STANDFIRST_CHARS = 400
UNWANTED_STATUSES = {"trash", "auto-draft", "inherit"}
# The statuses WordPress gives posts and pages; a plugin's own (an order's "wc-completed")
# says nothing Dateline can follow, so such an item waits as a draft.
KNOWN_STATUSES = {"publish", "private", "future", "draft", "pending"}


class Stories:
    """Imports the export's pages and posts, given what they are filed under and shown with:
    the front page, the site's time zone, the sections and bylines (``terms``) and the
    pictures (``attachments``)."""

    def __init__(self, steps, *, home, zone, base_blog_url, terms, attachments, comments,
                 claims, reusable_blocks=None, pages=()):
        self.steps = steps
        self.comments = comments
        self.claims = claims
        self.reusable_blocks = reusable_blocks or {}
        self.pages_by_id = {item.post_id: item for item in pages}
        self.items_by_id = dict(self.pages_by_id)
        self.predicted = {}
        self.ledger = steps.ledger
        self.report = steps.report
        self.home = home
        self.zone = zone
        self.base_blog_url = base_blog_url
        self.terms = terms
        self.attachments = attachments

    # Pages and posts -------------------------------------------------------------------------

    def import_pages(self, items):
        ordered = parents_first(items, identity=lambda item: item.post_id,
                                parent=lambda item: item.parent_id)
        self.steps.each(ordered, lambda item: self.import_story(item, "page"))

    def import_posts(self, items):
        self.items_by_id.update((item.post_id, item) for item in items)
        self.steps.each(items, lambda item: self.import_story(item, "post"))

    def import_story(self, item, kind):
        if not item.status:
            self.report.record(kind, SKIPPED, "no status in the file: not clearly content",
                               status=item.status, name=title_of(item))
            self.comments.skip_all(item, f"on a {kind} not imported")
            return
        if item.status in UNWANTED_STATUSES:
            self.report.record(kind, SKIPPED, f"status {item.status}", status=item.status,
                               name=title_of(item))
            self.comments.skip_all(item, f"on a {kind} not imported")
            return
        if item.status not in KNOWN_STATUSES:
            self.report.alter(kind, title_of(item), f"status {item.status!r} is not one "
                              "WordPress gives posts and pages: kept as a draft")
        digest = checksum(item)
        if self.steps.dry_run:
            self.preview(item, kind, digest)
        decision = self.steps.outcome(kind, item.post_id, digest, status=item.status)
        if decision is None:
            return
        date = item_date(item, self.zone)
        if decision == IMPORTED:
            page = (self.new_article(item, date) if kind == "post"
                    else self.new_plain_page(item, date))
        else:
            page = self.ledger.page(kind, item.post_id).get_latest_revision_as_object()
            self.fill(page, item, date)
        apply_status(page, item, date=date, report=self.report)
        self.report.record(kind, decision, status=item.status)
        self.ledger.remember(kind, item.post_id, digest, page=page)
        self.comments.keep(item, page)
        if item.status in PUBLIC_STATUSES:
            self.claims.claim(page, redirects.old_paths(item, self.base_blog_url),
                              own_path=page.get_url(), label=(kind, title_of(item)))

    def preview(self, item, kind, digest):
        """What a dry run can tell without writing: what changes on the way in, the
        comments, the redirects a real run would make."""
        decision = self.ledger.decide(kind, item.post_id, digest)
        if decision == UNCHANGED:
            return
        self.body(item, kind)
        self.comments.keep(item, None)
        if item.status in PUBLIC_STATUSES:
            page = self.ledger.page(kind, item.post_id) if decision == UPDATED else None
            own = page.get_url() if page is not None else self.predicted_url(item, kind)
            self.claims.claim(page, redirects.old_paths(item, self.base_blog_url),
                              own_path=own, label=(kind, title_of(item)))

    def would_be_imported(self, post_id):
        """The post or page ``post_id``, when it is (or in a dry run, would be) imported."""
        page = self.ledger.page("post", post_id) or self.ledger.page("page", post_id)
        if page is not None or not self.steps.dry_run:
            return page
        item = self.items_by_id.get(post_id)
        return item if item is not None and item.status and \
            item.status not in UNWANTED_STATUSES else None

    def predicted_url(self, item, kind):
        """Where a dry run's new page would be: under its section or parent page (made, or
        to be made), at the slug a real run would give it."""
        key = (kind, item.post_id)
        if key not in self.predicted:
            if kind == "post":
                self.predicted[key] = self.terms.plan_slug(
                    None, item.slug, title_of(item),
                    above=self.terms.predicted_section_url(item.categories))
            else:
                made = self.ledger.page("page", item.parent_id) if item.parent_id else None
                above = self.pages_by_id.get(item.parent_id)
                if made is None and above is not None and above is not item and \
                        above.status and above.status not in UNWANTED_STATUSES:
                    self.predicted[key] = self.terms.plan_slug(
                        None, item.slug, title_of(item),
                        above=self.predicted_url(above, "page"))
                else:
                    parent = made if isinstance(made, PlainPage) else self.home
                    self.predicted[key] = self.terms.plan_slug(parent, item.slug,
                                                               title_of(item))
        return self.predicted[key]

    def new_article(self, item, date):
        section = self.terms.section_of(item.categories)
        page = ArticlePage(title=title_of(item), slug=slug_for(section, item))
        if item.status in LIVE_STATUSES and date is not None:
            page.first_published_at = date
        self.fill(page, item, date)
        return add_page(section, page, item.status)

    def new_plain_page(self, item, date):
        parent = self.ledger.page("page", item.parent_id) if item.parent_id else None
        parent = parent if isinstance(parent, PlainPage) else self.home
        page = PlainPage(title=title_of(item), slug=slug_for(parent, item))
        if item.status in LIVE_STATUSES and date is not None:
            page.first_published_at = date
        self.fill(page, item, None)
        return add_page(parent, page, item.status)

    def fill(self, page, item, date):
        page.title = title_of(item)
        if isinstance(page, PlainPage):
            page.body = json.dumps(without_embeds(self.body(item, "page")))
            return
        page.body = json.dumps(self.body(item, "post"))
        page.standfirst = plain_text(item.excerpt)[:STANDFIRST_CHARS]
        # A draft's date is only when it was started; publication will stamp the real one.
        page.published_at = date if item.status in PUBLIC_STATUSES else None
        page.lead_image = self.attachments.image_for_id(item.meta.get("_thumbnail_id", ""))
        author = self.ledger.page("author", item.creator) if item.creator else None
        page.article_authors = [ArticleAuthor(author=author, sort_order=0)] if author else []
        topics = (self.ledger.page("tag", slug) for slug, _name in item.tags)
        page.topics.set([topic for topic in topics if topic is not None])

    def body(self, item, kind):
        """The item's body blocks; what did not arrive whole is named in the report."""
        self.name_shortened_fields(item, kind)
        source = fidelity.published_html(item, self.reusable_blocks)
        expanded = shortcodes.expand(
            source, gallery_images=lambda ids: self.attachments.gallery(item, ids)
        )
        for name in expanded.unknown_shortcodes:
            self.report.unknown_shortcode(name, title_of(item))
        reader = BodyReader(
            resolve_image=lambda src, alt: self.attachments.image_for_url(src))
        blocks = reader.read(expanded.html)
        title = title_of(item)
        for what in reader.changes(pictures_why="not in the image library"):
            self.report.alter(kind, title, what)
        rendered = Counter()
        for name, missing, total in fidelity.lost_blocks(source, blocks):
            if missing is None:
                rendered[name] += 1
            else:
                self.report.alter(kind, title, f"block {name}: {missing} of its {total} "
                                  "words did not arrive")
        if rendered:
            names = ", ".join(name if number == 1 else f"{name} ×{number}"
                              for name, number in rendered.items())
            self.report.alter(kind, title, f"left out, as {fidelity.RENDERED_BY_WORDPRESS}: "
                              f"{names}")
        return blocks

    def name_shortened_fields(self, item, kind):
        headline = plain_text(item.title)
        if len(headline) > HEADLINE_CHARS:
            self.report.alter(kind, title_of(item), f"headline of {len(headline)} characters "
                              f"shortened to {HEADLINE_CHARS}")
        excerpt = plain_text(item.excerpt)
        if kind == "post" and len(excerpt) > STANDFIRST_CHARS:
            self.report.alter(kind, title_of(item), f"excerpt of {len(excerpt)} characters "
                              f"shortened to {STANDFIRST_CHARS} for the standfirst")

    # The front page --------------------------------------------------------------------------

    def feature_sticky_posts(self, posts):
        """Sticky posts join the home page's top stories, through a published revision."""
        if self.steps.dry_run:
            return
        home = self.home
        featured = set(home.top_stories.values_list("article_id", flat=True))
        added = []
        for item in posts:
            page = self.ledger.page("post", item.post_id) if item.sticky else None
            if page is not None and page.live and page.pk not in featured:
                added.append(page)
        if not added:
            return
        home = home.get_latest_revision_as_object()
        order = len(home.top_stories.all())
        for offset, page in enumerate(added):
            home.top_stories.add(HomeTopStory(article=page, sort_order=order + offset))
        home.save_revision().publish()
        self.report.note(f"Featured {len(added)} sticky post(s) among the home page's top stories.")


def slug_for(parent, item):
    return unique_slug(parent, item.slug, fallback=title_of(item))


def title_of(item):
    return plain_text(item.title)[:HEADLINE_CHARS] or item.slug or f"Untitled {item.post_id}"


def without_embeds(blocks):
    """Plain pages have no embed block; an embed becomes a paragraph with its link."""
    return [link_paragraph(block["value"]["url"]) if block["type"] == "embed" else block
            for block in blocks]


def link_paragraph(url):
    url = html.escape(url)
    return {"type": "paragraph", "value": f'<p><a href="{url}">{url}</a></p>'}

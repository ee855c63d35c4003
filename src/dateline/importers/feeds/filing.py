"""Filing imported stories in the newsroom: the section, bylines, drafts and publication.

Shared by the feed and the article-page importers. A story is saved as a revision, so editors
see where it came from in its history; it goes live only when the caller asks and it has a
date, because publishing an undated story would stamp it with today's date.
"""

import json

from dateline.importers.slugs import HEADLINE_SLUG_LENGTH, unique_slug
from dateline.news.models import (
    ArticleAuthor,
    AuthorIndexPage,
    AuthorPage,
    SectionPage,
)

TITLE_LENGTH = 255
STANDFIRST_LENGTH = 400


class NoSuchSection(Exception):
    pass


def find_section(slug):
    section = SectionPage.objects.filter(slug=slug).first()
    if section is None:
        known = ", ".join(SectionPage.objects.order_by("slug").values_list("slug", flat=True))
        raise NoSuchSection(
            f"There is no section with the slug {slug!r}. "
            f"Use one of: {known or 'none yet (create a section page in the admin first)'}."
        )
    return section


class Bylines:
    """Author pages by name, created under the author index when the newsroom has none.

    New author pages are live only when the imported stories are published, so a draft
    import leaves nothing new on the site.
    """

    def __init__(self, *, publish):
        self.publish = publish
        self.index = AuthorIndexPage.objects.first()
        self.created = []
        self.left_out = []  # names without a page, when the newsroom has no author index

    def authors(self, names):
        if self.index is None:
            self.left_out += [name for name in names if name not in self.left_out]
            return []
        return [self.author(name) for name in names]

    def author(self, name):
        name = name[:TITLE_LENGTH]
        existing = AuthorPage.objects.child_of(self.index).filter(title__iexact=name).first()
        if existing is not None:
            return existing
        author = AuthorPage(title=name, slug=unique_slug(self.index, name, fallback="author",
                                                         max_length=HEADLINE_SLUG_LENGTH),
                            live=self.publish)
        self.index.add_child(instance=author)
        revision = author.save_revision()
        if self.publish:
            revision.publish()
        self.created.append(author)
        return author


def fill_story(page, *, title, standfirst, published_at, blocks, authors):
    page.title = title[:TITLE_LENGTH]
    page.standfirst = shorten(standfirst, STANDFIRST_LENGTH)
    page.published_at = published_at
    page.body = json.dumps(blocks)
    page.article_authors = [
        ArticleAuthor(author=author, sort_order=order) for order, author in enumerate(authors)
    ]
    return page


def shorten(text, length):
    """The text, cut at a word and marked with an ellipsis when it is too long."""
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0] + "…"


def file_story(section, page, *, publish):
    """Adds a new story under the section as a draft, or live when asked and dated."""
    page.slug = unique_slug(section, page.title, fallback="story",
                            max_length=HEADLINE_SLUG_LENGTH)
    page.live = False
    section.add_child(instance=page)
    return save_story(page, publish=publish)


def save_story(page, *, publish):
    revision = page.save_revision()
    if publish and page.published_at is not None:
        revision.publish()
    return revision


def revise_story(page):
    """The story as its latest revision has it, so an update builds on editors' work."""
    return page.get_latest_revision_as_object()

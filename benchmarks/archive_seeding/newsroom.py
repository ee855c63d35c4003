"""The site an archive is seeded into: its home, sections, authors and topics, reused when the
site has them and made, published the ordinary way, when it has none."""

from dataclasses import dataclass

from django.db import transaction

from wagtail.models import Page, Site

from dateline.news.models import (
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    SectionPage,
    TopicIndexPage,
    TopicPage,
)

from . import vocabulary

SECTIONS = [
    ("Politics", "politics", None),
    ("Economy", "economy", None),
    ("World", "world", None),
    ("Science", "science", None),
    ("Environment", "environment", None),
    ("Culture", "culture", None),
    ("Books", "books", "culture"),  # a subsection, as real sites have
    ("Sport", "sport", None),
]
AUTHORS = 30


@dataclass
class Newsroom:
    home: HomePage
    sections: list
    authors: list
    topics: list


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def prepare_newsroom():
    home = HomePage.objects.first() or build_home()
    return Newsroom(
        home=home,
        sections=list(SectionPage.objects.descendant_of(home).order_by("path"))
        or build_sections(home),
        authors=list(AuthorPage.objects.order_by("path")) or build_authors(home),
        topics=list(TopicPage.objects.order_by("path")) or build_topics(home),
    )


def build_home():
    """A home page under the tree's root, served by the default site."""
    home = publish(Page.get_first_root_node(), HomePage(title="The Dateline Archive",
                                                        slug="archive-home"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home,
                            is_default_site=True, site_name=home.title)
    elif not isinstance(site.root_page.specific, HomePage):
        # Wagtail's first migration points the site at its "Welcome" page.
        site.root_page = home
        site.save()
    return home


def build_sections(home):
    sections = {}
    for title, slug, parent in SECTIONS:
        sections[slug] = publish(sections[parent] if parent else home, SectionPage(
            title=title, slug=slug, intro=f"<p>Reporting on {title.lower()}.</p>",
            show_in_menus=True,
        ))
    return list(sections.values())


def build_authors(home):
    index = AuthorIndexPage.objects.first() or publish(
        home, AuthorIndexPage(title="Our journalists", slug="authors")
    )
    first_names, surnames = vocabulary.FIRST_NAMES, vocabulary.SURNAMES
    # Stepping through the surnames seven at a time pairs each first name with a different one.
    names = [(first_names[n % len(first_names)], surnames[n * 7 % len(surnames)])
             for n in range(AUTHORS)]
    return [
        publish(index, AuthorPage(title=f"{first} {last}", slug=f"{first}-{last}".lower(),
                                  role="Reporter"))
        for first, last in names
    ]


def build_topics(home):
    index = TopicIndexPage.objects.first() or publish(
        home, TopicIndexPage(title="Topics", slug="topics")
    )
    return [
        publish(index, TopicPage(title=title, slug=title.lower().replace(" ", "-")))
        for title in vocabulary.TOPICS
    ]

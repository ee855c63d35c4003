"""Files written stories as live article pages in bulk, a batch per transaction.

Saving a page one at a time costs a tree update, a revision and signals per story; here the
page tree's materialised paths are computed directly and each table gets one bulk insert per
batch, so a hundred thousand stories take minutes. No revisions are made: the stories are live
as written, and an editor's first save makes the first revision.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F

from wagtail.models import Page

from dateline.discovery.models import SearchDocument
from dateline.news.models import ArticleAuthor, ArticlePage
from dateline.news.text_forms import search_form


class SectionFull(Exception):
    """A section has as many children as the page tree's paths can number."""


def tree_step(position):
    """A page's path segment for its position among its siblings, as treebeard writes it."""
    digits = ""
    while position:
        position, digit = divmod(position, len(Page.alphabet))
        digits = Page.alphabet[digit] + digits
    if len(digits) > Page.steplen:
        raise SectionFull
    return digits.rjust(Page.steplen, Page.alphabet[0])


def last_position(section):
    last_path = (Page.objects.child_of(section).order_by("-path")
                 .values_list("path", flat=True).first())
    step = last_path[-Page.steplen:] if last_path else ""
    position = 0
    for digit in step:
        position = position * len(Page.alphabet) + Page.alphabet.index(digit)
    return position


def insert_rows(model, objects):
    """One INSERT of the model's own columns per object.

    Django's bulk_create refuses multi-table children such as ArticlePage, whose Page part is
    already inserted; this writes the child table's part.
    """
    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    # Names come from the model's own metadata, quoted; every value is a parameter.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # nosec B608 # names quoted, values params
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [[field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
            for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


class ArchiveClerk:
    """Keeps each section's next free tree position between batches."""

    def __init__(self):
        self.content_type = ContentType.objects.get_for_model(ArticlePage)
        self.next_steps = {}
        self.sibling_slugs = {}

    @transaction.atomic
    def file(self, stories):
        by_section = defaultdict(list)
        for story in stories:
            by_section[story.section].append(story)
        for section, section_stories in by_section.items():
            self.file_in_section(section, section_stories)

    def file_in_section(self, section, stories):
        if section.pk not in self.next_steps:
            self.next_steps[section.pk] = last_position(section) + 1
            self.sibling_slugs[section.pk] = set(
                Page.objects.child_of(section).values_list("slug", flat=True)
            )
        first_step = self.next_steps[section.pk]
        articles = [self.article(section, story, first_step + offset)
                    for offset, story in enumerate(stories)]
        # Page's manager inserts each article's Page part and gives back its id.
        Page.objects.bulk_create(articles)
        for article in articles:
            article.page_ptr_id = article.id
        insert_rows(ArticlePage, articles)
        ArticleAuthor.objects.bulk_create([
            ArticleAuthor(article_id=article.id, author_id=author_id, sort_order=order)
            for article, story in zip(articles, stories, strict=True)
            for order, author_id in enumerate(story.author_ids)
        ])
        links = ArticlePage.topics.through
        links.objects.bulk_create([
            links(articlepage_id=article.id, topicpage_id=topic_id)
            for article, story in zip(articles, stories, strict=True)
            for topic_id in story.topic_ids
        ])
        self.index_for_search(articles, stories)
        Page.objects.filter(pk=section.pk).update(numchild=F("numchild") + len(articles))
        self.next_steps[section.pk] = first_step + len(articles)

    def index_for_search(self, articles, stories):
        """Reader search's documents, written as its own indexing would write them; the
        database's full-text index follows by trigger or generated column."""
        SearchDocument.objects.bulk_create([
            SearchDocument(article_id=article.id, title=story.title,
                           standfirst=story.standfirst, body_text=story.body_text,
                           published_at=story.published_at,
                           indexed_title=search_form(story.title),
                           indexed_standfirst=search_form(story.standfirst),
                           indexed_body=search_form(story.body_text))
            for article, story in zip(articles, stories, strict=True)
        ])

    def article(self, section, story, step):
        slug = self.free_slug(section, f"{story.slug_stem}-{step}")
        return ArticlePage(
            content_type=self.content_type,
            locale_id=section.locale_id,
            path=section.path + tree_step(step),
            depth=section.depth + 1,
            numchild=0,
            url_path=f"{section.url_path}{slug}/",
            title=story.title,
            draft_title=story.title,
            slug=slug,
            live=True,
            has_unpublished_changes=False,
            first_published_at=story.published_at,
            last_published_at=story.updated_at or story.published_at,
            standfirst=story.standfirst,
            dateline_place=story.dateline_place,
            body=story.body,
            published_at=story.published_at,
            updated_at=story.updated_at,
        )

    def free_slug(self, section, slug):
        """The slug, made unique among the section's pages if an earlier page took it."""
        taken = self.sibling_slugs[section.pk]
        candidate, number = slug, 1
        while candidate in taken:
            number += 1
            candidate = f"{slug}-{number}"
        taken.add(candidate)
        return candidate

"""Builds the demo newsroom, The Caspian Ledger, from the JSON files in ``content/``.

Articles are dated relative to the moment of loading, so the demo always has fresh news, an
archive reaching back more than two years, and stories for On This Day.
"""

import datetime
import io
import json
import zlib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

import nh3

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale

from dateline.almanac.models import AlmanacEntry, OnThisDayPage
from dateline.demo.illustrations import illustration, portrait
from dateline.founding import builders
from dateline.news.live_updates import paragraphs
from dateline.news.models import (
    ArticleAuthor,
    ArticleCorrection,
    ArticlePage,
    ArticleRelatedPick,
    AuthorPage,
    HomePage,
    LiveBlogPage,
    LiveBlogUpdate,
    NewsImage,
    PlainPage,
    SectionPage,
    TopicPage,
)
from dateline.newsletters.models import Newsletter
from dateline.newsroom.models import BreakingNewsBanner
from dateline.readership.tally import write_rows

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SITE_NAME = "The Caspian Ledger"
SITE_TIME_ZONE = "Asia/Tehran"
ALLOWED_TAGS = {"p", "b", "i", "a", "ul", "ol", "li", "br", "sup", "sub"}


def clean_demo_html(html):
    """The demo's own markup, kept to the few tags its bios and stories use."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}})


def read_json(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


@dataclass
class DemoNewsroom:
    content_dir: Path = CONTENT_DIR
    now: datetime.datetime = field(default_factory=timezone.now)
    progress: object = None

    def __post_init__(self):
        self.zone = zoneinfo.ZoneInfo(SITE_TIME_ZONE)
        self.local_now = self.now.astimezone(self.zone)

    def is_loaded(self):
        return HomePage.objects.exists()

    @transaction.atomic
    def load(self):
        """Creates the whole newsroom in one transaction: all of it or nothing."""
        about = read_json(self.content_dir / "about.json")
        home = self.build_home()
        self.configure_site(home, about)
        sections = self.build_sections(home)
        authors = self.build_authors(home)
        topics = self.build_topics(home)
        self.build_plain_page(home, about, slug="about")
        self.build_plain_page(home, read_json(self.content_dir / "contact.json"), slug="contact")
        self.build_on_this_day(home)
        articles = self.build_articles(sections, authors, topics)
        self.link_related_picks(articles)
        self.build_live_blogs(sections, authors)
        self.build_persian_edition(home, sections, authors, articles)
        self.load_almanac()
        self.load_newsletters(sections)
        self.seed_reads()
        return home

    def step(self, description, total):
        if self.progress is not None:
            return self.progress.add_task(description, total=total)
        return None

    def advance(self, task):
        if self.progress is not None and task is not None:
            self.progress.advance(task)

    def publish(self, parent, page):
        return builders.publish(parent, page)

    def image(self, title, data, *, alt, caption="", credit=""):
        image = NewsImage(title=title, description=alt, caption=caption, credit=credit)
        image.file = ImageFile(_named_bytes(data, f"{_slug(title)}.jpg"))
        image.save()
        return image

    def build_home(self):
        return builders.build_home(SITE_NAME)

    def configure_site(self, home, about):
        settings = builders.configure_site(
            home, name=SITE_NAME, tagline=about["tagline"], about_blurb=about["about_blurb"],
            time_zone=SITE_TIME_ZONE)
        settings.mastodon_url = "https://mastodon.example.org/@caspianledger"
        settings.bluesky_url = "https://bsky.app/profile/caspianledger.example.org"
        # Readers of a Tehran newsroom say "Tehran time" more than "IRST".
        settings.zone_label = "place"
        settings.save()

    def build_sections(self, home):
        sections = {}
        rows = read_json(self.content_dir / "sections.json")
        for row in rows:
            parent = sections[row["parent"]] if row["parent"] else home
            section = SectionPage(
                title=row["title"], slug=row["slug"], intro=f"<p>{row['intro']}</p>",
                show_in_menus=True,
            )
            sections[row["slug"]] = self.publish(parent, section)
        return sections

    def build_authors(self, home):
        index = builders.build_author_index(
            home, title="Our journalists",
            intro="<p>The reporters and editors of The Caspian Ledger.</p>")
        authors = {}
        for row in read_json(self.content_dir / "authors.json"):
            photo = self.image(
                f"Portrait of {row['name']}", portrait(row["portrait_colour"], row["slug"]),
                alt=f"Illustrated silhouette standing in for {row['name']}",
            )
            authors[row["slug"]] = self.publish(index, AuthorPage(
                title=row["name"], slug=row["slug"], role=row["role"],
                bio=clean_demo_html(row["bio"]), photo=photo,
                email=f"{row['slug']}@example.org",
            ))
        return authors

    def build_topics(self, home):
        index = builders.build_topic_index(home)
        return {
            row["slug"]: self.publish(index, TopicPage(
                title=row["title"], slug=row["slug"], description=row["description"]
            ))
            for row in read_json(self.content_dir / "topics.json")
        }

    def build_plain_page(self, home, data, *, slug):
        page = PlainPage(title=data["title"], slug=slug, show_in_menus=False)
        page.body = json.dumps(self.body_blocks(data["body"], seed=slug))
        return self.publish(home, page)

    def build_on_this_day(self, home):
        return builders.build_on_this_day(home)

    def body_blocks(self, blocks, *, seed):
        stream = []
        for position, block in enumerate(blocks):
            kind, value = block["type"], block["value"]
            if kind == "paragraph":
                value = clean_demo_html(value)
            elif kind == "fact_box":
                value = {"title": value["title"], "body": clean_demo_html(value["body"])}
            elif kind == "image":
                value = self.image_block(value, seed=f"{seed}:{position}")
            elif kind == "gallery":
                value = {"caption": value.get("caption", ""), "images": [
                    self.image_block(picture, seed=f"{seed}:{position}:{number}")
                    for number, picture in enumerate(value["images"])]}
            stream.append({"type": kind, "value": value})
        return stream

    def image_block(self, value, *, seed):
        image = self.image(
            value["alt"], illustration(value["motif"], seed),
            alt=value["alt"], caption=value.get("caption", ""), credit=value.get("credit", ""),
        )
        return {"image": image.pk, "alt_text": value["alt"],
                "caption": value.get("caption", ""), "credit": value.get("credit", "")}

    def publication_time(self, row):
        """When the story went out, relative to now, in the newsroom's time zone."""
        if row.get("anniversary_years"):
            today = self.local_now.date()
            years = row["anniversary_years"]
            try:
                day = today.replace(year=today.year - years)
            except ValueError:
                day = today.replace(year=today.year - years, day=28)
        else:
            day = self.local_now.date() - datetime.timedelta(days=row["age_days"])
        published = datetime.datetime.combine(
            day, datetime.time(row.get("hour", 9), (len(row["slug"]) * 7) % 60), self.zone
        )
        # Today's stories scheduled for later hours are moved just before now.
        latest = self.local_now - datetime.timedelta(minutes=20 + len(row["slug"]))
        return min(published, latest)

    def build_articles(self, sections, authors, topics):
        files = sorted((self.content_dir / "articles").glob("*.json"))
        rows = [(path.stem, row) for path in files for row in read_json(path)]
        task = self.step("Writing articles", len(rows))
        articles = {}
        for section_slug, row in rows:
            published_at = self.publication_time(row)
            lead = row["lead_image"]
            article = ArticlePage(
                title=row["headline"], slug=row["slug"], standfirst=row["standfirst"],
                dateline_place=row.get("dateline", ""),
                published_at=published_at, first_published_at=published_at,
                lead_image=self.image(
                    lead["alt"], illustration(lead["motif"], row["slug"]),
                    alt=lead["alt"], caption=lead.get("caption", ""),
                    credit=lead.get("credit", ""),
                ),
            )
            if row.get("updated_after_hours"):
                article.updated_at = min(
                    published_at + datetime.timedelta(hours=row["updated_after_hours"]),
                    self.now,
                )
            article.body = json.dumps(self.body_blocks(row["body"], seed=row["slug"]))
            article.topics.set([topics[slug] for slug in row.get("topics", [])])
            article.article_authors = [
                ArticleAuthor(author=authors[slug], sort_order=order)
                for order, slug in enumerate(row["authors"])
            ]
            article.corrections = [
                ArticleCorrection(
                    kind=note["kind"], text=note["text"], sort_order=order,
                    noted_at=min(published_at + datetime.timedelta(hours=note["after_hours"]),
                                 self.now),
                )
                for order, note in enumerate(row.get("corrections", []))
            ]
            articles[row["slug"]] = (self.publish(sections[section_slug], article), row)
            self.advance(task)
        return articles

    def link_related_picks(self, articles):
        for article, row in articles.values():
            picks = [articles[slug][0] for slug in row.get("related", []) if slug in articles]
            if not picks:
                continue
            article.related_picks = [
                ArticleRelatedPick(article=pick, sort_order=order)
                for order, pick in enumerate(picks)
            ]
            article.save_revision().publish()

    def build_live_blogs(self, sections, authors):
        """The live blog that has ended and the one still running, which the banner points at
        and the demo's live desk (``demo_live_blog``) keeps adding to."""
        for row in read_json(self.content_dir / "live_blogs.json"):
            started = self.now - datetime.timedelta(hours=row["started_hours_ago"])
            lead = row["lead_image"]
            blog = LiveBlogPage(
                title=row["headline"], slug=row["slug"], standfirst=row["standfirst"],
                dateline_place=row["dateline"], published_at=started,
                first_published_at=started,
                lead_image=self.image(lead["alt"], illustration(lead["motif"], row["slug"]),
                                      alt=lead["alt"]),
                body=json.dumps([{"type": "paragraph", "value": row["key_points"]}]),
            )
            if not row["running"]:
                blog.coverage_ended_at = self.now - datetime.timedelta(
                    hours=row["ended_hours_ago"])
            blog.article_authors = [ArticleAuthor(author=authors[slug], sort_order=order)
                                    for order, slug in enumerate(row["authors"])]
            blog.live_updates = [
                LiveBlogUpdate(
                    posted_at=self.now - datetime.timedelta(minutes=update["minutes_ago"]),
                    author=authors[update["author"]], body=paragraphs(update["text"]),
                    pinned=update.get("pinned", False),
                    is_correction=update.get("correction", False))
                for update in row["updates"]
            ]
            blog = self.publish(sections[row["section"]], blog)
            if row["running"]:
                BreakingNewsBanner.objects.create(article=blog, label=BreakingNewsBanner.Label.LIVE,
                                                  starts_at=self.now)
    def build_persian_edition(self, home, sections, authors, articles):
        """The Persian edition (``content/fa/``), served under /fa/: its front page, sections
        and About page, each a translation of the English one, and stories of its own
        writing, some of them translations of English stories."""
        edition = read_json(self.content_dir / "fa" / "edition.json")
        rows = read_json(self.content_dir / "fa" / "articles.json")
        task = self.step("Writing the Persian edition", len(rows))
        front = builders.build_edition(home, "fa", title=edition["front_page_title"])
        fa_sections = {
            row["slug"]: builders.translate(sections[row["translation_of"]], front, SectionPage(
                title=row["title"], slug=row["slug"], intro=f"<p>{row['intro']}</p>",
                show_in_menus=True))
            for row in edition["sections"]
        }
        about = edition["about"]
        english_about = PlainPage.objects.child_of(home).get(slug=about["translation_of"])
        about_page = PlainPage(title=about["title"], slug="darbare", show_in_menus=False)
        about_page.body = json.dumps(self.body_blocks(about["body"], seed="fa-about"))
        builders.translate(english_about, front, about_page)
        # Its own On This Day, whose days are Solar Hijri days.
        english_day = OnThisDayPage.objects.child_of(home).get()
        builders.translate(english_day, front, OnThisDayPage(title="در چنین روزی",
                                                             slug=english_day.slug))
        for row in rows:
            published_at = self.publication_time(row)
            article = ArticlePage(
                title=row["headline"], slug=row["slug"], standfirst=row["standfirst"],
                dateline_place=row.get("dateline", ""),
                published_at=published_at, first_published_at=published_at,
                lead_image=self.image(row["alt"], illustration(row["motif"], row["slug"]),
                                      alt=row["alt"]),
            )
            article.body = json.dumps(self.body_blocks(
                [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in row["body"]],
                seed=row["slug"]))
            english = articles.get(row.get("translation_of"))
            if english is not None:
                # A translation keeps the English story's byline.
                article.article_authors = [
                    ArticleAuthor(author_id=byline.author_id, sort_order=byline.sort_order)
                    for byline in english[0].article_authors.all()
                ]
                builders.translate(english[0], fa_sections[row["section"]], article)
            else:
                article.article_authors = [
                    ArticleAuthor(author=authors[slug], sort_order=order)
                    for order, slug in enumerate(row["authors"])
                ]
                self.publish(fa_sections[row["section"]], article)
            self.advance(task)
        return front

    def seed_reads(self):
        """A day of reads for every story, so both editions' Most read boxes show what a
        newsroom's would: a few stories read in the thousands, most far less, fewer at night
        in the site's zone, the Persian edition's readers fewer. Fixed by each story's slug."""
        start = self.now.replace(minute=0, second=0, microsecond=0)
        rows = []
        for story in ArticlePage.objects.live().select_related("locale"):
            weight = (zlib.crc32(story.slug.encode()) % 1000) / 1000
            daily = 200 + 9000 * weight ** 3
            if story.locale.language_code != "en":
                daily *= 0.4
            for hours_ago in range(24):
                hour = start - datetime.timedelta(hours=hours_ago)
                if hour < story.published_at - datetime.timedelta(hours=1):
                    break
                local_hour = hour.astimezone(self.zone).hour
                awake = 0.25 if 1 <= local_hour <= 6 else 1.0
                rows.append((story.pk, hour, max(1, round(daily / 20 * awake))))
        write_rows(rows)

    def load_almanac(self):
        """Each edition's own entries: the English edition's fixed in the Gregorian calendar,
        the Persian edition's (in their own file) in the Solar Hijri one."""
        editions = [(Locale.get_default(), "almanac.json"),
                    (Locale.objects.get(language_code="fa"), "almanac-solar-hijri.json")]
        entries = [
            AlmanacEntry(locale=locale, calendar=row.get("calendar", "gregorian"),
                         month=row["month"], day=row["day"], year=row.get("year"),
                         text=row["text"], link=row.get("link") or "", approved=True)
            for locale, name in editions for row in read_json(self.content_dir / name)
        ]
        for entry in entries:
            entry.full_clean(exclude=["translation_key", "locale"])
        AlmanacEntry.objects.bulk_create(entries)

    def load_newsletters(self, sections):
        """The example lists, offered by the sign-up box on the front page: three in English and
        a morning briefing of the Persian edition."""
        for order, row in enumerate(read_json(self.content_dir / "newsletters.json")):
            newsletter = Newsletter.objects.create(
                name=row["name"], slug=row["slug"], description=row["description"],
                language=row.get("language", ""), cadence=row["cadence"],
                weekday=row.get("weekday", 0),
                send_time=datetime.time.fromisoformat(row["send_time"]),
                window_hours=row["window_hours"], story_count=row["story_count"],
                sort_order=order)
            # A parental relation is kept in memory until its newsletter is saved.
            newsletter.sections.set([sections[slug] for slug in row["sections"]])
            newsletter.save()


def _slug(text):
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")[:60] or "image"


def _named_bytes(data, name):
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer

"""Hostile markup through every way text reaches a public page leaves nothing a browser runs.

Each generated input (``hostile_markup``) goes through every path in batches, many to a page;
each page is parsed as a browser parses it (``markup_audit``). Figures count every input on
every path separately. The importers' paths are in ``test_markup_imports``, the contributor's
payloads in admin views in ``test_contributor_to_admin``.
"""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from wagtail.images.tests.utils import get_test_image_file

from dateline.almanac.models import AlmanacEntry
from dateline.importers.body import html_to_blocks
from dateline.importers.sanitise import clean_html, plain_text
from dateline.news.models import ArticlePage, NewsImage
from dateline.newsroom.models import BreakingNewsBanner
from tests.admin_forms import draftail, formset
from tests.factories import ArticlePageFactory, UserFactory
from tests.security.hostile_markup import batches, hostile_inputs
from tests.security.markup_audit import Audit, live_markup

INPUTS = hostile_inputs()
EDITOR_BATCH = 600


def fitting(batch, length):
    """As many inputs as fit in a field of ``length`` characters, one after another."""
    joined = ""
    for text in batch:
        if len(joined) + len(text) + 1 > length:
            break
        joined += text + " "
    return joined


# The editor's fields, by what a batch puts in them: every input, or as many as fit.
EDITOR_FIELDS = {"rich-text paragraphs (text and link)": 2, "fact box title": 1, "subhead": 1,
                 "quote": 2, "embed title and caption": 2, "image alt, caption, credit": 3,
                 "corrections": 1}


def body_blocks(batch, image):
    """Every block kind and every field in them; plain fields carry the whole batch."""
    every = "\n".join(batch)
    kinds = [
        ("paragraph", {"": draftail(*batch, links=batch)}),
        ("fact_box", {"-title": every, "-body": draftail(*batch[:50], links=batch[:50])}),
        ("subhead", {"": every}),
        ("quote", {"-text": every, "-attribution": every}),
        ("embed", {"-url": "https://video.example/watch", "-title": every, "-caption": every}),
        ("image", {"-image": str(image.pk), "-alt_text": every, "-caption": every,
                   "-credit": every}),
    ]
    form = {"body-count": str(len(kinds))}
    for index, (kind, fields) in enumerate(kinds):
        form |= {f"body-{index}-type": kind, f"body-{index}-deleted": "",
                 f"body-{index}-order": str(index), f"body-{index}-id": ""}
        form |= {f"body-{index}-value{key}": value for key, value in fields.items()}
    return form


def article_post(number, batch, *, author, image):
    noted = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    return {
        "title": fitting([f"Hostile {number}", *batch], 255), "slug": f"hostile-{number}",
        "standfirst": fitting(batch, 400), "dateline_place": fitting(batch, 100),
        "seo_title": fitting(batch, 255), "search_description": "\n".join(batch),
        "lead_image": str(image.pk), "lead_image_caption": fitting(batch, 500),
        **body_blocks(batch, image),
        **formset("article_authors", [{"author": str(author.pk), "ORDER": 1, "DELETE": "",
                                       "id": ""}]),
        **formset("related_picks", []),
        **formset("corrections", [
            {"kind": "correction", "noted_at": noted, "text": "\n".join(batch), "ORDER": 1,
             "DELETE": "", "id": ""}
        ]),
        "go_live_at": "", "expire_at": "", "action-publish": "action-publish",
    }


@pytest.mark.database_independent
def test_the_audit_finds_what_a_browser_would_run_and_only_that():
    live = ['<img src=x onerror=alert(1)>', '<a href="&#106;avascript:alert(1)">x</a>',
            '<svg><a xlink:href="java\tscript:alert(1)"><text>x</text></a></svg>',
            '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
            '<script type="application/ld+json">{"name": "</script><script>alert(1)</script>',
            '<iframe srcdoc="x"></iframe>', '<meta http-equiv="refresh" content="0;url=x">']
    assert all(live_markup(html) for html in live)
    assert not any(live_markup(escape(html)) for html in live)
    assert not live_markup('<script type="application/ld+json">{"name": "\\u003c/script"}'
                           '</script><a href="https://example.org/">x</a>')


@pytest.mark.database_independent
def test_sanitising_twice_changes_nothing_and_leaves_nothing_live(report_figure):
    failures, live = [], []
    for text in INPUTS:
        cleaned = clean_html(text)
        if clean_html(cleaned) != cleaned:
            failures.append(("clean_html", text))
        if plain_text(plain_text(text)) != plain_text(text):
            failures.append(("plain_text", text))
        for block in html_to_blocks(text):
            if block["type"] == "paragraph" and clean_html(block["value"]) != block["value"]:
                failures.append(("html_to_blocks", text))
        live += live_markup(cleaned)
    report_figure("markup: sanitiser inputs", f"{len(INPUTS):,} × 3 sanitisers")
    report_figure("markup: idempotence failures", len(failures))
    assert not failures, failures[:5]
    assert not live, live[:5]


@pytest.fixture
def hostile_newsroom(newsroom, client, settings):
    settings.FEED_FULL_TEXT = True
    newsroom.editor = UserFactory(editor=True, username="hostile-editor")
    newsroom.image = NewsImage.objects.create(title="Harbour", file=get_test_image_file())
    client.force_login(newsroom.editor)
    return newsroom


@pytest.mark.slow
def test_hostile_editor_input_leaves_nothing_live_on_public_pages(
        hostile_newsroom, client, report_figure):
    room = hostile_newsroom
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", room.section.pk))
    audit = Audit(client)
    # The editor refuses null characters outright, with a form error: nothing is saved.
    refused = [text for text in INPUTS if "\x00" in text]
    response = client.post(add_url, article_post("refused", refused, author=room.author,
                                                 image=room.image))
    assert response.status_code == 200 and response.context["form"].errors
    assert not ArticlePage.objects.filter(slug="hostile-refused").exists()
    accepted = [text for text in INPUTS if "\x00" not in text]
    for number, batch in enumerate(batches(accepted, EDITOR_BATCH)):
        response = client.post(add_url, article_post(number, batch, author=room.author,
                                                     image=room.image))
        assert response.status_code == 302, response.context["form"].errors
        article = ArticlePage.objects.get(slug=f"hostile-{number}")
        assert article.live
        audit.page(article.url)
    for url in (room.home.url, room.section.url, room.author.url, reverse("news:corrections"),
                reverse("discovery:search") + "?q=hostile"):
        audit.page(url)
    for feed in ("rss", "atom"):
        audit.feed(f"/feeds/{feed}/{room.section.slug}/")
    report_figure("markup: editor path inputs",
                  f"{len(accepted):,} × {sum(EDITOR_FIELDS.values())} fields published, "
                  f"{len(refused)} refused (NUL); headline, standfirst, dateline, SEO title, "
                  "search description, lead caption: as many as fit; fact box body: 50 a batch")
    report_figure("markup: editor pages parsed", audit.pages)
    report_figure("markup: editor live scripts/handlers/js-URLs", len(audit.findings))
    assert not audit.findings, audit.findings[:10]


NEWSROOM_TEXT_ROUNDS = 4


def page_edit(page, **fields):
    return {"title": page.title, "slug": page.slug, "seo_title": "", "search_description": "",
            "go_live_at": "", "expire_at": "", "action-publish": "action-publish", **fields}


@pytest.mark.slow
def test_hostile_newsroom_text_leaves_nothing_live_on_public_pages(
        hostile_newsroom, client, report_figure):
    """Site settings, the banner, an author's bio, a topic's description and almanac entries,
    each typed by an editor in the admin, on every page that prints them."""
    room = hostile_newsroom
    story = ArticlePageFactory(parent=room.section, authors=[room.author], topics=[room.topic])
    accepted = [text for text in INPUTS if "\x00" not in text]
    local = "%Y-%m-%d %H:%M"
    starts = timezone.localtime() - datetime.timedelta(hours=1)
    audit = Audit(client)
    posts = [
        (reverse("wagtailadmin_pages:edit", args=[room.author.pk]),
         lambda batch: page_edit(room.author, bio=draftail(*batch, links=batch),
                                 role=fitting(batch, 120), email="")),
        (reverse("wagtailadmin_pages:edit", args=[room.topic.pk]),
         lambda batch: page_edit(room.topic, description=fitting(batch, 500))),
        (reverse("wagtailsettings:edit", args=["news", "sitesettings", room.site.pk]),
         lambda batch: {"name": fitting(batch, 120), "tagline": fitting(batch, 200),
                        "about_blurb": fitting(batch, 600), "time_zone": "UTC",
                        "slug_style": "own_script", "zone_label": "abbreviation"}),
    ]
    for number, batch in enumerate(batches(accepted, -(-len(accepted) // NEWSROOM_TEXT_ROUNDS))):
        for url, form in posts:
            response = client.post(url, form(batch))
            assert response.status_code == 302, (url, response.context["form"].errors)
        BreakingNewsBanner.objects.all().delete()
        response = client.post(reverse("wagtailsnippets_newsroom_breakingnewsbanner:add"), {
            "label": "breaking", "article": str(story.pk), "text": fitting(batch, 160),
            "starts_at": starts.strftime(local), "ending": "at_a_time",
            "ends_at": (starts + datetime.timedelta(hours=3)).strftime(local)})
        assert response.status_code == 302, response.context["form"].errors
        for text in batch[:25]:
            response = client.post(reverse("wagtailsnippets_almanac_almanacentry:add"), {
                "calendar": "gregorian", "month": "1", "day": str(number + 3), "year": "1990",
                "text": text[:600],
                "link": "https://history.example/", "approved": "on"})
            assert response.status_code == 302, response.context["form"].errors
        for url in (room.home.url, story.url, room.author.url, room.topic.url,
                    f"{room.on_this_day.url}1/{number + 3}/"):
            audit.page(url)
    assert AlmanacEntry.objects.filter(approved=True).count() == 25 * NEWSROOM_TEXT_ROUNDS
    report_figure("markup: newsroom text inputs", (
        f"author bio: {len(accepted):,} (text and link); site name, tagline, about blurb, "
        f"banner text, author role, topic description: as many as fit × "
        f"{NEWSROOM_TEXT_ROUNDS} rounds; almanac entries: {25 * NEWSROOM_TEXT_ROUNDS}"))
    report_figure("markup: newsroom text pages parsed", audit.pages)
    report_figure("markup: newsroom text live scripts/handlers/js-URLs", len(audit.findings))
    assert not audit.findings, audit.findings[:10]

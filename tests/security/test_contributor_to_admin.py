"""A contributor's payload in every field they control reaches editors and administrators only
as text: every admin view and public page that shows it prints it escaped.

Each field gets its own payload, told apart by its marker ``alert(N)``; a cell of the matrix is
a (field, view, role) where the view shows the field's marker, and each must hold nothing that
would run it.
"""

import io
import itertools
import json
import re

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Comment, CommentReply

from dateline.news.models import ArticlePage, NewsImage
from tests.admin_forms import draftail, formset
from tests.factories import UserFactory
from tests.security.markup_audit import live_marker, live_markup

pytestmark = pytest.mark.slow
MARKERS = itertools.count(1001)


def image_upload():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(buffer, "PNG")
    return SimpleUploadedFile("harbour.png", buffer.getvalue(), content_type="image/png")


def payload(number):
    return f'"><img src=x onerror=alert({number})><script>alert({number})</script>'


class Fields:
    """The contributor's fields, each with its own payload number."""

    def __init__(self):
        self.numbers = {}

    def __call__(self, field):
        number = next(MARKERS)
        self.numbers[field] = number
        return payload(number)

    def link(self, field):
        number = next(MARKERS)
        self.numbers[field] = number
        return f"javascript:alert({number})"


def contributor_article(fields, section, author, image):
    blocks = [
        ("paragraph", {"": draftail(fields("paragraph text"),
                                    links=[fields.link("paragraph link")])}),
        ("subhead", {"": fields("subhead")}),
        ("quote", {"-text": fields("quote"), "-attribution": fields("quote attribution")}),
        ("embed", {"-url": "https://video.example/watch", "-title": fields("embed title"),
                   "-caption": fields("embed caption")}),
        ("fact_box", {"-title": fields("fact box title"),
                      "-body": draftail(fields("fact box body"),
                                        links=[fields.link("fact box link")])}),
        ("image", {"-image": str(image.pk), "-alt_text": fields("image block alt"),
                   "-caption": fields("image block caption"),
                   "-credit": fields("image block credit")}),
    ]
    form = {
        "title": fields("page title"), "slug": "contributed", "seo_title": fields("SEO title"),
        "search_description": fields("search description"), "standfirst": fields("standfirst"),
        "dateline_place": fields("dateline")[:100], "lead_image": str(image.pk),
        "lead_image_caption": fields("lead image caption"), "body-count": str(len(blocks)),
        **formset("article_authors", [{"author": str(author.pk), "ORDER": 1, "DELETE": "",
                                       "id": ""}]),
        **formset("related_picks", []),
        **formset("corrections", [{
            "kind": "correction", "noted_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            "text": fields("correction"), "ORDER": 1, "DELETE": "", "id": ""}]),
        "go_live_at": "", "expire_at": "", "action-submit": "action-submit",
    }
    for index, (kind, values) in enumerate(blocks):
        form |= {f"body-{index}-type": kind, f"body-{index}-deleted": "",
                 f"body-{index}-order": str(index), f"body-{index}-id": ""}
        form |= {f"body-{index}-value{key}": value for key, value in values.items()}
    return form


@pytest.fixture
def contributed(newsroom, client):
    """What a contributor files: an image, a document, and a story submitted for review."""
    fields = Fields()
    contributor = UserFactory(contributor=True, username="hostile-contributor")
    client.force_login(contributor)
    response = client.post(reverse("wagtailimages:add"), {
        "title": fields("image title"), "description": fields("image alt text"),
        "credit": fields("image credit"), "caption": fields("image caption"),
        "tags": fields("image tag").replace('"', "").replace(",", ""),
        "collection": "1", "file": image_upload(),
    })
    assert response.status_code == 302, response.context["form"].errors
    image = NewsImage.objects.get()
    response = client.post(reverse("wagtaildocs:add"), {
        "title": fields("document title"), "collection": "1",
        "file": SimpleUploadedFile("report.txt", b"Quarterly figures."),
    })
    assert response.status_code == 302, response.context["form"].errors
    # A hostile slug is folded to letters, digits and dashes (news.slugs) or refused, never
    # stored as typed.
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", newsroom.section.pk))
    response = client.post(add_url, {**contributor_article(Fields(), newsroom.section,
                                                           newsroom.author, image),
                                     "slug": payload(0)})
    if response.status_code == 200:
        assert "slug" in response.context["form"].errors
    else:
        folded = ArticlePage.objects.latest("pk")
        assert re.fullmatch(r"[\w-]+", folded.slug) and folded.slug != payload(0)
        folded.delete()
    response = client.post(add_url, contributor_article(fields, newsroom.section,
                                                        newsroom.author, image))
    assert response.status_code == 302, response.context["form"].errors
    article = ArticlePage.objects.get(slug="contributed")
    article.standfirst = fields("standfirst, second version")
    revision = article.save_revision(user=contributor)
    # A comment on the headline and a reply, as the edit view's comment panel saves them.
    comment = Comment.objects.create(page=article, user=contributor, contentpath="title",
                                     text=fields("page comment"), revision_created=revision)
    CommentReply.objects.create(comment=comment, user=contributor,
                                text=fields("comment reply"))
    client.logout()
    return fields, article, image, get_document_model().objects.get()


def admin_views(article, image, document, section):
    revisions = list(article.revisions.order_by("pk").values_list("pk", flat=True))
    return {
        "dashboard": reverse("wagtailadmin_home"),
        "page explorer": reverse("wagtailadmin_explore", args=[section.pk]),
        "edit view": reverse("wagtailadmin_pages:edit", args=[article.pk]),
        "history": reverse("wagtailadmin_pages:history", args=[article.pk]),
        "revisions compare": reverse("wagtailadmin_pages:revisions_compare",
                                     args=[article.pk, revisions[0], revisions[-1]]),
        "revision view": reverse("wagtailadmin_pages:revisions_view",
                                 args=[article.pk, revisions[-1]]),
        "admin search": reverse("wagtailadmin_pages:search") + "?q=alert",
        "page chooser": reverse("wagtailadmin_choose_page_child", args=[section.pk]),
        "workflow report": reverse("wagtailadmin_reports:workflow"),
        "workflow tasks report": reverse("wagtailadmin_reports:workflow_tasks"),
        "site history": reverse("wagtailadmin_reports:site_history"),
        "aging pages": reverse("wagtailadmin_reports:aging_pages"),
        "image listing": reverse("wagtailimages:index"),
        "image edit": reverse("wagtailimages:edit", args=[image.pk]),
        "image chooser": reverse("wagtailimages_chooser:choose"),
        "chosen image": reverse("wagtailimages_chooser:chosen", args=[image.pk]),
        "document listing": reverse("wagtaildocs:index"),
        "document edit": reverse("wagtaildocs:edit", args=[document.pk]),
        "document chooser": reverse("wagtaildocs_chooser:choose"),
    }


def test_contributor_payloads_render_escaped_for_editors_and_administrators(
        newsroom, client, contributed, report_figure):
    fields, article, image, document = contributed
    views = admin_views(article, image, document, newsroom.section)
    editor = UserFactory(editor=True, username="hostile-editor")
    readers = {"editor": editor,
               "administrator": UserFactory(administrator=True, username="hostile-admin")}
    cells, live, shown_fields, silent_views = 0, [], set(), []
    for (role, user), (view, url) in itertools.product(readers.items(), views.items()):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, (role, view, response.status_code)
        html = response.content.decode()
        if response.get("Content-Type", "").startswith("application/json"):
            html = json.loads(html).get("html", "")
        shown = [field for field, number in fields.numbers.items()
                 if f"alert({number})" in html]
        silent_views += [] if shown else [(role, view)]
        for field in shown:
            cells += 1
            shown_fields.add(field)
            live += [(role, view, field, finding)
                     for finding in live_marker(html, f"alert({fields.numbers[field]})")]

    # The editor approves; readers then see the story, and every field on it is inert.
    client.force_login(editor)
    article.refresh_from_db()
    article.get_latest_revision().publish(user=editor)
    client.logout()
    public = [(view, url) for view, url in (("article", article.url),
                                            ("section", newsroom.section.url),
                                            ("home", newsroom.home.url),
                                            ("search", "/search/?q=alert"))]
    for view, url in public:
        html = client.get(url).content.decode()
        found = live_markup(html)
        cells += sum(1 for number in fields.numbers.values() if f"alert({number})" in html)
        live += [("reader", view, "any", finding) for finding in found]

    report_figure("markup: contributor fields", len(fields.numbers))
    report_figure("markup: admin and public views", f"{len(views)} admin × 2 roles, "
                  f"{len(public)} public")
    report_figure("markup: contributor-to-admin matrix cells checked", cells)
    report_figure("markup: contributor payloads live", len(live))
    assert not live, live[:10]
    # Script links are dropped when saved, and the first standfirst was rewritten since.
    unseen = {"paragraph link", "fact box link", "standfirst"}
    assert shown_fields == set(fields.numbers) - unseen, set(fields.numbers) - shown_fields
    assert len(silent_views) < len(views), silent_views


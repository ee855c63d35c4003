"""Nothing from a WordPress export is lost without a word (issue 18, classes 2, 3, 4 and 7).

Each class has its own export, written here in the layout of Tools > Export: items with no
type or status, several namespace versions in one file, items without an ID, comments of
every status, a custom taxonomy; and the dry run's counts against the real run's.
"""

import datetime
import io
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from dateline.importers.models import ArchivedComment, ImportedItem
from dateline.importers.wordpress.importer import WordPressImport
from dateline.importers.wordpress.media import MediaLibrary
from dateline.importers.wordpress.parse import read_export
from dateline.news.models import ArticlePage, AuthorPage, PlainPage
from tests.conftest import built_newsroom

SITE = "https://old.gazette.example/"
WXR_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "wxr"
EXPORT_DIR = Path(__file__).parent / "exports"


def element(name, value, namespace="wp"):
    return f"<{namespace}:{name}><![CDATA[{value}]]></{namespace}:{name}>" if value is not None \
        else ""


def item(title, *, post_id="", post_type="post", status="publish", content="", guid=None,
         link=None, slug=None, comments=(), terms="", ns="wp", date="2024-03-05 09:30:00",
         excerpt=""):
    slug = slug if slug is not None else title.lower().replace(" ", "-")
    link = link if link is not None else f"{SITE}2024/03/05/{slug}/"
    fields = "".join([
        element("post_id", post_id or None, ns), element("post_type", post_type, ns),
        element("status", status, ns), element("post_name", slug, ns),
        element("post_date", date, ns), element("post_date_gmt", date, ns),
    ])
    return f"""
    <item>
      <title>{title}</title>
      <link>{link}</link>
      {f'<guid isPermaLink="false">{guid}</guid>' if guid else ""}
      <dc:creator><![CDATA[reporter]]></dc:creator>
      <content:encoded><![CDATA[{content}]]></content:encoded>
      <excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
      {fields}{terms}{"".join(comments)}
    </item>"""


def comment(comment_id, author, text, *, approved="1", parent="0", kind="comment",
            date="2024-03-06 10:00:00"):
    return f"""
      <wp:comment>
        <wp:comment_id>{comment_id}</wp:comment_id>
        <wp:comment_author><![CDATA[{author}]]></wp:comment_author>
        <wp:comment_author_email><![CDATA[reader@example.org]]></wp:comment_author_email>
        <wp:comment_author_IP><![CDATA[192.0.2.7]]></wp:comment_author_IP>
        <wp:comment_date><![CDATA[{date}]]></wp:comment_date>
        <wp:comment_date_gmt><![CDATA[{date}]]></wp:comment_date_gmt>
        <wp:comment_content><![CDATA[{text}]]></wp:comment_content>
        <wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
        <wp:comment_type><![CDATA[{kind}]]></wp:comment_type>
        <wp:comment_parent>{parent}</wp:comment_parent>
      </wp:comment>"""


def export(*items, namespaces=("1.2",), header=""):
    declared = " ".join(f'xmlns:{prefix(index, version)}="http://wordpress.org/export/{version}/"'
                        for index, version in enumerate(namespaces))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/{namespaces[0]}/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" {declared}>
<channel>
  <title>The Old Gazette</title>
  <link>{SITE}</link>
  <wp:wxr_version>{namespaces[0]}</wp:wxr_version>
  <wp:base_site_url>{SITE}</wp:base_site_url>
  <wp:base_blog_url>{SITE}</wp:base_blog_url>
  <wp:author><wp:author_login>reporter</wp:author_login>
    <wp:author_display_name><![CDATA[Rana R.]]></wp:author_display_name>
    <wp:author_first_name><![CDATA[Rana]]></wp:author_first_name>
    <wp:author_last_name><![CDATA[Reporter]]></wp:author_last_name></wp:author>
  {header}
  {"".join(items)}
</channel>
</rss>
"""


def prefix(index, version):
    """wp for the first version the file declares; wp11, wp10 for the others."""
    return "wp" if index == 0 else "wp" + version.replace(".", "")


def write(tmp_path, text, name="export.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_import(path, *options):
    output = io.StringIO()
    call_command("import_wordpress", str(path), *options, stdout=output)
    return output.getvalue()


# 2. Items that are not clearly content ------------------------------------------------------

NOT_CLEARLY_CONTENT = (
    item("Ferry strike ends", post_id="10", content="<p>The ferries sail again.</p>"),
    item("About the Gazette", post_id="11", post_type="page", content="<p>Since 1889.</p>",
         link=f"{SITE}about/"),
    # No post type, a GUID naming the page's ID: once a live, empty article that took /?p=11.
    item("", post_type=None, guid=f"{SITE}?p=11", link=f"{SITE}?p=11"),
    item("Orphan without a status", post_id="12", status=None, content="<p>Half a story.</p>"),
)


@pytest.mark.django_db
def test_an_item_without_type_or_status_is_skipped_named_and_claims_no_address(newsroom,
                                                                                 tmp_path):
    output = run_import(write(tmp_path, export(*NOT_CLEARLY_CONTENT)))
    assert list(ArticlePage.objects.filter(live=True).values_list("title", flat=True)) == [
        "Ferry strike ends"]
    assert not ArticlePage.objects.filter(title__in=["", "Orphan without a status"]).exists()
    assert "(no post type): 0 imported, 0 updated, 0 unchanged, 1 skipped" in output
    assert "1 × no post type in the file: not clearly content" in output
    assert "1 × no status in the file: not clearly content: 'Orphan without a status'" in output
    about = PlainPage.objects.get(title="About the Gazette")
    assert Redirect.objects.get(old_path="/?p=11").redirect_page_id == about.pk
    assert not Redirect.objects.filter(old_path="/?p=12").exists()


# 3. Namespaces and keys -----------------------------------------------------------------------

MIXED = export(
    item("Harbour reopens", post_id="20", content="<p>Boats return.</p>"),
    item("Council votes", post_id="21", content="<p>Nine to two.</p>", ns="wp11"),
    item("Market day", post_id="22", content="<p>Stalls return.</p>", ns="wp10"),
    item("A note without an ID", guid=f"{SITE}notes/first", content="<p>First.</p>",
         slug="note-one"),
    item("Another note without an ID", guid=f"{SITE}notes/second", content="<p>Second.</p>",
         slug="note-two"),
    item("A third without an ID or GUID", link=f"{SITE}notes/third/", content="<p>Third.</p>"),
    item("Nothing to know it by", link="", content="<p>Fourth.</p>", slug="fourth"),
    item("Nothing to know it by either", link="", content="<p>Fifth.</p>", slug="fifth"),
    namespaces=("1.2", "1.1", "1.0"),
)

PARSE_SCRIPT = """
import sys
import tempfile
from dateline.importers.wordpress.parse import read_export
export = read_export(sys.argv[1])
for item in export.items:
    print(item.post_id, item.post_type, item.status, item.title, sep="|")
"""


def test_a_file_declaring_three_versions_reads_the_same_under_every_hash_seed(tmp_path):
    path = write(tmp_path, MIXED)
    readings = set()
    for seed in ("0", "1", "2", "3", "4", "5", "17", "4242"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", PARSE_SCRIPT, str(path)],
                                capture_output=True, text=True, env=environment, check=True)
        readings.add(result.stdout)
    assert len(readings) == 1
    lines = readings.pop().splitlines()
    assert lines[:3] == ["20|post|publish|Harbour reopens", "21|post|publish|Council votes",
                         "22|post|publish|Market day"]


def test_items_without_an_id_are_keyed_by_guid_then_link_then_checksum_never_merged(tmp_path):
    items = read_export(write(tmp_path, MIXED)).items
    keys = [each.post_id for each in items]
    assert keys[3:6] == [f"guid:{SITE}notes/first", f"guid:{SITE}notes/second",
                         f"link:{SITE}notes/third/"]
    assert keys[6].startswith("sha256:") and keys[7].startswith("sha256:")
    assert len(set(keys)) == len(keys) == 8


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_version_wordpress_wrote_reads_alike(tmp_path, version):
    text = export(item("Harbour reopens", post_id="20", content="<p>Boats return.</p>"),
                  namespaces=(version,))
    [only] = read_export(write(tmp_path, text)).items
    assert (only.post_id, only.post_type, only.status) == ("20", "post", "publish")


@pytest.mark.django_db
def test_a_mixed_file_imports_every_item_once_and_a_rerun_changes_nothing(newsroom, tmp_path):
    path = write(tmp_path, MIXED)
    first = run_import(path)
    assert "post: 8 imported, 0 updated, 0 unchanged, 0 skipped" in first
    second = run_import(path)
    assert "post: 0 imported, 0 updated, 8 unchanged, 0 skipped" in second
    assert ArticlePage.objects.count() == 8


# 4. Comments, taxonomies, pages' dates, display names ----------------------------------------

DISCUSSED = export(
    item("Bridge to close for a year", post_id="30", content="<p>Repairs start in May.</p>",
         comments=[
             comment("1", "Ana", "About time.\n\nIt has been shaking for years."),
             comment("2", "Ben", "Where do the buses go?", date="2024-03-06 11:00:00"),
             comment("3", "Ana", "Over the old ford, I read.", parent="2",
                     date="2024-03-06 12:00:00"),
             comment("4", "Casino", "Cheap pills", approved="spam"),
             comment("5", "Dee", "Still waiting for moderation", approved="0"),
             comment("6", "Eve", "Deleted", approved="trash"),
             comment("7", "Other blog", "Linked to this", kind="pingback"),
         ],
         terms='<category domain="genre" nicename="explainer"><![CDATA[Explainer]]></category>'),
    item("Contact us", post_id="31", post_type="page", content="<p>Write to us.</p>",
         link=f"{SITE}contact/", date="2015-06-01 08:00:00"),
    header="<wp:term><wp:term_id>9</wp:term_id><wp:term_taxonomy>genre</wp:term_taxonomy>"
           "<wp:term_slug>explainer</wp:term_slug><wp:term_name><![CDATA[Explainer]]>"
           "</wp:term_name></wp:term>",
)


@pytest.mark.django_db
def test_approved_comments_arrive_threaded_and_the_rest_are_counted(newsroom, tmp_path):
    output = run_import(write(tmp_path, DISCUSSED))
    story = ArticlePage.objects.get(title="Bridge to close for a year")
    kept = list(ArchivedComment.objects.filter(page=story))
    assert [(c.author_name, c.text) for c in kept] == [
        ("Ana", "About time.\n\nIt has been shaking for years."),
        ("Ben", "Where do the buses go?"), ("Ana", "Over the old ford, I read.")]
    assert kept[2].parent == kept[1]
    assert kept[0].posted_at == datetime.datetime(2024, 3, 6, 10, 0, tzinfo=datetime.UTC)
    assert "comment: 3 imported, 0 updated, 0 unchanged, 4 skipped" in output
    for reason in ("1 × spam", "1 × awaiting approval", "1 × in the bin",
                   "1 × pingback: not reader discussion"):
        assert reason in output
    second = run_import(write(tmp_path, DISCUSSED.replace("Repairs start", "Work starts")))
    assert "comment: 0 imported, 0 updated, 3 unchanged, 4 skipped" in second
    assert ArchivedComment.objects.count() == 3


@pytest.mark.django_db
def test_a_reply_whose_parent_was_not_kept_and_a_plugins_status_are_named(newsroom, tmp_path):
    output = run_import(write(tmp_path, export(
        item("Order 5521", post_id="40", status="wc-completed", content="<p>Two tickets.</p>",
             comments=[comment("7", "Spammer", "Cheap pills", approved="spam"),
                       comment("8", "Ana", "Was that spam?", parent="7")]))))
    assert ("post 'Order 5521': status 'wc-completed' is not one WordPress gives posts and "
            "pages: kept as a draft") in output
    assert not ArticlePage.objects.get(title="Order 5521").live
    assert "1 × a reply to a comment not kept: shown at the top level" in output
    assert ArchivedComment.objects.get().parent is None


@pytest.mark.django_db
def test_a_headline_and_an_excerpt_too_long_for_their_fields_are_named_as_shortened(
        newsroom, tmp_path):
    headline = "Council " * 40
    output = run_import(write(tmp_path, export(
        item(headline, post_id="41", slug="council", content="<p>Votes.</p>",
             excerpt="Budget " * 70))))
    shown = headline.strip()[:255]
    assert f"post {shown!r}: headline of 319 characters shortened to 255" in output
    assert f"post {shown!r}: excerpt of 489 characters shortened to 400 for the standfirst" \
        in output
    assert len(ArticlePage.objects.get().standfirst) == 400


@pytest.mark.django_db
def test_the_archived_discussion_is_shown_under_the_story_closed(newsroom, tmp_path, client):
    run_import(write(tmp_path, DISCUSSED))
    story = ArticlePage.objects.get(title="Bridge to close for a year")
    html = client.get(story.url).content.decode()
    assert "3 comments from our archive" in html
    assert "The discussion is closed." in html
    assert "<p>About time.</p>\n\n<p>It has been shaking for years.</p>" in html
    assert html.index("Where do the buses go?") < html.index("Over the old ford")
    assert '<ol class="archived-discussion__replies">' in html
    assert "Cheap pills" not in html and "reader@example.org" not in html
    assert "<form" not in html.split("archived-discussion", 1)[1].split("</section>")[0]


@pytest.mark.django_db
def test_other_taxonomies_are_named_and_pages_keep_their_date_and_bylines_their_name(
        newsroom, tmp_path):
    output = run_import(write(tmp_path, DISCUSSED))
    assert "Taxonomy 'genre' not imported: 1 term(s) (Explainer), used by 1 item(s)." in output
    contact = PlainPage.objects.get(title="Contact us")
    assert contact.first_published_at == datetime.datetime(2015, 6, 1, 8, 0, tzinfo=datetime.UTC)
    assert AuthorPage.objects.get(slug="reporter").title == "Rana R."


# The report adds up; the dry run counts what the real run does --------------------------------

def file_counts(path):
    return Counter((each.post_type or "(no post type)", each.status or "(none)")
                   for each in read_export(path).items)


def report_counts(report):
    return Counter({(kind, status): number for kind, statuses in report.statuses.items()
                    for status, number in statuses.items()})


def run(path, *, dry_run):
    return WordPressImport(read_export(path), library=MediaLibrary(), dry_run=dry_run).run()


def comparable(report):
    return ({kind: dict(counts) for kind, counts in report.counts.items()},
            {kind: dict(reasons) for kind, reasons in report.reasons.items()},
            report.redirects, sorted(report.altered))


def exports_to_check(tmp_path):
    paths = [write(tmp_path, export(*NOT_CLEARLY_CONTENT), "content.xml"),
             write(tmp_path, MIXED, "mixed.xml"), write(tmp_path, DISCUSSED, "comments.xml"),
             EXPORT_DIR / "block-editor.xml"]
    if WXR_DIR.is_dir():
        paths.append(WXR_DIR / "themeunittestdata.wordpress.xml")
    return paths


class Runs(NamedTuple):
    rehearsal: object
    written_by_rehearsal: int
    real: object
    rehearsal_again: object
    real_again: object


@pytest.fixture(scope="module")
def runs_of_each_export(django_db_setup, django_db_blocker, tmp_path_factory):
    """Each export to check run as a rehearsal (a dry run), for real, then both again, into a
    new newsroom: once for the tests that read the runs' reports, and all rolled back after."""
    folder = tmp_path_factory.mktemp("exports")
    with django_db_blocker.unblock(), transaction.atomic():
        built_newsroom()
        runs = {}
        for path in exports_to_check(folder):
            rehearsal = run(path, dry_run=True)
            written = ImportedItem.objects.filter(source__contains=path.stem).count()
            runs[path] = Runs(rehearsal, written, run(path, dry_run=False),
                                   run(path, dry_run=True), run(path, dry_run=False))
        assert Page.objects.filter(depth__gt=2).exists()
        transaction.set_rollback(True)
    return runs


# Database tests, though they only read reports: so they run among the database tests, before
# a browser test's event loop starts in the same process, as the fixture needs the database.
@pytest.mark.django_db
def test_the_reports_counts_add_up_to_the_files_items_by_type_and_status(runs_of_each_export):
    for path, runs in runs_of_each_export.items():
        report = runs.real
        assert report_counts(report) == file_counts(path), path.name
        for kind, statuses in report.statuses.items():
            assert sum(report.counts[kind].values()) == sum(statuses.values()), (path, kind)


@pytest.mark.django_db
def test_a_dry_run_counts_what_the_real_run_then_does(runs_of_each_export):
    assert len(runs_of_each_export) >= 4
    for path, runs in runs_of_each_export.items():
        assert runs.written_by_rehearsal == 0, path.name
        assert comparable(runs.rehearsal) == comparable(runs.real), path.name
        assert comparable(runs.rehearsal_again) == comparable(runs.real_again), path.name


@pytest.mark.django_db
def test_an_editor_withdraws_an_archived_comment_and_a_new_import_keeps_it_withdrawn(
        newsroom, tmp_path, client):
    run_import(write(tmp_path, DISCUSSED))
    story = ArticlePage.objects.get(title="Bridge to close for a year")
    question = ArchivedComment.objects.get(text="Where do the buses go?")
    editor = get_user_model().objects.create_user("desk", "desk@example.org", "pw-desk-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert "Where do the buses go?" in client.get(story.url).content.decode()

    edit = reverse(ArchivedComment.snippet_viewset.get_url_name("edit"), args=[question.pk])
    response = client.post(edit, {"withdrawn": "on", "author_name": question.author_name,
                                  "text": question.text})
    assert response.status_code == 302

    html = client.get(story.url).content.decode()
    assert "Where do the buses go?" not in html
    assert "This comment has been withdrawn." in html
    assert "Over the old ford, I read." in html
    assert "2 comments from our archive" in html
    run_import(write(tmp_path, DISCUSSED.replace("Repairs start", "Work starts")))
    assert ArchivedComment.objects.get(pk=question.pk).withdrawn
    assert "Where do the buses go?" not in client.get(story.url).content.decode()


@pytest.mark.django_db
def test_a_contributor_cannot_touch_archived_comments(newsroom, tmp_path, client):
    run_import(write(tmp_path, DISCUSSED))
    comment = ArchivedComment.objects.first()
    contributor = get_user_model().objects.create_user("cub", "cub@example.org", "pw-cub-12")
    contributor.groups.add(Group.objects.get(name="Contributors"))
    client.force_login(contributor)
    edit = reverse(ArchivedComment.snippet_viewset.get_url_name("edit"), args=[comment.pk])
    assert client.post(edit, {"withdrawn": "on", "author_name": "x", "text": "y"}).status_code \
        in (302, 403)
    assert not ArchivedComment.objects.get(pk=comment.pk).withdrawn

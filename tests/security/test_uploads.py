"""Hostile uploads through the admin views an editor uses: every file is refused with a form
error or accepted as something the site can print and serve safely, never a server error."""

import collections
import html
import json
import os
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from dateline.importers.wordpress.media import MediaUnavailable, check_image
from tests.conftest import REPOSITORY, dateline_command
from tests.factories import ArticlePageFactory, UserFactory
from tests.security.hostile_images import (
    HostileFile,
    hostile_documents,
    hostile_images,
    png_bomb,
    striped_png,
    valid_images,
)

SEED = 20261128
# The renditions the public templates ask for, in both their output formats.
PUBLIC_SPECS = ("fill-240x135|format-webp", "width-480|format-jpeg")
# A decompression bomb decoded would take 400 MB; proofing the battery's small pictures, a few.
PEAK_MEMORY_BOUND = 150 * 1024 * 1024
# docs/security.md promises +16 MB for a hostile upload refused from its header.
HEADER_REFUSAL_MEMORY_BOUND = 16 * 1024 * 1024
UNSAFE_INLINE_TYPES = ("text/html", "image/svg+xml", "application/xhtml+xml", "text/xml")


@pytest.fixture
def picture_desk(newsroom, client, settings, tmp_path, django_capture_on_commit_callbacks):
    """An editor's admin session over a media folder of its own, so every file in it is
    accounted for; file clean-ups that Wagtail defers to the commit run after each request."""
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(UserFactory(editor=True))
    return PictureDesk(client, django_capture_on_commit_callbacks)


class PictureDesk:
    def __init__(self, client, on_commit):
        self.client = client
        self.on_commit = on_commit
        self.collection = Collection.get_first_root_node().pk

    def post(self, url, data, **headers):
        with self.on_commit(execute=True):
            return self.client.post(url, data, headers=headers)

    def add_image(self, upload):
        response = self.post(reverse("wagtailimages:add"), {
            "title": upload.name, "collection": self.collection, "file": file_of(upload)})
        return form_outcome(response)

    def add_images(self, upload):
        response = self.post(reverse("wagtailimages:add_multiple"), {
            "collection": self.collection, "files[]": file_of(upload)},
            x_requested_with="XMLHttpRequest")
        return json_outcome(response)

    def replace_image(self, image, upload):
        response = self.post(reverse("wagtailimages:edit", args=[image.pk]), {
            "title": image.title, "collection": self.collection, "file": file_of(upload)})
        return form_outcome(response)

    def add_document(self, upload):
        response = self.post(reverse("wagtaildocs:add"), {
            "title": upload.name, "collection": self.collection, "file": file_of(upload)})
        return form_outcome(response)

    def add_documents(self, upload):
        response = self.post(reverse("wagtaildocs:add_multiple"), {
            "collection": self.collection, "files[]": file_of(upload)},
            x_requested_with="XMLHttpRequest")
        return json_outcome(response)


def file_of(upload):
    return SimpleUploadedFile(upload.name, upload.content)


def form_outcome(response):
    """"accepted" on the redirect after a save; "refused" when the page shows a file error."""
    if response.status_code >= 500:
        return "server error"
    if response.status_code == 302:
        return "accepted"
    errors = response.context["form"].errors.get("file", [])
    page = response.content.decode()
    shown = errors and all(html.escape(error) in page for error in errors)
    return "refused" if shown else f"neither ({response.status_code}, errors {errors})"


def json_outcome(response):
    """The multiple-upload view's answer, as its JavaScript reads it."""
    if response.status_code >= 500:
        return "server error"
    answer = response.json()
    if answer["success"]:
        return "accepted"
    return "refused" if answer["error_message"].strip() else f"neither ({answer})"


def peak_memory_rise(run):
    """How far the process's resident memory rose above its start while ``run`` ran, read from
    the kernel's high-water mark (reset first), which also counts Pillow's own buffers."""
    Path("/proc/self/clear_refs").write_text("5")
    before = resident_memory("VmRSS")
    result = run()
    return resident_memory("VmHWM") - before, result


def resident_memory(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def files_under(folder):
    return {str(path.relative_to(folder)) for path in Path(folder).rglob("*") if path.is_file()}


@pytest.mark.slow
def test_a_thousand_hostile_images_are_refused_or_filed_whole(picture_desk, settings,
                                                             report_figure):
    uploads = hostile_images(SEED)
    target = get_image_model().objects.create(title="Replaced in turn",
                                              file=get_test_image_file())
    # The multiple-upload view, the one editors use most (and the lightest), takes six files
    # in eight; the single add and replace-file views one each.
    many = ("add", picture_desk.add_images)
    views = [("add", picture_desk.add_image), many, many, many,
             ("replace", lambda upload: picture_desk.replace_image(target, upload)), many, many,
             many]
    png_bomb(20_000)  # built before measuring: the bytes are the test's, not the server's

    def post_all():
        outcomes = []
        for index, upload in enumerate(uploads):
            purpose, view = views[index % len(views)]
            outcomes.append((upload, view(upload), purpose))
        return outcomes

    memory_rise, outcomes = peak_memory_rise(post_all)
    tally = collections.Counter(outcome for _, outcome, _ in outcomes)
    malformed = sum(1 for upload in uploads if upload.family not in ("valid", "oddity"))
    report_figure("image uploads tried", f"{len(uploads):,} ({malformed:,} malformed)")
    report_figure("image uploads refused with a form error", f"{tally['refused']:,}")
    report_figure("image uploads accepted", f"{tally['accepted']:,}")
    report_figure("image upload server errors", f"{tally['server error']:,}")
    report_figure("peak memory rise over the image uploads", f"{memory_rise / 2**20:.0f} MB")

    assert malformed >= 1000
    assert tally["server error"] == 0
    assert set(tally) <= {"accepted", "refused"}, [
        (upload.name, outcome) for upload, outcome, _ in outcomes
        if outcome not in ("accepted", "refused")]
    assert [upload.name for upload, outcome, _ in outcomes
            if upload.family == "valid" and outcome != "accepted"] == []
    never_images = ("decompression bomb", "SVG with script", "not an image", "zero dimensions")
    assert [upload.name for upload, outcome, _ in outcomes
            if outcome == "accepted" and upload.family in never_images] == []
    assert memory_rise < PEAK_MEMORY_BOUND

    filed = sum(1 for _, outcome, purpose in outcomes
                if outcome == "accepted" and purpose == "add")
    images = get_image_model().objects.all()
    assert images.count() == filed + 1
    for image in images:
        renditions = image.get_renditions(*PUBLIC_SPECS)
        assert all(rendition.width > 0 for rendition in renditions.values()), image.title

    expected = ({image.file.name for image in images}
                | {rendition.file.name for rendition in
                   get_image_model().get_rendition_model().objects.all()})
    on_disk = files_under(settings.MEDIA_ROOT)
    report_figure("partial rows and orphan files after the image uploads",
                  f"{len(expected ^ on_disk)}")
    assert on_disk == expected


def test_hostile_documents_are_refused_or_served_only_as_downloads(picture_desk, client,
                                                                  settings, report_figure):
    uploads = list(hostile_documents())
    outcomes = [(upload, view(upload)) for upload in uploads
                for view in (picture_desk.add_document, picture_desk.add_documents)]
    tally = collections.Counter(outcome for _, outcome in outcomes)
    report_figure("document uploads tried", f"{len(outcomes)}")
    report_figure("document uploads refused / accepted / server errors",
                  f"{tally['refused']} / {tally['accepted']} / {tally['server error']}")

    assert set(tally) <= {"accepted", "refused"}, outcomes
    assert [upload.name for upload, outcome in outcomes if outcome == "accepted"
            and upload.name.rsplit(".", 1)[-1] in ("svg", "html", "htm", "xhtml")] == []

    documents = get_document_model().objects.all()
    assert documents.count() == tally["accepted"]
    for document in documents:
        response = client.get(document.url)
        served = b"".join(response.streaming_content)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment"), document.filename
        assert not response["Content-Type"].startswith(UNSAFE_INLINE_TYPES)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert served == document.file.read()
        # Only images are served from the media folder; documents never bypass the view.
        assert client.get(settings.MEDIA_URL + document.file.name).status_code == 404

    on_disk = files_under(settings.MEDIA_ROOT)
    assert on_disk == {document.file.name for document in documents}


@pytest.mark.parametrize("cut", [16, 33, 60, 100, -40])
def test_a_truncated_png_is_a_form_error_not_a_server_error(picture_desk, cut):
    png = valid_images()[0]
    truncated = type(png)("truncated", "truncated.png", png.content[:cut])

    assert picture_desk.add_image(truncated) == "refused"
    assert picture_desk.add_images(truncated) == "refused"
    assert get_image_model().objects.count() == 0


def test_a_picture_damaged_after_filing_leaves_its_pages_standing(picture_desk, newsroom,
                                                                  client):
    image = get_image_model().objects.create(title="The pier", file=get_test_image_file())
    article = ArticlePageFactory(parent=newsroom.section, lead_image=image)
    article.save_revision().publish()
    image.renditions.all().delete()
    os.truncate(image.file.path, os.path.getsize(image.file.path) // 2)

    for url in (article.url, newsroom.section.url, newsroom.home.url,
                reverse("wagtailimages:edit", args=[image.pk]),
                reverse("wagtailimages:index")):
        assert client.get(url).status_code == 200, url


def test_a_replaced_picture_file_is_deleted_only_once_the_replacement_is_committed(
        picture_desk, django_capture_on_commit_callbacks):
    image = get_image_model().objects.create(title="The pier", file=get_test_image_file())
    old_file = Path(image.file.path)
    replacement = valid_images()[0]

    with django_capture_on_commit_callbacks(execute=False) as pending:
        response = picture_desk.client.post(reverse("wagtailimages:edit", args=[image.pk]), {
            "title": image.title, "collection": picture_desk.collection,
            "file": file_of(replacement)})
    assert form_outcome(response) == "accepted"
    assert old_file.exists(), "the old file went before the change was committed"

    for callback in pending:
        callback()
    image.refresh_from_db()
    assert not old_file.exists()
    assert Path(image.file.path).exists()


def strip_png(width, height):
    buffer = BytesIO()
    PILImage.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_importers_file_pictures_only_on_the_terms_of_an_upload():
    """A strip too long for any rendition format reads and decodes well; the admin refuses it
    (no rendition could print it), and so do the importers' picture checks."""
    check_image(strip_png(1200, 800))
    with pytest.raises(MediaUnavailable, match="no side may be longer"):
        check_image(strip_png(1, 20_000))


def test_a_16_bit_png_of_64_megapixels_is_refused_with_a_form_error(picture_desk):
    deep = HostileFile("deep", "deep.png", striped_png(16_383, 3_906, bit_depth=16))

    assert picture_desk.add_image(deep) == "refused"
    assert picture_desk.add_images(deep) == "refused"
    assert get_image_model().objects.count() == 0


def proofing_in_a_process_of_its_own(name):
    result = dateline_command(
        "shell", "--no-imports", "-c",
        f"import tests.security.scenes as m; m.measure_proofing({name!r})",
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "dateline.settings.test"},
        cwd=REPOSITORY, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.database_independent
def test_a_16_bit_png_of_64_megapixels_is_refused_from_its_header_in_little_memory(
        report_figure):
    deep = proofing_in_a_process_of_its_own("deep_png.png")
    photo = proofing_in_a_process_of_its_own("camera_photo.jpg")
    report_figure("16-bit PNG of 16,383 × 3,906 (1.7 MB): peak memory rise to refuse it",
                  f"{deep['peak_memory_rise'] / 2**20:.0f} MB")
    report_figure("6000 × 4000 camera JPEG: peak memory rise to proof and accept it",
                  f"{photo['peak_memory_rise'] / 2**20:.0f} MB")
    assert any("8 bits" in refusal for refusal in deep["refusals"]), deep
    assert deep["peak_memory_rise"] < HEADER_REFUSAL_MEMORY_BOUND
    assert photo["refusals"] == []

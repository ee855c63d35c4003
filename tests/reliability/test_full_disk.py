"""A full media disk: readers still get every page (with the pictures already printed, or
none), editors get a form error for an upload that needs room, and no write leaves a partial
file or a rendition row without its file. The disk is a real one: a 4 MB tmpfs mounted as the
media folder and filled until the kernel answers ENOSPC."""

import errno
import subprocess
from pathlib import Path

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from tests.factories import ArticlePageFactory, UserFactory
from tests.security.hostile_images import HostileFile, valid_images
from tests.security.test_uploads import PictureDesk

DISK_FULL_ERROR = "not enough room"
# Wagtail's stand-in for a picture that cannot be printed.
MISSING_PICTURE = "/media/not-found"
STORIES = 6


class SmallDisk:
    def __init__(self, folder):
        self.folder = folder
        self.filler = folder / "filler"

    def fill(self):
        """Writes until the kernel refuses: after this not even one more block fits."""
        with open(self.filler, "ab", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"\0" * 65536)
            except OSError as error:
                assert error.errno == errno.ENOSPC
            try:
                while True:
                    filler.write(b"\0")
            except OSError as error:
                assert error.errno == errno.ENOSPC

    def free(self):
        self.filler.unlink()

    def media_files(self):
        return {path: path.stat().st_size for path in self.folder.rglob("*")
                if path.is_file() and path != self.filler}


@pytest.fixture
def small_disk(tmp_path, settings):
    """A 4 MB tmpfs as the media folder. Mounting needs root (or CAP_SYS_ADMIN)."""
    folder = tmp_path / "media"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
                             capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here, so no real full disk: {mounted.stderr}")
    settings.MEDIA_ROOT = folder
    try:
        yield SmallDisk(folder)
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


@pytest.fixture
def stories_on_a_full_disk(newsroom, small_disk):
    """Stories with lead and body pictures filed while there was room, none of them printed
    yet, and then a disk with no room left."""
    stories = []
    for number in range(STORIES):
        lead = get_image_model().objects.create(title=f"Lead {number}",
                                                file=get_test_image_file(f"lead-{number}.png"))
        inline = get_image_model().objects.create(title=f"Body {number}",
                                                  file=get_test_image_file(f"body-{number}.png"))
        story = ArticlePageFactory(parent=newsroom.section, lead_image=lead, body=[
            ("paragraph", "<p>The pier reopened.</p>"),
            ("image", {"image": inline, "alt_text": "The pier", "caption": "", "credit": ""}),
        ])
        story.save_revision().publish()
        stories.append(story)
    newsroom.author.photo = stories[0].lead_image
    newsroom.author.save_revision().publish()
    get_image_model().get_rendition_model().objects.all().delete()
    small_disk.fill()
    return stories


def reader_paths(newsroom, stories):
    return [newsroom.home.url, newsroom.section.url, newsroom.author.url,
            newsroom.authors.url, *(story.url for story in stories)]


def test_readers_get_every_page_when_no_picture_can_be_printed(stories_on_a_full_disk,
                                                               newsroom, client, small_disk,
                                                               report_figure):
    before = small_disk.media_files()
    statuses = {path: client.get(path).status_code
                for path in reader_paths(newsroom, stories_on_a_full_disk)}

    report_figure("uncached reader pages answered 200 on a full media disk",
                  f"{list(statuses.values()).count(200)} of {len(statuses)}")
    assert set(statuses.values()) == {200}, statuses
    assert small_disk.media_files() == before


def test_pictures_are_printed_again_once_there_is_room(stories_on_a_full_disk, newsroom,
                                                      client, small_disk):
    story = stories_on_a_full_disk[0]
    client.get(story.url)
    small_disk.free()

    page = client.get(story.url).content.decode()

    assert "/media/images/" in page
    assert every_rendition_has_its_whole_file(small_disk)


def test_no_rendition_row_or_partial_file_is_left_by_a_disk_that_fills_mid_page(
        stories_on_a_full_disk, newsroom, client, small_disk, report_figure):
    # Three pages of tmpfs free: the first renditions of a picture fit, the next ones do not.
    with open(small_disk.filler, "r+b") as filler:
        filler.truncate(small_disk.filler.stat().st_size - 3 * 4096)

    pages = [client.get(path) for path in reader_paths(newsroom, stories_on_a_full_disk)]

    assert {page.status_code for page in pages} == {200}
    missing = sum(page.content.decode().count(MISSING_PICTURE) for page in pages)
    printed = get_image_model().get_rendition_model().objects.count()
    report_figure("renditions printed / printed as missing on a disk that filled mid-page",
                  f"{printed} / {missing}")
    assert every_rendition_has_its_whole_file(small_disk)
    assert [path for path, size in small_disk.media_files().items() if size == 0] == []
    assert printed and missing, "the disk was meant to fill part of the way through"


def every_rendition_has_its_whole_file(small_disk):
    """Each rendition row names a file that is there and decodes; each file in images/ has a
    row (no file written for a row that was never inserted)."""
    Rendition = get_image_model().get_rendition_model()
    named = set()
    for rendition in Rendition.objects.all():
        path = Path(small_disk.folder, rendition.file.name)
        assert path.is_file(), rendition.file.name
        with rendition.get_willow_image() as willow:
            assert willow.get_size() == (rendition.width, rendition.height)
        named.add(path)
    on_disk = {path for path in small_disk.media_files() if path.parent.name == "images"}
    assert on_disk == named
    return True


@pytest.fixture
def picture_desk_on_a_full_disk(newsroom, small_disk, client, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(editor=True))
    small_disk.fill()
    return PictureDesk(client, django_capture_on_commit_callbacks)


def test_an_upload_without_room_is_a_form_error(picture_desk_on_a_full_disk, small_disk):
    desk = picture_desk_on_a_full_disk
    picture = valid_images()[0]
    before = small_disk.media_files()

    assert desk.add_image(picture) == "refused"
    assert desk.add_images(picture) == "refused"
    memo = HostileFile("valid", "memo.txt", b"Notes from the council meeting. " * 500)
    assert desk.add_document(memo) == "refused"
    assert desk.add_documents(memo) == "refused"

    assert get_image_model().objects.count() == 0
    assert small_disk.media_files() == before
    response = desk.post(reverse("wagtailimages:add"), {
        "title": "Pier", "collection": desk.collection,
        "file": SimpleUploadedFile(picture.name, picture.content)})
    assert DISK_FULL_ERROR in response.content.decode()


def test_an_upload_the_disk_fills_under_is_a_clear_error_that_leaves_nothing(
        picture_desk_on_a_full_disk, small_disk, monkeypatch):
    # The room was there when the form was checked; another writer took it before the write.
    monkeypatch.setattr("dateline.news.media_storage.has_room_for", lambda size, storage: True)
    desk = picture_desk_on_a_full_disk
    desk.client.raise_request_exception = False
    before = small_disk.media_files()
    picture = valid_images()[0]

    response = desk.post(reverse("wagtailimages:add"), {
        "title": "Pier", "collection": desk.collection,
        "file": SimpleUploadedFile(picture.name, picture.content)})

    assert response.status_code == 503
    assert "Nothing you sent was saved" in response.content.decode()
    assert get_image_model().objects.count() == 0
    assert small_disk.media_files() == before

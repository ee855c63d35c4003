"""Private documents stay private whatever the address: the media route answers only files that
really lie in the two picture folders, and a document leaves only through Wagtail's view, as an
attachment, once its collection's privacy allows it. Tried through the test client and through
a real `dateline serve`, whose HTTP server passes raw paths on as they came."""

import json
import re
from pathlib import Path

import pytest

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction

from tests.conftest import REPOSITORY
from tests.factories import UserFactory
from tests.reliability.serving import Reader, Server

SECRET = "A source's name, known to two people in the newsroom."


def spellings(document, media_folder):
    """The ways an address under /media/ may name ``document`` (``documents/<file>``)."""
    name = document.removeprefix("documents/")
    return [
        f"images/../documents/{name}",
        f"images/%2e%2e/documents/{name}",
        f"images/%2E%2E/documents/{name}",
        f"images/..%2fdocuments/{name}",
        f"images/%2e%2e%2fdocuments%2f{name}",
        f"images/%252e%252e/documents/{name}",
        f"images/%252e%252e%252fdocuments%252f{name}",
        f"images/..\\documents\\{name}",
        f"images\\..\\documents\\{name}",
        f"images/..%5cdocuments%5c{name}",
        f"images/%c0%ae%c0%ae/documents/{name}",
        f"images/..;/documents/{name}",
        f"images//../documents/{name}",
        f"images/./../documents/{name}",
        f"images/x/../../documents/{name}",
        f"original_images/../documents/{name}",
        f"original_images/%2e%2e/documents/{name}",
        f"images/../../{media_folder}/documents/{name}",
        f"images/%2e%2e/%2e%2e/{media_folder}/documents/{name}",
        f"images/{name}",
        f"images/documents/{name}",
        # Links planted in the picture folders, as a careless restore or deploy script might.
        f"images/linked-{name}",
        f"images/linked-documents/{name}",
        f"original_images/linked-{name}",
        "images/../../../../../../../../etc/passwd",
    ]


def plant_links(media_root, document):
    media_root = Path(media_root)
    name = document.removeprefix("documents/")
    for folder in ("images", "original_images"):
        (media_root / folder).mkdir(exist_ok=True)
        (media_root / folder / f"linked-{name}").symlink_to(media_root / document)
    (media_root / "images" / "linked-documents").symlink_to(media_root / "documents")


@pytest.fixture
def private_memo(newsroom, settings, tmp_path):
    """A document in a collection only signed-in users may see, and a public picture."""
    settings.MEDIA_ROOT = tmp_path / "media"
    sources = Collection.get_first_root_node().add_child(name="Sources")
    CollectionViewRestriction.objects.create(
        collection=sources, restriction_type=CollectionViewRestriction.LOGIN)
    memo = get_document_model().objects.create(
        title="Source memo", collection=sources,
        file=ContentFile(SECRET.encode(), name="source-memo.txt"))
    image = get_image_model().objects.create(title="The pier", file=get_test_image_file())
    image.get_rendition("width-320")
    plant_links(settings.MEDIA_ROOT, memo.file.name)
    return memo, image


def test_no_spelling_of_a_media_address_reaches_a_private_document(private_memo, client,
                                                                   settings):
    memo, _ = private_memo
    for path in spellings(memo.file.name, Path(settings.MEDIA_ROOT).name):
        response = client.get(settings.MEDIA_URL + path)
        assert response.status_code == 404, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET.encode() not in body, path


def test_pictures_are_still_served_from_the_media_folder(private_memo, client, settings):
    _, image = private_memo
    for name in (image.file.name, image.renditions.get().file.name):
        response = client.get(settings.MEDIA_URL + name)
        assert response.status_code == 200, name
        assert b"".join(response.streaming_content) == (Path(settings.MEDIA_ROOT) /
                                                          name).read_bytes()


def test_a_private_document_downloads_only_after_signing_in_and_as_an_attachment(
        private_memo, client):
    memo, _ = private_memo
    assert memo.url.startswith("/documents/")

    anonymous = client.get(memo.url)
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]
    assert SECRET.encode() not in anonymous.content

    client.force_login(UserFactory())
    signed_in = client.get(memo.url)
    assert signed_in.status_code == 200
    assert signed_in["Content-Disposition"].startswith("attachment")
    assert b"".join(signed_in.streaming_content) == SECRET.encode()


@pytest.mark.slow
def test_dateline_serve_answers_no_spelling_of_a_media_address_with_a_private_document(
        shared_database, tmp_path):
    # The demo settings keep media in the data folder, where both processes find them.
    filed = shared_database.run(
        "shell", "--no-imports", "-c",
        f"import tests.server.scenes as m; m.file_a_private_memo({SECRET!r})",
        settings="dateline.settings.demo")
    memo = json.loads(filed.stdout.strip().splitlines()[-1])
    media_root = tmp_path / "media"
    plant_links(media_root, memo["document"])
    server = Server(shared_database.env, tmp_path / "serve.log", settings="dateline.settings.demo")
    reader = Reader(server.port)
    try:
        answers = [reader.get("/media/" + path) for path in spellings(memo["document"], "media")]
        pictures = [reader.get("/media/" + memo[name]) for name in ("original", "rendition")]
        anonymous = reader.get(memo["document_url"])
    finally:
        reader.close()
        server.stop()

    leaks = [(answer.path, answer.status) for answer in answers
             if answer.status == 200 or SECRET.encode() in answer.body]
    assert leaks == []
    assert {answer.status for answer in answers} == {404}, [(a.path, a.status) for a in answers]
    for picture, name in zip(pictures, ("original", "rendition"), strict=True):
        assert picture.status == 200
        assert picture.body == (media_root / memo[name]).read_bytes()
    assert anonymous.status == 302
    assert SECRET.encode() not in anonymous.body


@pytest.mark.database_independent
def test_the_documented_nginx_media_locations_serve_only_the_picture_folders():
    guide = (REPOSITORY / "docs" / "deploying.md").read_text()
    media_locations = re.findall(r"location (/media/\S*) \{\s*alias (\S+);\s*([^}]*)\}", guide)

    assert sorted(location for location, _, _ in media_locations) == [
        "/media/images/", "/media/original_images/"]
    for location, alias, rest in media_locations:
        # A trailing slash on both, or nginx's alias lets /media/images../ climb out.
        assert alias.endswith(location.removeprefix("/media/")), alias
        assert "disable_symlinks on;" in rest

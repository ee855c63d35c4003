import io

import pytest

from django.core.management import call_command

from tests.importers.test_wordpress_import import jpeg_bytes


def import_once(module_database, export):
    """``export`` imported for a module's tests (each test's changes are rolled back); the
    import's report."""
    output = io.StringIO()
    with module_database.unblock():
        call_command("import_wordpress", str(export), stdout=output)
    return output.getvalue()


@pytest.fixture(scope="module")
def uploads(tmp_path_factory):
    """A WordPress uploads folder for the exports written by the tests: two pictures, a
    truncated one and a text file named like a picture."""
    folder = tmp_path_factory.mktemp("uploads")
    (folder / "2024" / "03").mkdir(parents=True)
    (folder / "2024" / "03" / "bridge.jpg").write_bytes(jpeg_bytes("navy"))
    (folder / "2024" / "03" / "river.jpg").write_bytes(jpeg_bytes("teal"))
    (folder / "2024" / "03" / "broken.jpg").write_bytes(jpeg_bytes()[:60])
    (folder / "2024" / "03" / "notes.jpg").write_bytes(b"minutes of the council meeting")
    return folder

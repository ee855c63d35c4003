"""Guard rails: things that must never silently drift."""

from io import StringIO
from pathlib import Path

import pytest

from django.core.management import call_command, get_commands

from dateline.settings import env

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.django_db
def test_there_are_no_unmade_migrations():
    output = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output)
    except SystemExit:
        pytest.fail(f"Models changed without a migration:\n{output.getvalue()}")


def test_every_environment_variable_is_documented():
    reference = (DOCS / "reference" / "settings.md").read_text()
    missing = [name for name in env.VARIABLES if f"### `{name}`" not in reference]
    assert missing == []


def test_every_dateline_command_is_documented():
    reference = (DOCS / "reference" / "cli.md").read_text()
    ours = sorted(name for name, app in get_commands().items() if app.startswith("dateline."))
    assert {"demo", "load_demo", "serve", "worker"} <= set(ours)
    missing = [name for name in ours if f"### `{name}`" not in reference]
    assert missing == []


def test_settings_read_the_environment_only_through_the_helper():
    # test.py may point DATELINE_DATA_DIR at a temporary folder before the helper reads it.
    allowed = {"env.py", "test.py"}
    settings_dir = Path(env.__file__).parent
    offenders = [
        path.name for path in settings_dir.glob("*.py")
        if path.name not in allowed and "os.environ" in path.read_text()
    ]
    assert offenders == []


def test_an_undeclared_variable_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        env.read("DATELINE_NOT_A_SETTING")


def test_system_checks_pass():
    call_command("check", fail_level="WARNING")

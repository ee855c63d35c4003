"""Every knob Dateline reads from the environment passes through here.

Each variable is declared once in ``VARIABLES`` with its default and meaning, so the settings
reference (docs/reference/settings.md) can be checked against it by a test.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Variable:
    name: str
    default: str | None
    help: str


VARIABLES = {
    variable.name: variable
    for variable in [
        Variable(
            "DATELINE_DATA_DIR",
            "./dateline-data",
            "Folder for the SQLite database, uploaded media, collected static files and the "
            "demo's generated secret key.",
        ),
        Variable(
            "DATABASE_URL",
            None,
            "Database to use, e.g. postgres://user@127.0.0.1:5432/dateline. "
            "Default: SQLite at DATELINE_DATA_DIR/dateline.sqlite3 (WAL journal).",
        ),
        Variable(
            "DATELINE_SECRET_KEY",
            None,
            "Django's secret key. Required in production; the demo generates one into its "
            "data folder.",
        ),
        Variable(
            "DATELINE_ALLOWED_HOSTS",
            "",
            "Comma-separated host names the site answers to. Required in production.",
        ),
        Variable(
            "DATELINE_BASE_URL",
            "http://127.0.0.1:8000",
            "Public base URL of the site, used in admin notifications and absolute links.",
        ),
        Variable(
            "DATELINE_TIME_ZONE",
            "UTC",
            "Default time zone; each site's own time zone in its settings takes precedence.",
        ),
        Variable(
            "DATELINE_LANGUAGE_CODE",
            "en",
            "Default language of the site and the admin.",
        ),
        Variable(
            "DATELINE_DEBUG",
            "false",
            "Show Django's debug pages. Never enable on a public site.",
        ),
        Variable(
            "DATELINE_SERVE_MEDIA",
            "true",
            "Serve uploaded media from the application (turn off when a web server or object "
            "storage serves them).",
        ),
        Variable(
            "DATELINE_SECURE",
            "true",
            "Production only: the site is served over HTTPS (secure cookies, HSTS, redirect).",
        ),
        Variable(
            "DATELINE_FEED_FULL_TEXT",
            "false",
            "Put each story's full text in the RSS and Atom feeds; otherwise feeds carry the "
            "standfirst and readers follow the link.",
        ),
        Variable(
            "DATELINE_HEADLINE_MAX_LENGTH",
            "100",
            "Headlines longer than this many characters get a warning from the copy desk.",
        ),
        Variable(
            "DATELINE_LOG_LEVEL",
            "INFO",
            "Log level of Dateline's own loggers.",
        ),
    ]
}


def read(name: str) -> str | None:
    """The value of a declared variable, or its default."""
    try:
        variable = VARIABLES[name]
    except KeyError:
        raise ImproperlyConfigured(f"{name} is not a declared Dateline setting") from None
    return os.environ.get(name, variable.default)


def read_bool(name: str) -> bool:
    value = (read(name) or "").strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def read_int(name: str) -> int:
    value = (read(name) or "").strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def read_list(name: str) -> list[str]:
    return [item.strip() for item in (read(name) or "").split(",") if item.strip()]


def data_dir() -> Path:
    return Path(read("DATELINE_DATA_DIR")).expanduser().resolve()

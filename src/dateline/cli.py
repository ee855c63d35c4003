"""The `dateline` command: Django's command runner with Dateline's settings."""

import os
import sys

# `demo` runs a complete newsroom with nothing configured; every other command is production
# unless DJANGO_SETTINGS_MODULE says otherwise, so a forgotten variable fails loudly.
DEMO_COMMANDS = {"demo"}


def default_settings_module(argv: list[str]) -> str:
    command = argv[1] if len(argv) > 1 else ""
    if command in DEMO_COMMANDS:
        return "dateline.settings.demo"
    return "dateline.settings.production"


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "dateline"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings_module(argv))
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        # A missing setting is the operator's to fix: say what, without a traceback.
        sys.stderr.write(f"dateline: {error}\n")
        raise SystemExit(2) from None

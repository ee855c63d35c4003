"""Production settings pass Django's deployment checks with no warning, and their cookies are
secure, HTTP-only where scripts have no business reading them, and same-site."""

import json
import os
import secrets

import pytest

from tests.conftest import dateline_command

pytestmark = pytest.mark.database_independent

COOKIE_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({name: getattr(settings, name) for name in (
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE", "CSRF_COOKIE_SAMESITE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "DEBUG")}))
"""


@pytest.fixture
def production(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dateline.settings.production",
           "DATELINE_DATA_DIR": str(tmp_path), "DATELINE_SECRET_KEY": secrets.token_urlsafe(50),
           "DATELINE_ALLOWED_HOSTS": "news.example.org"}
    for name in ("DATABASE_URL", "DATELINE_SECURE", "DATELINE_DEBUG"):
        env.pop(name, None)
    return env


def test_check_deploy_finds_nothing_to_warn_about(production, report_figure):
    # Django's security checks; Dateline's own (a worker running, migrations, e-mail, …) need
    # a running site and are tested in tests/server/test_checks.py.
    checked = dateline_command("check", "--deploy", "--tag", "security", "--fail-level",
                               "WARNING", env=production, timeout=300)
    output = checked.stdout + checked.stderr
    assert checked.returncode == 0, output
    assert "System check identified no issues" in output
    report_figure("check --deploy warnings, production settings", "0")


def test_plain_http_production_is_warned_about(production):
    # The same check fails when the HTTPS protections are off, so the pass above means something.
    checked = dateline_command("check", "--deploy", "--tag", "security", "--fail-level",
                               "WARNING", env={**production, "DATELINE_SECURE": "false"},
                               timeout=300)
    assert checked.returncode != 0
    assert "security.W012" in checked.stderr  # SESSION_COOKIE_SECURE


def test_production_cookies_are_secure_http_only_and_same_site(production):
    shown = dateline_command("shell", "-c", COOKIE_SETTINGS, env=production, timeout=300)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout.strip().splitlines()[-1]) == {
        "SESSION_COOKIE_SECURE": True, "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax", "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_SAMESITE": "Lax", "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000, "DEBUG": False,
    }

"""An operator's mistake in DATELINE_EMAIL_URL stops `dateline` with one sentence."""

import os

import pytest

from tests.conftest import dateline_command

pytestmark = pytest.mark.database_independent


def test_a_malformed_mail_url_stops_dateline_with_a_sentence_not_a_traceback(tmp_path):
    env = {**os.environ, "DATELINE_DATA_DIR": str(tmp_path), "DATELINE_SECRET_KEY": "k" * 50,
           "DATELINE_ALLOWED_HOSTS": "news.example.org",
           "DATELINE_EMAIL_URL": "smtp://desk:hunter2@mail.example.org:port",
           "DJANGO_SETTINGS_MODULE": "dateline.settings.production"}
    env.pop("DATABASE_URL", None)
    result = dateline_command("check", env=env, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("dateline: DATELINE_EMAIL_URL 'smtp://desk:***@")
    assert "Traceback" not in result.stderr
    assert "hunter2" not in result.stderr

"""PostgreSQL's driver, the Redis client and S3 storage are extras of the package: the embedded
default starts without them, and a setting that asks for a missing one stops the start naming
the extra to install. A missing package is simulated with ``sys.modules[name] = None``, which
makes its import fail as it does when it is not installed."""

import os
import subprocess
import sys

import dj_database_url
import pytest

from dateline.settings import engines
from tests.server.conftest import PRODUCTION

EXTRA_PACKAGES = ("psycopg", "redis", "storages", "boto3")


def dateline_without(packages, *args, env, tmp_path):
    """`dateline ARGS` in production settings, in a process where ``packages`` cannot be
    imported."""
    hide = "".join(f"sys.modules[{name!r}] = None; " for name in packages)
    code = f"import sys; {hide}from dateline.cli import main; main(['dateline', *sys.argv[1:]])"
    environment = {key: value for key, value in os.environ.items()
                   if key not in {"DATABASE_URL", "REDIS_URL", "DATELINE_S3_BUCKET"}}
    environment.update(PRODUCTION, DATELINE_DATA_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, "-c", code, *args], env=environment,
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_embedded_default_starts_without_any_extra(tmp_path):
    result = dateline_without(EXTRA_PACKAGES, "check", env={}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_postgres_database_url_without_psycopg_names_the_extra(tmp_path):
    result = dateline_without(
        ["psycopg"], "check", env={"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x"},
        tmp_path=tmp_path,
    )
    assert result.returncode == 2
    assert "DATABASE_URL (PostgreSQL) needs the psycopg package" in result.stderr
    assert "pip install 'dateline[postgres]'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def missing(monkeypatch):
    def hide(name):
        monkeypatch.setitem(sys.modules, name, None)

    return hide


def test_redis_url_without_the_redis_client_names_the_extra(monkeypatch, missing):
    missing("redis")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    with pytest.raises(engines.MissingExtra, match=r"REDIS_URL needs the redis package.*"
                                                   r"pip install 'dateline\[redis\]'"):
        engines.caches()


@pytest.mark.parametrize("package", ["storages", "boto3"])
def test_an_s3_bucket_without_its_storage_names_the_extra(monkeypatch, missing, package):
    missing(package)
    monkeypatch.setenv("DATELINE_S3_BUCKET", "dateline-media")
    with pytest.raises(engines.MissingExtra, match=rf"DATELINE_S3_BUCKET needs the {package} "
                                                   r"package.*pip install 'dateline\[s3\]'"):
        engines.media_storage()


def test_a_postgres_database_without_psycopg_names_the_extra(missing):
    missing("psycopg")
    database = dj_database_url.parse("postgres://postgres@127.0.0.1:5432/dateline")
    with pytest.raises(engines.MissingExtra, match=r"pip install 'dateline\[postgres\]'"):
        engines.require_database_driver(database)


def test_sqlite_needs_no_extra(missing):
    for name in EXTRA_PACKAGES:
        missing(name)
    engines.require_database_driver(dj_database_url.parse("sqlite:////tmp/dateline.sqlite3"))


def test_installed_extras_pass(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("DATELINE_S3_BUCKET", "dateline-media")
    assert engines.caches()["default"]["LOCATION"] == "redis://127.0.0.1:6379/0"
    assert engines.media_storage()[0]["OPTIONS"]["bucket_name"] == "dateline-media"
    engines.require_database_driver(dj_database_url.parse("postgres://127.0.0.1/dateline"))

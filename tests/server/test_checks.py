"""`dateline check --deploy`: each of Dateline's checks fires on the fault it names, with real
parts (a folder the system refuses writes to, a port where no Redis answers, a database with
migrations not applied, a real worker's heartbeat), and stays quiet without it."""

import contextlib
import os
import shutil
import subprocess
import sys
import time

import pytest

from django.core.checks import run_checks

from wagtail.models import Site

from dateline.server import heartbeat, public_address
from tests.conftest import REPOSITORY, dateline_command, free_port
from tests.server.conftest import PRODUCTION

GOOD_KEY = PRODUCTION["DATELINE_SECRET_KEY"]
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def dateline_ids(**kwargs):
    return sorted({message.id for message in
                   run_checks(include_deployment_checks=True, tags=["dateline"], **kwargs)})


@pytest.fixture
def configured(settings, tmp_path):
    """A configuration with nothing to report but what each test breaks: a key, hosts, an
    https public address, e-mail, a writable media folder, no Redis, a worker beating now."""
    settings.SECRET_KEY = GOOD_KEY
    settings.ALLOWED_HOSTS = ["news.example.org"]
    settings.PUBLIC_ADDRESS = public_address.parse("https://news.example.org")
    settings.SECURE_SSL_REDIRECT = True
    settings.EMAIL_BACKEND = SMTP
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path
    settings.REDIS_URL = None
    heartbeat.beat()
    return settings


@pytest.fixture
def matching_site(configured, newsroom):
    public_address.apply(configured.PUBLIC_ADDRESS)
    return newsroom


def test_a_configured_site_passes_every_dateline_check(matching_site):
    assert dateline_ids() == []


@pytest.mark.parametrize("key", [
    "dateline-test-key", "dateline-development-only-key-never-use-in-production",
    "django-insecure-" + "k" * 50, "short-key", "a" * 60,
])
def test_a_published_or_weak_secret_key_is_an_error(matching_site, settings, key):
    settings.SECRET_KEY = key
    messages = run_checks(include_deployment_checks=True, tags=["dateline"])
    assert [(m.id, m.is_serious()) for m in messages] == [("dateline.E001", True)]
    assert "DATELINE_SECRET_KEY" in messages[0].hint


def test_no_allowed_hosts_is_an_error_and_any_host_a_warning(matching_site, settings):
    settings.ALLOWED_HOSTS = []
    assert "dateline.E002" in dateline_ids()
    settings.ALLOWED_HOSTS = ["*"]
    assert dateline_ids() == ["dateline.W003"]


def test_an_unset_public_address_is_an_error(matching_site, settings):
    settings.PUBLIC_ADDRESS = None
    assert dateline_ids() == ["dateline.E010"]


def test_a_public_address_the_allowed_hosts_refuse_is_an_error(matching_site, settings):
    settings.ALLOWED_HOSTS = ["www.example.org"]
    assert dateline_ids() == ["dateline.E011"]
    settings.ALLOWED_HOSTS = [".example.org"]  # a domain and its subdomains
    assert dateline_ids() == []


def test_a_public_address_on_this_machine_is_an_error(configured, newsroom, settings):
    settings.PUBLIC_ADDRESS = public_address.parse("http://127.0.0.1:8000")
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    public_address.apply(settings.PUBLIC_ADDRESS)
    assert dateline_ids() == ["dateline.E012"]


def test_a_plain_http_public_address_is_an_error_when_the_site_redirects_to_https(
        configured, newsroom, settings):
    settings.PUBLIC_ADDRESS = public_address.parse("http://news.example.org")
    public_address.apply(settings.PUBLIC_ADDRESS)
    assert dateline_ids() == ["dateline.E013"]
    settings.SECURE_SSL_REDIRECT = False
    assert dateline_ids() == ["dateline.W013"]


def test_a_default_site_record_not_at_the_public_address_is_a_warning(configured, newsroom):
    # The newsroom's record says http://localhost.
    messages = run_checks(include_deployment_checks=True, tags=["dateline"])
    assert [m.id for m in messages] == ["dateline.W014"]
    assert "http://localhost" in messages[0].msg and "Restart" in messages[0].hint


def test_a_second_site_at_a_host_not_allowed_is_an_error(matching_site, settings):
    Site.objects.create(hostname="opinion.example.org", port=443,
                        root_page=matching_site.other_section, site_name="Opinion")
    assert dateline_ids() == ["dateline.E015"]
    settings.ALLOWED_HOSTS = ["news.example.org", "opinion.example.org"]
    assert dateline_ids() == []


def test_a_front_page_with_no_edition_in_the_default_language_is_an_error(matching_site,
                                                                         default_language):
    default_language("fa")
    messages = run_checks(include_deployment_checks=True, tags=["dateline"])
    assert [(m.id, m.is_serious()) for m in messages] == [("dateline.E016", True)]
    assert "English (en)" in messages[0].msg and "/en/" in messages[0].msg
    assert messages[0].hint.startswith("Set DATELINE_LANGUAGE_CODE=en ")


def test_a_site_with_an_edition_in_the_default_language_passes(matching_site, editions,
                                                              default_language):
    default_language("fa")
    assert dateline_ids() == []


def test_mail_not_configured_is_a_warning(matching_site, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    messages = run_checks(include_deployment_checks=True, tags=["dateline"])
    assert [(m.id, m.is_serious()) for m in messages] == [("dateline.W020", False)]
    assert "DATELINE_EMAIL_URL" in messages[0].hint


def test_a_worker_silent_for_more_than_a_minute_is_an_error(matching_site, settings):
    beat_file = settings.DATA_DIR / heartbeat.FILE_NAME
    two_minutes_ago = time.time() - 120
    os.utime(beat_file, (two_minutes_ago, two_minutes_ago))
    messages = run_checks(include_deployment_checks=True, tags=["dateline"])
    assert [m.id for m in messages] == ["dateline.E030"]
    assert "last ran 12" in messages[0].msg
    beat_file.unlink()
    assert "has never run" in run_checks(include_deployment_checks=True,
                                         tags=["dateline"])[0].msg


def test_on_redis_the_heartbeat_is_shared_by_every_machine(matching_site, settings,
                                                           redis_prefix):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    settings.CACHE_KEY_PREFIX = redis_prefix
    assert dateline_ids() == ["dateline.E030"]  # the file beat does not count on Redis
    heartbeat.beat()
    assert dateline_ids() == []


@contextlib.contextmanager
def refusing_writes(folder):
    """``folder``, which the system refuses to write into: by its mode, or for root (whom
    modes do not stop) by the immutable attribute."""
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        undo = ["chmod", "755", str(folder)]
    else:
        if shutil.which("chattr") is None or subprocess.run(
                ["chattr", "+i", str(folder)], capture_output=True, check=False).returncode:
            pytest.skip("running as root on a file system without chattr +i")
        undo = ["chattr", "-i", str(folder)]
    try:
        yield folder
    finally:
        subprocess.run(undo, check=True)


def test_a_media_folder_that_refuses_writes_is_an_error(matching_site, settings, tmp_path):
    with refusing_writes(tmp_path / "locked") as folder:
        settings.MEDIA_ROOT = folder
        messages = run_checks(include_deployment_checks=True, tags=["dateline"])
    assert [m.id for m in messages] == ["dateline.E040"]
    assert str(folder) in messages[0].msg
    assert list(folder.iterdir()) == []


def test_a_media_folder_path_through_a_file_is_an_error(matching_site, settings, tmp_path):
    (tmp_path / "a-file").write_text("")
    settings.MEDIA_ROOT = tmp_path / "a-file" / "media"
    assert dateline_ids() == ["dateline.E040"]


def test_redis_that_does_not_answer_is_an_error_that_hides_its_password(matching_site,
                                                                        settings):
    settings.REDIS_URL = f"redis://:hunter2@127.0.0.1:{free_port()}/0"
    messages = run_checks(include_deployment_checks=True, tags=["dateline"])
    assert [m.id for m in messages] == ["dateline.E050"]
    assert "hunter2" not in messages[0].msg and ":***@127.0.0.1" in messages[0].msg


def test_redis_that_answers_passes(matching_site, settings, redis_prefix):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    settings.CACHE_KEY_PREFIX = redis_prefix
    heartbeat.beat()
    assert dateline_ids() == []


def check_deploy(env):
    return dateline_command("check", "--deploy", env=env, cwd=REPOSITORY, timeout=300)


@pytest.fixture
def production_folder(tmp_path, migrated_sqlite_file):
    """A production configuration on a migrated SQLite database of its own."""
    shutil.copyfile(migrated_sqlite_file, tmp_path / "dateline.sqlite3")
    env = {**os.environ, **PRODUCTION, "DATELINE_DATA_DIR": str(tmp_path),
           "DATELINE_BASE_URL": "https://news.example.org"}
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    return env


def test_unapplied_migrations_are_an_error_naming_them(production_folder):
    rolled_back = dateline_command("migrate", "wagtailredirects", "zero", "-v0",
                                   env=production_folder, cwd=REPOSITORY, timeout=300)
    assert rolled_back.returncode == 0, rolled_back.stderr

    result = check_deploy(production_folder)

    assert result.returncode == 1
    assert "(dateline.E060)" in result.stderr
    assert "wagtailredirects.0001_initial" in result.stderr
    assert "Run `dateline migrate`" in result.stderr


def test_check_deploy_exits_non_zero_until_a_worker_runs_then_passes(production_folder,
                                                                     tmp_path):
    before = check_deploy(production_folder)
    assert before.returncode == 1
    assert "(dateline.E030)" in before.stderr and "never run here" in before.stderr
    assert "(dateline.E060)" not in before.stderr

    worker = subprocess.Popen([sys.executable, "-m", "dateline", "worker"], env=production_folder,
                              cwd=REPOSITORY, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_for(tmp_path / heartbeat.FILE_NAME, worker)
        after = check_deploy(production_folder)
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    assert after.returncode == 0, after.stderr
    # Advice stays: e-mail, and the new database's site record not yet at the address.
    assert "(dateline.W020)" in after.stderr and "(dateline.W014)" in after.stderr
    assert "(dateline.E" not in after.stderr + after.stdout


def wait_for(path, process, timeout=120):
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, "the worker exited"
        assert time.monotonic() < deadline, f"no heartbeat at {path}"
        time.sleep(0.2)

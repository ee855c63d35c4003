import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import dateline_command, free_port, wait_until_serving


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.mark.parametrize(
    "path", ["/", "/iran-news/", "/authors/", "/topics/", "/about/", "/contact/",
             "/on-this-day/", "/on-this-day/2/29/", "/admin/login/"],
)
def test_dateline_serve_answers_over_http(live_demo, path):
    status, headers, body = fetch(live_demo + path)
    assert status == 200
    assert "</html>" in body


def test_static_files_are_served_compressed_and_versioned(live_demo):
    _status, _headers, body = fetch(live_demo + "/")
    css_path = body.split('rel="stylesheet" href="')[1].split('"')[0]
    assert css_path.startswith("/static/dateline/css/site.") and css_path.endswith(".css")
    request = urllib.request.Request(live_demo + css_path, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert "max-age" in response.headers["Cache-Control"]


def test_errors_are_styled_pages_not_tracebacks(live_demo):
    status, _headers, body = fetch(live_demo + "/no-such-story/")
    assert status == 404
    assert "We could not find that page" in body
    assert "Traceback" not in body
    status, _headers, body = fetch(live_demo + "/iran-news/?page=%ff%fe")
    assert status == 200


def test_rerunning_the_demo_keeps_existing_data(demo_environment):
    first = demo_environment["first_run"].stdout
    assert "Created the admin account" in first
    assert "Loaded the demo newsroom" in first
    second = dateline_command("demo", "--no-serve", env=demo_environment["env"], timeout=600)
    assert second.returncode == 0, second.stderr
    assert "nothing loaded" in second.stdout
    assert "Admin account kept" in second.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DATELINE_DATA_DIR": str(tmp_path)}
    result = dateline_command("check", env=env, timeout=120)
    assert result.returncode != 0
    assert "DATELINE_SECRET_KEY is not set" in result.stderr


SCALED_OUT = {
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DATELINE_S3_BUCKET": "dateline-media",
    "DATELINE_S3_REGION": "eu-west-1",
    "DATELINE_S3_CUSTOM_DOMAIN": "media.example.org",
    "DATELINE_CDN_PURGE": "cloudflare",
    "DATELINE_CDN_CLOUDFLARE_ZONE_ID": "zone-0123",
    "DATELINE_CDN_CLOUDFLARE_TOKEN": "token-4567",
}


@pytest.mark.parametrize("engines", [{}, SCALED_OUT], ids=["one machine", "scaled out"])
def test_production_settings_pass_the_deployment_checklist(tmp_path, engines):
    env = {
        "PATH": "/usr/bin:/bin",
        "DATELINE_DATA_DIR": str(tmp_path),
        "DATELINE_SECRET_KEY": "a-long-random-production-key-" + "x7Qp2" * 10,
        "DATELINE_ALLOWED_HOSTS": "news.example.org",
        **engines,
    }
    # Django's own deployment checklist; the operator's checks (tag ``dateline``), which need a
    # migrated database and a running worker, are tests/server/test_checks.py's.
    result = dateline_command("check", "--deploy", "--tag", "security", "--fail-level",
                              "WARNING", env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def child_processes(pid):
    """Every child of the process, whichever of its threads started it."""
    children = [child for task in Path(f"/proc/{pid}/task").iterdir()
                for child in (task / "children").read_text().split()]
    return {
        child: Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        for child in children
    }


@contextlib.contextmanager
def running_demo(env):
    """`dateline demo` serving on a free port; yields the process and its worker's pid."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "dateline", "demo", "--port", str(port), "--workers", "1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/", process)
        deadline = time.monotonic() + 10
        while not (workers := demo_workers(process)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(workers) == 1
        yield process, f"http://127.0.0.1:{port}", workers[0]
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=30)


def wait_until_gone(pid, timeout=20):
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    return not Path(f"/proc/{pid}").exists()


def test_demo_serves_the_site_with_the_background_worker_running(demo_environment):
    with running_demo(demo_environment["env"]) as (process, base_url, worker):
        status, _headers, body = fetch(base_url + "/")
        assert status == 200 and "The Caspian Ledger" in body
        process.terminate()
    assert process.returncode == 0
    assert wait_until_gone(worker), "the worker outlived the demo"


def test_the_demo_database_uses_the_write_ahead_log(demo_environment):
    import sqlite3

    database = demo_environment["data_dir"] / "dateline.sqlite3"
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def demo_workers(process):
    return [pid for pid, command in child_processes(process.pid).items()
            if "dateline worker" in command]


def test_the_demo_starts_its_worker_again_when_it_dies(demo_environment):
    with running_demo(demo_environment["env"]) as (process, _base_url, worker):
        os.kill(int(worker), signal.SIGKILL)
        deadline = time.monotonic() + 30
        while demo_workers(process) in ([], [worker]) and time.monotonic() < deadline:
            time.sleep(0.2)
        restarted = demo_workers(process)
        assert len(restarted) == 1 and restarted != [worker], "the killed worker stayed dead"


def test_the_worker_stops_when_the_demo_is_killed(demo_environment):
    with running_demo(demo_environment["env"]) as (process, _base_url, worker):
        process.kill()
    assert wait_until_gone(worker), "the worker outlived a killed demo"

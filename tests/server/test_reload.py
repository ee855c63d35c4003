"""`dateline serve` reloads on SIGHUP without dropping a request, and logs each request when
asked to."""

import concurrent.futures
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port, wait_until_serving

pytestmark = pytest.mark.slow


def workers_of(process):
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    return set(children)


def fetch_status(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return repr(error)


def test_sighup_replaces_the_workers_while_every_request_is_answered(demo_environment,
                                                                   tmp_path):
    port = free_port()
    # A file, not a pipe: the access log of thousands of requests would fill a pipe and block
    # the server.
    log = tmp_path / "serve.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--port", str(port), "--workers", "1",
         "--access-log"],
        env={**demo_environment["env"], "DATELINE_PAGE_CACHE": "off"},
        stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url + "/", server)
        before = workers_of(server)
        stop = threading.Event()
        statuses = []

        def keep_reading():
            while not stop.is_set():
                statuses.append(fetch_status(base_url + "/"))

        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            readers = [pool.submit(keep_reading) for _ in range(4)]
            try:
                time.sleep(1)
                os.kill(server.pid, signal.SIGHUP)
                deadline = time.monotonic() + 120
                # The supervisor's helper process stays; the worker is replaced.
                while not (workers_of(server) - before and before - workers_of(server)):
                    assert time.monotonic() < deadline, "the worker was not replaced"
                    time.sleep(0.2)
                time.sleep(1)
            finally:
                stop.set()
            for reader in readers:
                reader.result()
        assert statuses and set(statuses) == {200}, set(statuses)
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert '"GET / HTTP/1.1" 200' in log.read_text()

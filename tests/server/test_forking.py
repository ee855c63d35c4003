"""`dateline serve` forks its workers from a supervisor that has loaded the site, so that they
share its memory instead of each loading its own copy."""

import ast
import inspect
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import uvicorn
from uvicorn.supervisors import multiprocess

from dateline.server.forking import ForkedWorker, ForkingMultiprocess
from tests.conftest import free_port, wait_until_serving


def test_dateline_overrides_every_uvicorn_method_that_starts_a_worker():
    # uvicorn starts its workers with "spawn" wherever its supervisor makes a Process; an
    # upgrade that adds such a place would start unshared workers there.
    supervisor = ast.parse(textwrap.dedent(inspect.getsource(multiprocess.Multiprocess)))
    starting = {
        method.name for method in supervisor.body[0].body
        if isinstance(method, ast.FunctionDef) and any(
            isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Process"
            for node in ast.walk(method))
    }
    assert starting
    assert starting <= set(vars(ForkingMultiprocess))


def test_a_worker_is_forked_not_spawned():
    worker = ForkedWorker(uvicorn.Config("dateline.asgi:application"), sockets=[])
    assert worker.process._start_method == "fork"


def shared_megabytes(pid):
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    return int(re.search(r"^Shared_Dirty:\s+(\d+) kB", rollup, re.MULTILINE).group(1)) / 1024


@pytest.mark.slow
def test_the_worker_shares_the_supervisors_loaded_site(demo_environment):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--port", str(port), "--workers", "1"],
        env=demo_environment["env"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/", server)
        [worker] = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        # Memory written by the supervisor before the fork (Django, Wagtail, the URL patterns)
        # and still shared: a spawned worker shares none of its heap.
        assert shared_megabytes(worker) > 30
    finally:
        server.terminate()
        server.wait(timeout=60)

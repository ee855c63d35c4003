import subprocess
import sys
import uuid

import pytest
import redis

from tests.conftest import REPOSITORY

REDIS_URL = "redis://127.0.0.1:6379/0"
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "dateline.settings.production",
    "DATELINE_SECRET_KEY": "a-long-random-production-key-" + "x7Qp2" * 10,
    "DATELINE_ALLOWED_HOSTS": "news.example.org",
}


@pytest.fixture
def redis_prefix():
    """A key prefix of the test's own, and none of its keys left behind."""
    prefix = f"dateline-test-{uuid.uuid4().hex}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def scene(call, env):
    """Starts ``tests.server.scenes.<call>`` in a `dateline shell` with ``env``."""
    return subprocess.Popen(
        [sys.executable, "-m", "dateline", "shell", "--no-imports", "-c",
         f"import tests.server.scenes as m; m.{call}"],
        env=env, cwd=REPOSITORY, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def finished(process, timeout=180):
    """The scene's output, once it has ended well."""
    stdout, stderr = process.communicate(timeout=timeout)
    assert process.returncode == 0, stderr
    return stdout

import subprocess
import sys

from tests.conftest import REPOSITORY

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "dateline.settings.production",
    "DATELINE_SECRET_KEY": "a-long-random-production-key-" + "x7Qp2" * 10,
    "DATELINE_ALLOWED_HOSTS": "news.example.org",
}


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

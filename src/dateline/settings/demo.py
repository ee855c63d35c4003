"""`dateline demo`: production behaviour on one laptop, its key generated into the data folder."""

import secrets

from dateline.settings.base import *  # noqa: F403
from dateline.settings.base import ALLOWED_HOSTS, DATA_DIR, PUBLIC_ADDRESS, SECRET_KEY


def _demo_secret_key():
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = False
SECRET_KEY = SECRET_KEY or _demo_secret_key()
# Local addresses always work; DATELINE_ALLOWED_HOSTS adds names, e.g. to show the demo on a LAN.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *ALLOWED_HOSTS]
# The demo answers at the address it names (production leaves that to `dateline check`).
if PUBLIC_ADDRESS and PUBLIC_ADDRESS.hostname not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(PUBLIC_ADDRESS.hostname)

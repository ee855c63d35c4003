"""The uvicorn configuration `dateline serve` builds, loaded as each of its workers loads it."""

import json
import os
import subprocess
import sys

LOAD_AS_A_WORKER = """
import json, sys
import django
django.setup()
from dateline.server.management.commands.serve import Command
config = Command().uvicorn_config("127.0.0.1", 8000, workers=2, access_log=False)
config.ws = sys.argv[1]
config.load()
print(json.dumps({
    "ws_protocol": repr(config.ws_protocol_class),
    "http_protocol": config.http_protocol_class.__module__,
    "loaded": sorted({name.split(".")[0] for name in sys.modules} & {"websockets", "wsproto"}),
}))
"""


def load_in_a_fresh_process(ws):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dateline.settings.test"}
    result = subprocess.run([sys.executable, "-c", LOAD_AS_A_WORKER, ws], env=env,
                            capture_output=True, text=True, timeout=120, check=True)
    return json.loads(result.stdout.splitlines()[-1])


def test_a_served_worker_never_imports_a_websocket_library():
    from dateline.server.management.commands.serve import Command

    ws = Command().uvicorn_config("127.0.0.1", 8000, workers=2, access_log=False).ws
    loaded = load_in_a_fresh_process(ws)
    assert loaded["ws_protocol"] == "None"
    assert loaded["http_protocol"] == "uvicorn.protocols.http.httptools_impl"
    assert loaded["loaded"] == []


def test_uvicorns_default_would_import_one():
    # What the test above guards against, where a WebSocket library is installed at all.
    loaded = load_in_a_fresh_process("auto")
    assert loaded["loaded"] or loaded["ws_protocol"] == "None"

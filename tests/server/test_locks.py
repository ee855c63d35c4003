"""Two `dateline` processes contending for a lock: one holds it at a time, in Redis, in
PostgreSQL (advisory lock) or, on SQLite, in a file in the data folder."""

import fcntl
import json
import signal
import time

import pytest

from django.db import connection

from dateline.locks import exclusive
from tests.conftest import REDIS_URL
from tests.server.conftest import finished, scene


@pytest.fixture(params=["redis", "database"])
def lock_env(request, shared_database, redis_prefix):
    """The environment of processes locking in Redis, or beside the database: PostgreSQL when
    the suite runs on it, else the data folder."""
    env = {**shared_database.env, "DJANGO_SETTINGS_MODULE": "dateline.settings.test"}
    if request.param == "redis":
        env.update(REDIS_URL=REDIS_URL, DATELINE_CACHE_KEY_PREFIX=redis_prefix)
    else:
        env.pop("REDIS_URL", None)
    return request.param, env


def test_two_processes_hold_the_lock_one_at_a_time(lock_env, tmp_path):
    _kind, env = lock_env
    log = tmp_path / "turns" / "log"
    log.parent.mkdir()
    rounds = 8
    processes = [scene(f"take_turns({str(log)!r}, {rounds}, parties=2)", env)
                 for _ in range(2)]
    for process in processes:
        finished(process)

    events = [line.split() for line in log.read_text().splitlines()]
    assert [event for _pid, event in events] == ["in", "out"] * (2 * rounds)
    holders = [pid for pid, _event in events[::2]]
    assert holders == [pid for pid, _event in events[1::2]]
    assert sorted(holders.count(pid) for pid in set(holders)) == [rounds, rounds]
    handovers = sum(before != after for before, after in zip(holders, holders[1:], strict=False))
    assert handovers >= 2, "the processes never waited for each other"


def test_a_held_lock_is_refused_and_passes_on_when_its_holder_is_killed(lock_env, tmp_path):
    kind, env = lock_env
    ready = tmp_path / "held"
    # Long enough for the refused attempt's process to start while the holder lives.
    expiry = 20
    holder = scene(f"hold_until_killed({str(ready)!r}, timeout={expiry})", env)
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert holder.poll() is None, holder.stderr.read()
            assert time.monotonic() < deadline, "the holder never took the lock"
            time.sleep(0.1)
        assert json.loads(finished(scene("try_lock(wait=0)", env))) == {"held": False}
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    assert json.loads(finished(scene(f"try_lock(wait={2 * expiry})", env))) == {"held": True}
    if kind == "redis":
        # A dead machine cannot release a Redis lock: it passes on when it expires.
        assert time.time() - float(ready.read_text()) >= expiry - 1


@pytest.mark.django_db
def test_without_redis_the_lock_is_taken_beside_the_database(settings):
    settings.REDIS_URL = None
    with exclusive("contended", timeout=30) as held:
        assert held
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_locks JOIN pg_database ON database = oid "
                    "WHERE locktype = 'advisory' AND granted AND datname = current_database()"
                )
                assert cursor.fetchone()[0] == 1
        else:
            with open(settings.DATA_DIR / "locks" / "contended.lock") as lock_file:
                with pytest.raises(BlockingIOError):
                    fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_a_lock_name_must_be_safe_as_a_file_name():
    with pytest.raises(ValueError, match="lowercase letters"), exclusive("../etc", 30):
        pass

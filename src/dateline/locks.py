"""Locks that keep two processes, on one machine or several, from doing the same work at once.

The lock lives where every process that might contend can see it: in Redis when ``REDIS_URL``
is set (several machines), else in PostgreSQL as an advisory lock, else, on SQLite, as a file
lock in the data folder (one machine). The database and file locks die with their holder;
a Redis lock outlives a machine that dies, so it expires after ``timeout`` seconds.
"""

import contextlib
import fcntl
import functools
import hashlib
import logging
import re
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)

NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
POLL_SECONDS = 0.05


@contextlib.contextmanager
def exclusive(name, timeout, *, wait=0):
    """Holds the lock ``name`` for the block, waiting up to ``wait`` seconds for it; yields
    whether it was taken, so the caller skips the work when another process holds it.

    The block should finish within ``timeout`` seconds: a Redis lock held longer expires and
    may be taken by another process.
    """
    if not NAME.fullmatch(name):
        raise ValueError(f"lock names are lowercase letters, digits and hyphens, not {name!r}")
    if settings.REDIS_URL:
        lock = _redis_lock(name, timeout, wait)
    elif connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        lock = _advisory_lock(name, wait)
    else:
        lock = _file_lock(name, wait)
    with lock as held:
        yield held


@functools.cache
def _redis(url):
    # Imported here: the client is an extra (dateline[redis]) that only REDIS_URL needs.
    import redis

    return redis.Redis.from_url(url)


@contextlib.contextmanager
def _redis_lock(name, timeout, wait):
    from redis.exceptions import LockNotOwnedError

    lock = _redis(settings.REDIS_URL).lock(
        f"{settings.CACHE_KEY_PREFIX}:lock:{name}", timeout=timeout, sleep=POLL_SECONDS,
        blocking=wait > 0, blocking_timeout=wait,
    )
    held = lock.acquire()
    try:
        yield held
    finally:
        if held:
            try:
                lock.release()
            except LockNotOwnedError:
                logger.warning("The lock %r expired before its work ended (after %s s); "
                               "another process may have done the same work", name, timeout)


@contextlib.contextmanager
def _advisory_lock(name, wait):
    key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), signed=True)
    # A connection of its own: the work may close or break the thread's connection, which
    # would silently drop a session lock taken on it.
    connection = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with connection.cursor() as cursor:

            def attempt():
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
                return cursor.fetchone()[0]

            held = _poll(attempt, wait)
        yield held
    finally:
        # Ending the session releases its advisory locks.
        connection.close()


@contextlib.contextmanager
def _file_lock(name, wait):
    folder = settings.DATA_DIR / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    # flock, not lockf: it also excludes other threads of this process that open the file.
    with open(folder / f"{name}.lock", "a") as handle:

        def attempt():
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        # Closing the file releases the lock.
        yield _poll(attempt, wait)


def _poll(attempt, wait):
    deadline = time.monotonic() + wait
    while not attempt():
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_SECONDS)
    return True

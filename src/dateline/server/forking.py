"""`dateline serve`'s workers, forked from the supervising process once it has loaded Django
and the site, so that they share those memory pages instead of each loading its own copy.

uvicorn starts its workers with multiprocessing's "spawn": each imports everything again
(about 120 MB per worker, a third of it the URL patterns with the admin's views and APIs).
Forked from a process that has imported the application, resolved its URL patterns and found
its hooks, a worker shares all that with the supervisor and the other workers until it writes
to it. The garbage collector is frozen before forking: a collection writes to every object it
visits, which would copy each shared page into the worker that collected it.

A reload (SIGHUP) must run the current code and settings, which a fork of the supervisor would
not: the supervisor checks that the current code loads, then executes itself again in place
(same process id, so systemd and the workers see the same parent), keeping the listening
sockets open; the new image loads, forks its workers, and retires the old ones once the new
ones answer. The old workers serve throughout.
"""

import gc
import logging
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import threading

from uvicorn.supervisors import multiprocess

logger = logging.getLogger("uvicorn.error")
FORK = multiprocessing.get_context("fork")
# Handed from the image that reloads to the one it executes.
SOCKETS_VARIABLE = "DATELINE_SERVE_SOCKETS"
RETIRING_VARIABLE = "DATELINE_SERVE_RETIRING"
LOADS = "import django; django.setup(); import dateline.asgi"


def load_application():
    """Loads, in the supervisor, what every worker needs, then leaves nothing a fork must not
    share: no open database connection or cache client. Returns whether this process runs
    nothing else (no other thread): `dateline demo` serves beside its own helper threads."""
    from django.core.cache import caches
    from django.db import connections
    from django.urls import get_resolver

    from wagtail import hooks

    import dateline.asgi  # noqa: F401 - the application, built once here for every worker

    # The first reverse() resolves every URL pattern (importing the admin's views), and the
    # first page served searches each app for its hooks: done once here instead of per worker.
    get_resolver().reverse_dict  # noqa: B018
    hooks.search_for_hooks()
    connections.close_all()
    for cache in caches.all(initialized_only=True):
        cache.close()
    gc.collect()
    gc.freeze()
    return threading.active_count() == 1


def inherited_sockets():
    """The listening sockets a reloading image handed over, or None on a first start."""
    numbers = os.environ.pop(SOCKETS_VARIABLE, "")
    return [socket.socket(fileno=int(number)) for number in numbers.split(",") if number] or None


class ForkedWorker(multiprocess.Process):
    def __init__(self, config, sockets):
        super().__init__(config, sockets)
        self.process = FORK.Process(target=self.run_forked, args=(sockets,))

    def run_forked(self, sockets):
        # The supervisor's handlers queue signals for its own loop, which a worker has not.
        for number in multiprocess.SIGNALS:
            signal.signal(number, signal.SIG_DFL)
        self.config.configure_logging()
        self.target(sockets)


class ForkingMultiprocess(multiprocess.Multiprocess):
    """uvicorn's supervisor with forked workers; the methods below are every one of uvicorn's
    that starts a worker (tests/server/test_forking.py checks uvicorn has no other).

    ``alone``: nothing else runs in this process, so a reload may execute it again. Otherwise
    (the demo, whose helper threads keep its background worker running) a reload is uvicorn's
    own: each worker replaced by a spawned one, which loads the current code itself."""

    def __init__(self, config, sockets, alone=True):
        super().__init__(config, sockets)
        self.alone = alone

    def start_worker(self):
        worker = ForkedWorker(self.config, self.sockets)
        worker.start()
        return worker

    def init_processes(self):
        for _ in range(self.processes_num):
            self.processes.append(self.start_worker())
        self.retire_previous_workers()

    def retire_previous_workers(self):
        """After a reload: stops the workers of the image this one replaced once the new ones
        answer, and collects them as they finish their requests."""
        retiring = [int(pid) for pid in os.environ.pop(RETIRING_VARIABLE, "").split(",") if pid]
        if not retiring:
            return
        for worker in self.processes:
            if not worker.wait_until_ready(self.config.timeout_worker_healthcheck,
                                           self.should_exit):
                logger.error("The new workers were not ready in time; the old ones [%s] "
                             "keep serving too.", retiring)
                return
        for pid in retiring:
            os.kill(pid, signal.SIGTERM)
        threading.Thread(target=collect, args=(retiring,), daemon=True).start()

    def keep_subprocess_alive(self):
        if self.should_exit.is_set():
            return
        for index, worker in enumerate(self.processes):
            if worker.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            worker.kill()
            worker.join()
            if worker.exitcode == multiprocess.STARTUP_FAILURE:
                logger.error("Child process [%s] failed to start, stopping the parent process.",
                             worker.pid)
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            logger.info("Child process [%s] died", worker.pid)
            self.processes[index] = self.start_worker()

    def handle_ttin(self):
        logger.info("Received SIGTTIN, increasing the number of processes.")
        self.processes_num += 1
        self.processes.append(self.start_worker())

    def restart_all(self):
        """SIGHUP: runs the current code and settings by executing this command again."""
        if not self.alone:
            return super().restart_all()
        try:
            loads = subprocess.run([sys.executable, "-c", LOADS], check=False,
                                   timeout=self.config.timeout_worker_healthcheck).returncode == 0
        except subprocess.TimeoutExpired:
            loads = False
        if not loads:
            logger.error("The current code does not load in time (see above); the workers "
                         "running keep serving, and no reload was made.")
            return
        for listening in self.sockets:
            os.set_inheritable(listening.fileno(), True)
        os.environ[SOCKETS_VARIABLE] = ",".join(str(s.fileno()) for s in self.sockets)
        os.environ[RETIRING_VARIABLE] = ",".join(str(worker.pid) for worker in self.processes)
        # Ignored survives exec: a second SIGHUP while the new image loads must not end it.
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        logging.shutdown()
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])


def collect(pids):
    for pid in pids:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass

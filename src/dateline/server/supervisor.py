"""Keeps a helper process running, as systemd's ``Restart=`` does on a server: `dateline demo`
starts the background worker under one, so that scheduled publishing never stops silently
when the worker dies (killed, out of memory, a fault of its own)."""

import logging
import subprocess
import threading
import time

logger = logging.getLogger(__name__)


class Supervisor(threading.Thread):
    """Starts ``command`` and, whenever it exits, starts it again after a pause.

    The pause doubles, from ``first_pause`` up to ``longest_pause`` seconds, while the process
    keeps exiting within ``steady_seconds`` of its start, so that a process failing at once
    (its database gone) is not restarted in a tight loop; one that ran steadily for longer is
    restarted after the first pause again.
    """

    def __init__(self, command, *, name, first_pause=1.0, longest_pause=30.0,
                 steady_seconds=60.0, **popen_options):
        super().__init__(name=f"supervisor-{name}", daemon=True)
        self.command = command
        self.popen_options = popen_options
        self.first_pause = first_pause
        self.longest_pause = longest_pause
        self.steady_seconds = steady_seconds
        self.process = None
        self.restarts = 0
        self.stopping = threading.Event()
        self.changing = threading.Lock()

    def run(self):
        pause = self.first_pause
        while not self.stopping.is_set():
            with self.changing:
                if self.stopping.is_set():
                    return
                self.process = subprocess.Popen(self.command, **self.popen_options)
            started = time.monotonic()
            code = self.process.wait()
            if self.stopping.is_set():
                return
            if time.monotonic() - started >= self.steady_seconds:
                pause = self.first_pause
            logger.error("%s exited with code %s; starting it again in %.1f s",
                         self.name, code, pause)
            self.stopping.wait(pause)
            pause = min(pause * 2, self.longest_pause)
            self.restarts += 1

    def stop(self, timeout=10):
        """Stops the process (SIGTERM, then SIGKILL after ``timeout`` seconds) for good."""
        with self.changing:
            self.stopping.set()
            process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.join(timeout=timeout)

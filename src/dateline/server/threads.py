"""Django's synchronous work on a few long-lived threads per server process.

Django's ASGI handler runs each request's views and middleware on a thread made for that
request, so every request opened its own database connection (a connection belongs to its
thread) and started a thread: together an eighth of an uncached page's CPU on SQLite. Here
each request borrows one of a fixed set of single-thread executors instead
(``asgiref.sync.ThreadSensitiveContext``), so threads and their connections are reused, and a
server process holds at most ``threads`` connections (``DATELINE_SERVER_THREADS``).

Two threads by default: one request waiting (on PostgreSQL, or on SQLite's write lock) does not
hold up the next, and more only cost memory and CPU. Measured with one worker on 10,000
articles, eight threads took 176 MB instead of 155 on SQLite (each connection keeps a page
cache of its own) and served the same or fewer requests a second (the GIL runs one at a time).
"""

import asyncio
import contextlib
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext


class SyncThreads:
    def __init__(self, app, threads):
        self.app = app
        self.threads = threads
        self.idle = {}  # event loop -> asyncio.LifoQueue of the executors free for its requests
        self.uploading = {}  # event loop -> asyncio.Lock an upload holds while it has a thread

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        async with self.turn_for(scope):
            idle = self.idle_executors()
            executor = await idle.get()
            try:
                async with ThreadSensitiveContext(executor=executor):
                    await self.app(scope, receive, send)
            finally:
                idle.put_nowait(executor)

    def turn_for(self, scope):
        """Uploads (forms posted with files) take a thread one at a time, waiting their turn
        here, on the event loop: ten contributors uploading large pictures at once held every
        thread for the seconds each proof takes, and readers' pages waited behind them."""
        headers = dict(scope.get("headers") or ())
        if (self.threads < 2 or scope.get("method") != "POST"
                or not headers.get(b"content-type", b"").startswith(b"multipart/form-data")):
            return contextlib.nullcontext()
        loop = asyncio.get_running_loop()
        if loop not in self.uploading:
            self.uploading[loop] = asyncio.Lock()
        return self.uploading[loop]

    def idle_executors(self):
        # A queue belongs to the loop it is first used on, and so do its executors, which must
        # each run one request at a time; a server process has one loop. Last in, first out:
        # the thread used last is used next, so a quiet process touches only as many threads,
        # connections and their caches as its requests overlap, not all of them in turn.
        loop = asyncio.get_running_loop()
        idle = self.idle.get(loop)
        if idle is None:
            idle = self.idle[loop] = asyncio.LifoQueue()
            for _ in range(self.threads):
                idle.put_nowait(ThreadPoolExecutor(max_workers=1,
                                                   thread_name_prefix="dateline-sync"))
        return idle

"""Django's synchronous work on a few long-lived threads per server process.

Django's ASGI handler runs each request's views and middleware on a thread made for that
request, so every request opened its own database connection (a connection belongs to its
thread) and started a thread: together an eighth of an uncached page's CPU on SQLite. Here
each request borrows one of a fixed set of single-thread executors instead
(``asgiref.sync.ThreadSensitiveContext``), so threads and their connections are reused, and a
server process holds at most ``threads`` connections (``DATELINE_SERVER_THREADS``: more than
the GIL lets run at once, so a request waiting on PostgreSQL does not hold up the next).
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext


class SyncThreads:
    def __init__(self, app, threads):
        self.app = app
        self.threads = threads
        self.idle = {}  # event loop -> asyncio.Queue of the executors free for its requests

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        idle = self.idle_executors()
        executor = await idle.get()
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.app(scope, receive, send)
        finally:
            idle.put_nowait(executor)

    def idle_executors(self):
        # A queue belongs to the loop it is first used on, and so do its executors, which must
        # each run one request at a time; a server process has one loop.
        loop = asyncio.get_running_loop()
        idle = self.idle.get(loop)
        if idle is None:
            idle = self.idle[loop] = asyncio.Queue()
            for _ in range(self.threads):
                idle.put_nowait(ThreadPoolExecutor(max_workers=1,
                                                   thread_name_prefix="dateline-sync"))
        return idle

"""The ASGI lifespan protocol, answered in front of Django (which refuses it), so that what a
worker process keeps in memory is written out before it ends: uvicorn ends its workers by
raising SIGTERM again after a graceful shutdown, so no ``atexit`` handler runs there."""


class Lifespan:
    """Passes every other connection to ``app``; at shutdown awaits each of ``on_shutdown``."""

    def __init__(self, app, on_shutdown=()):
        self.app = app
        self.on_shutdown = list(on_shutdown)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "lifespan":
            return await self.app(scope, receive, send)
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                for ending in self.on_shutdown:
                    await ending()
                await send({"type": "lifespan.shutdown.complete"})
                return

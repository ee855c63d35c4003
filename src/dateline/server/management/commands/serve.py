import os

import uvicorn

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from dateline.server import forking, public_address
from dateline.server.static_files import ensure_collected


class Command(BaseCommand):
    help = (
        "Serve the site and admin with uvicorn (uvloop event loop, httptools parser): a "
        "production server, not Django's runserver. Put a TLS-terminating proxy in front. "
        "SIGHUP reloads gracefully: the new workers run the current code and settings and "
        "answer before the old ones finish their requests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1,
            help="Worker processes (default: one per CPU core).",
        )
        parser.add_argument(
            "--access-log", action="store_true", help="Log every request to standard output."
        )

    def handle(self, *args, host, port, workers, access_log, **options):
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if not 0 < port < 65536:
            raise CommandError("--port must be between 1 and 65535.")
        ensure_collected(self.stdout)
        address = self.point_default_site(host, port)
        self.stdout.write(
            self.style.SUCCESS(f"Dateline is serving on http://{host}:{port}/ ({workers} workers)")
        )
        if address is not None:
            self.stdout.write(f"Links name the site's public address: {address}/")
        config = self.uvicorn_config(host, port, workers, access_log)
        sockets = forking.inherited_sockets() or [config.bind_socket()]
        alone = forking.load_application()
        # The supervisor even for one worker: it is what replaces workers on SIGHUP.
        forking.ForkingMultiprocess(config, sockets=sockets, alone=alone).run()

    def point_default_site(self, host, port):
        """The default site's record follows DATELINE_BASE_URL (or, on a new or demo database,
        the address served), and the workers' settings follow the record, so that every link
        and e-mail names one address (dateline.server.public_address)."""
        try:
            address = public_address.point_default_site(settings.PUBLIC_ADDRESS, host, port)
        except DatabaseError as error:
            self.stderr.write(f"The site's address was not read ({error}); run `dateline "
                              "migrate`, then start again.")
            return None
        if address is not None:
            os.environ["DATELINE_BASE_URL"] = address.root_url
        return address

    def uvicorn_config(self, host, port, workers, access_log):
        return uvicorn.Config(
            "dateline.asgi:application",
            host=host,
            port=port,
            workers=workers,
            loop="uvloop",
            http="httptools",
            # Dateline answers no WebSocket: without this, each worker imports the websockets
            # library (uvicorn's "auto") for handshakes that the application would refuse.
            ws="none",
            # Answered by dateline.server.lifespan: at shutdown, counted reads are written.
            lifespan="on",
            access_log=access_log,
            proxy_headers=True,
            timeout_graceful_shutdown=30,
            # A new worker loads Django and the site before answering; on a busy machine
            # that takes longer than uvicorn's 5 s, and the reload would be abandoned.
            timeout_worker_healthcheck=60,
            # uvicorn's access lines are INFO messages.
            log_level="info" if access_log else "warning",
        )

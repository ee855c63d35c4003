import ctypes
import os
import secrets
import signal
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from dateline.server import public_address
from dateline.server.supervisor import Supervisor

ADMIN_USERNAME = "admin"


def stop_on_signal(signum, frame):
    raise SystemExit(0)


def stop_with_parent():
    """Linux: the worker gets SIGTERM when the demo process dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Command(BaseCommand):
    help = (
        "Run the demo newsroom on this machine: create the data folder and SQLite database, "
        "migrate, load the demo content if the database is empty, create an admin account, "
        "then serve the site with the background worker. Re-running keeps existing data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument("--workers", type=int, default=2, help="Web worker processes.")
        parser.add_argument(
            "--no-serve", action="store_true",
            help="Prepare the data folder and database, then exit without serving.",
        )

    def handle(self, *args, host, port, workers, no_serve, **options):
        self.create_data_dir()
        self.migrate()
        call_command("load_demo", stdout=self.stdout)
        address = self.point_site(host, port)
        self.create_admin(address)
        if no_serve:
            return
        worker = self.start_worker()
        live_desk = self.start_live_desk()
        # uvicorn re-raises SIGTERM after its graceful shutdown; turning it into SystemExit
        # lets the worker be stopped too instead of being left running.
        signal.signal(signal.SIGTERM, stop_on_signal)
        try:
            call_command("serve", host=host, port=port, workers=workers, stdout=self.stdout)
        finally:
            live_desk.stop()
            worker.stop()

    def create_data_dir(self):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"Data folder: {settings.DATA_DIR}")

    def migrate(self):
        call_command("migrate", interactive=False, verbosity=0)

    def point_site(self, host, port):
        """The demo's links name the address it serves (or DATELINE_BASE_URL), in this process,
        the worker and the server's workers alike. The demo's site is the demo's own: unlike
        `serve`, it follows the address served whatever an earlier run left in its record."""
        configured = settings.PUBLIC_ADDRESS or public_address.served_address(host, port)
        address = public_address.point_default_site(configured, host, port)
        os.environ["DATELINE_BASE_URL"] = address.root_url
        self.stdout.write(f"The demo's public address: {address}/")
        return address

    def create_admin(self, address):
        users = get_user_model()
        if users.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "Admin account kept. Forgot the password? Run: "
                "DJANGO_SETTINGS_MODULE=dateline.settings.demo "
                f"dateline changepassword {ADMIN_USERNAME}"
            )
            return
        password = secrets.token_urlsafe(12)
        users.objects.create_superuser(ADMIN_USERNAME, "admin@example.org", password)
        self.stdout.write(self.style.SUCCESS(
            f"Created the admin account. Sign in at {address}/admin/ as "
            f"{ADMIN_USERNAME!r} with password {password} (shown only this once)."
        ))

    def start_worker(self):
        """The worker, started again whenever it exits: scheduled publishing must not stop
        because the worker died."""
        worker = Supervisor([sys.executable, "-m", "dateline", "worker"], name="worker",
                            preexec_fn=stop_with_parent)
        worker.start()
        return worker

    def start_live_desk(self):
        """The demo's running live blog gets a new update every so often while the demo runs."""
        live_desk = Supervisor([sys.executable, "-m", "dateline", "demo_live_blog"],
                               name="live desk", preexec_fn=stop_with_parent)
        live_desk.start()
        return live_desk

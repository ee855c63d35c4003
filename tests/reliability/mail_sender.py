"""The mailing kill test's senders, started without Django's start-up each time.

Run as ``python -m tests.reliability.mail_sender`` with the site's environment: it sets Django
up once, then answers one line for each command line on stdin:

- ``scene <call>``: runs ``tests.mailroom.scenes.<call>`` here; answers what it printed.
- ``send``: forks a sender, which runs the worker's mail round (``send_mailings``, what
  ``dateline worker`` runs every few seconds) until nothing is due, then exits; answers its
  pid. The test SIGKILLs it mid-send: a worker's sending killed at the SMTP server's count.
- ``reap <pid>``: waits for that sender to end; answers its exit status.

Each sender opens its own database and mail connections after the fork: none are shared."""

import contextlib
import io
import os
import sys


def main():
    import django

    django.setup()
    from django import db

    from dateline.mailroom.sending import send_mailings
    from tests.mailroom import scenes

    for line in sys.stdin:
        command, _space, argument = line.strip().partition(" ")
        if command == "scene":
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                eval(f"scenes.{argument}", {"scenes": scenes})  # noqa: S307 - the test's own calls
            db.connections.close_all()
            answer = printed.getvalue().replace("\n", " ")
        elif command == "send":
            db.connections.close_all()
            pid = os.fork()
            if pid == 0:
                status = 0
                try:
                    send_mailings(wait=60)
                except BaseException:  # noqa: BLE001 - reported by the exit status
                    status = 1
                finally:
                    os._exit(status)
            answer = str(pid)
        elif command == "reap":
            answer = str(os.waitstatus_to_exitcode(os.waitpid(int(argument), 0)[1]))
        else:
            answer = f"unknown command {command!r}"
        sys.stdout.write(answer + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

import os
import sys
from pathlib import Path

from rich.console import Console
from rich.prompt import Confirm, Prompt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wagtail.coreutils import get_content_languages

from dateline.founding.builders import holds_a_site
from dateline.founding.newsite import (
    BadAnswer,
    NewSite,
    SiteExists,
    clean_email,
    clean_host,
    clean_language,
    clean_name,
    clean_sections,
    clean_tagline,
    clean_time_zone,
    describe_existing_site,
    is_local_host,
)


def language_prompt():
    """"Language: en (English) or fa (Persian)": the installation's languages, to choose from."""
    choices = [f"{code} ({name})" for code, name in get_content_languages().items()]
    listed = f"{', '.join(choices[:-1])} or {choices[-1]}" if len(choices) > 1 else choices[0]
    return f"Language: {listed}"


# Each question: (option, prompt, cleaner). Asked in this order when the option is missing.
QUESTIONS = [
    ("name", "Name of the newsroom", clean_name),
    ("tagline", "Tagline (shown under the name; may be left empty)", clean_tagline),
    ("host", "Public host name, e.g. news.example.org (empty: only this machine for now)",
     clean_host),
    ("time_zone", "Time zone of the newsroom (IANA name)", clean_time_zone),
    ("language", language_prompt, clean_language),
    ("sections", "Sections, comma-separated; Parent/Child for a subsection (may be left empty)",
     clean_sections),
    ("admin_email", "Your e-mail address (you sign in with it as the administrator)",
     clean_email),
]


def machine_time_zone():
    """The IANA name of this machine's time zone, or UTC."""
    if (name := os.environ.get("TZ", "").lstrip(":")) and clean_or_none(clean_time_zone, name):
        return name
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return settings.TIME_ZONE
    if "zoneinfo/" in target:
        name = target.split("zoneinfo/", 1)[1].removeprefix("posix/").removeprefix("right/")
        if clean_or_none(clean_time_zone, name):
            return name
    return settings.TIME_ZONE


def clean_or_none(cleaner, value):
    try:
        return cleaner(value)
    except BadAnswer:
        return None


class EndingStream:
    """Lines of a stream as a terminal's input() gives them, without their line ending (which
    rich would take for an answer, not for Enter), and its end as EOFError: an ended stream
    reads as an empty line, which would take the default, or ask again for ever."""

    def __init__(self, stream):
        self.stream = stream

    def readline(self):
        line = self.stream.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")


class Command(BaseCommand):
    help = (
        "Start your own newsroom on an empty database (after `dateline migrate`): a home page "
        "serving the default site, your sections, the author and topic indexes, the On This "
        "Day page, an empty About page to write, the site settings, and an administrator "
        "account whose password is printed once. Asks for what the options leave out when run "
        "in a terminal. Refuses, changing nothing, when the database already holds a site."
    )
    # Tests answer the questions through a stream of their own.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("--name", help="The newsroom's name, shown in the masthead.")
        parser.add_argument("--tagline", help="A line under the name. Default: none.")
        parser.add_argument(
            "--host",
            help="The public host name (news.example.org, news.example.org:8443 or "
                 "https://news.example.org). Default: localhost, to be set later.")
        parser.add_argument("--time-zone", dest="time_zone",
                            help="IANA time zone, e.g. Europe/London. Default: this machine's.")
        parser.add_argument("--language", help=f"Default: {settings.LANGUAGE_CODE}.")
        parser.add_argument(
            "--sections",
            help='Comma-separated sections, Parent/Child for subsections: '
                 '"Politics,Economy,Culture/Books". Top-level sections go in the menu.')
        parser.add_argument(
            "--admin-email", dest="admin_email",
            help="E-mail address of the first administrator, who signs in with it.")
        parser.add_argument(
            "--force", action="store_true",
            help="Replace a site the database already holds: its pages are DELETED (images, "
                 "documents and accounts stay).")
        parser.add_argument("--no-input", "--noinput", action="store_false",
                            dest="interactive", help="Ask nothing; use defaults for what the "
                                                     "options leave out.")

    def handle(self, *args, force, interactive, **options):
        # A terminal is read by input(), which edits the line; another stream line by line.
        stdin = options.get("stdin") or sys.stdin
        self.stream = EndingStream(options["stdin"]) if options.get("stdin") else None
        # Never wrapped: the password must stay on one line to be copied.
        self.console = Console(file=self.stdout, highlight=False, soft_wrap=True)
        self.prepare_database()
        interactive = interactive and (options.get("stdin") is not None or stdin.isatty())
        answers = {key: options.get(key) for key, _prompt, _cleaner in QUESTIONS}
        defaults = self.defaults()
        try:
            # Refused before any question, so that nobody answers them all for nothing.
            if holds_a_site() and not force:
                raise SiteExists(describe_existing_site())
            if interactive:
                if force and holds_a_site():
                    self.confirm_replacing()
                self.ask(answers, defaults)
            new_site = self.new_site(answers, defaults)
            founded = new_site.found(replace=force)
        except BadAnswer as error:
            raise CommandError(f"{error} Nothing was changed.") from None
        except KeyboardInterrupt:
            raise CommandError("Stopped. Nothing was changed.") from None
        except SiteExists as error:
            raise CommandError(
                f"Not starting a new site: {error}. Nothing was changed. To replace it and "
                "delete its pages, run again with --force.") from None
        self.report(new_site, founded)

    def confirm_replacing(self):
        try:
            sure = Confirm.ask(
                f"[bold red]--force:[/] {describe_existing_site()}, which will be DELETED. "
                "Go on?", console=self.console, stream=self.stream, default=False)
        except EOFError:
            sure = False
        if not sure:
            raise CommandError("Nothing was changed: the site is kept.")

    def prepare_database(self):
        """A new database is migrated here, so that starting a newsroom is one command; an
        existing one with migrations still to apply is the operator's to upgrade."""
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if not pending:
            return
        if executor.loader.applied_migrations:
            raise CommandError(
                f"The database has {len(pending)} migrations still to apply: run "
                "`dateline migrate` first. Nothing was changed.")
        self.console.print("Creating the database…")
        call_command("migrate", interactive=False, verbosity=0)

    def defaults(self):
        return {"tagline": "", "host": "", "time_zone": machine_time_zone(),
                "language": settings.LANGUAGE_CODE, "sections": ""}

    def ask(self, answers, defaults):
        self.console.print("[bold]A new newsroom.[/] Press Enter to take the answer in "
                           "brackets.")
        for key, prompt, cleaner in QUESTIONS:
            if answers[key] is not None:
                continue
            if key == "admin_email" and self.has_administrator():
                continue
            default = {"default": defaults[key]} if defaults.get(key) else {}
            while True:
                try:
                    reply = Prompt.ask(prompt() if callable(prompt) else prompt,
                                       console=self.console, stream=self.stream, **default)
                except EOFError:
                    raise CommandError("The input ended before every question was answered. "
                                       "Nothing was changed.") from None
                try:
                    cleaner(reply)
                except BadAnswer as error:
                    self.console.print(f"[red]{error}[/]")
                    continue
                answers[key] = reply
                break

    def new_site(self, answers, defaults):
        if answers["name"] is None:
            raise BadAnswer("Name the newsroom with --name \"…\" (or run the command in a "
                            "terminal to be asked).")
        values = {key: defaults.get(key, "") if value is None else value
                  for key, value in answers.items()}
        return NewSite.from_answers(**values)

    def has_administrator(self):
        return get_user_model().objects.filter(is_superuser=True, is_active=True).exists()

    def report(self, new_site, founded):
        hostname, port = new_site.host
        out = self.console.print
        if is_local_host(hostname):
            address = None
            sign_in = "http://127.0.0.1:8000/admin/ (once `dateline serve` runs)"
            out(f"[green]Started the newsroom {new_site.name}.[/]")
        else:
            scheme = "https" if port == 443 else "http"
            shown_port = "" if port in (80, 443) else f":{port}"
            address = f"{scheme}://{hostname}{shown_port}/"
            sign_in = f"{address}admin/"
            out(f"[green]Started the newsroom {new_site.name}[/] at {address}")
        if founded.sections:
            out("Sections: " + ", ".join(section.title for section in founded.sections))
        out(f"Time zone {new_site.time_zone}, language {new_site.language}.")
        if new_site.language != settings.LANGUAGE_CODE:
            # The edition served at / is the environment's, which no command can set for the
            # server: said here, and by `dateline check --deploy` (dateline.E016) until done.
            code, default = new_site.language, settings.LANGUAGE_CODE
            default_name = dict(settings.LANGUAGES).get(default, default)
            out(f"[yellow]Set DATELINE_LANGUAGE_CODE={code} where Dateline runs,[/] as the "
                f"secret key is set: it is {default} now, so the newsroom's pages would be "
                f"served under /{code}/, with {default_name} dates, search and feeds at /.")
        if founded.password:
            out(f"[green]Created the administrator account.[/] Sign in at {sign_in} as "
                f"{founded.account.get_username()!r} with password [bold]{founded.password}"
                "[/] (shown only this once: change it under Account once signed in).")
        elif founded.account is not None:
            out(f"The account {founded.account.get_username()!r} already existed and is kept "
                "as it was.")
        elif not self.has_administrator():
            out("[yellow]No administrator account yet:[/] make one with "
                "`dateline createsuperuser`.")
        if address is None:
            out("[yellow]The public address is still this machine:[/] set it under Settings → "
                "Sites, or with DATELINE_BASE_URL.")
        out("The About page and the footer blurb are empty and waiting for your words: the "
            "admin's dashboard lists them with what else is left to set up.")

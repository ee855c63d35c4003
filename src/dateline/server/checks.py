"""`dateline check --deploy`: what an operator must fix before (or while) the site runs.

Django's system checks, tagged ``dateline`` and run only as deployment checks, since several
ask the database, Redis and the disk. Each message says what will go wrong and its hint says
the fix. Errors are what makes production misbehave (the command then exits non-zero);
warnings are advice. Django's own secret-key and allowed-hosts warnings are silenced in the
settings in favour of the errors here.
"""

import os
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http.request import validate_host

from dateline.newsroom.password_reset import mail_is_set_up
from dateline.server import heartbeat, public_address

TAG = "dateline"
# Keys Dateline's own settings fall back to outside production; never a real site's.
KNOWN_KEYS = {"dateline-development-only-key-never-use-in-production", "dateline-test-key"}
GENERATE_KEY = ("Generate one with `python3 -c 'import secrets; "
                "print(secrets.token_urlsafe(50))'` and set DATELINE_SECRET_KEY to it.")
REDIS_SECONDS = 3


def dateline_check(function):
    return register(TAG, deploy=True)(function)


@dateline_check
def check_secret_key(app_configs=None, **kwargs):
    # An empty key never gets here: the production settings and Django itself refuse it.
    key = settings.SECRET_KEY
    if key in KNOWN_KEYS or key.startswith("django-insecure"):
        problem = "The secret key is a published development key"
    elif len(key) < 50 or len(set(key)) < 5:
        problem = f"The secret key is too short ({len(key)} characters; 50 or more needed)"
    else:
        return []
    return [Error(f"{problem}: anyone could forge sessions and password-reset links.",
                  hint=GENERATE_KEY, id="dateline.E001")]


@dateline_check
def check_allowed_hosts(app_configs=None, **kwargs):
    if not settings.ALLOWED_HOSTS:
        return [Error("DATELINE_ALLOWED_HOSTS is empty: every request will be refused (400).",
                      hint="Set DATELINE_ALLOWED_HOSTS to the site's host names, "
                           "e.g. news.example.org.", id="dateline.E002")]
    if "*" in settings.ALLOWED_HOSTS:
        return [Warning("DATELINE_ALLOWED_HOSTS allows any host name: the site answers "
                        "requests meant for other sites, and caches pages for them.",
                        hint="List the site's own host names instead of *.",
                        id="dateline.W003")]
    return []


@dateline_check
def check_public_address(app_configs=None, **kwargs):
    address = settings.PUBLIC_ADDRESS
    if address is None:
        try:
            site = public_address.default_site()
        except DatabaseError:
            site = None
        now = f", {site.root_url} now" if site is not None else ""
        return [Error(
            "DATELINE_BASE_URL is not set: links in pages, feeds, sitemaps and e-mails name "
            f"the default site's record{now}, which `dateline serve` points at the local "
            "address it listens on.",
            hint="Set DATELINE_BASE_URL to the address readers use, "
                 "e.g. DATELINE_BASE_URL=https://news.example.org.", id="dateline.E010")]
    found = []
    if not validate_host(address.hostname, settings.ALLOWED_HOSTS):
        found.append(Error(
            f"The public address {address} names a host DATELINE_ALLOWED_HOSTS does not list: "
            "every link to the site would be refused (400).",
            hint=f"Add {address.hostname} to DATELINE_ALLOWED_HOSTS.", id="dateline.E011"))
    if address.is_local:
        found.append(Error(
            f"The public address {address} names this machine: no reader elsewhere can follow "
            "a link to it.", hint="Set DATELINE_BASE_URL to the site's public address.",
            id="dateline.E012"))
    elif address.scheme == "http":
        secure = getattr(settings, "SECURE_SSL_REDIRECT", False)
        message = (f"The public address {address} is plain http"
                   + (", while the site redirects every request to https: each link in feeds, "
                      "sitemaps and e-mails costs readers a redirect, and search engines see "
                      "two addresses for every page." if secure
                      else ": readers' sign-ins and sessions travel unencrypted."))
        hint = "Serve the site over HTTPS and set DATELINE_BASE_URL=https://…"
        found.append(Error(message, hint=hint, id="dateline.E013") if secure
                     else Warning(message, hint=hint, id="dateline.W013"))
    return found


@dateline_check
def check_site_records(app_configs=None, **kwargs):
    """Each site's record is where its links point: it must be an allowed host, and the
    default site's must be DATELINE_BASE_URL."""
    from wagtail.models import Site

    try:
        sites = list(Site.objects.order_by("-is_default_site", "hostname"))
    except DatabaseError:
        return []  # check_database says why
    found = []
    for site in sites:
        address = public_address.of_site(site)
        if site.is_default_site and settings.PUBLIC_ADDRESS not in (None, address):
            found.append(Warning(
                f"The default site's record says {address}, not DATELINE_BASE_URL "
                f"({settings.PUBLIC_ADDRESS}): links name {address} until `dateline serve` "
                "starts again and points the record at DATELINE_BASE_URL.",
                hint="Restart `dateline serve`.", id="dateline.W014"))
        elif not site.is_default_site and not validate_host(site.hostname,
                                                            settings.ALLOWED_HOSTS):
            found.append(Error(
                f"The site {site.site_name or site.hostname} is at {address}, a host "
                "DATELINE_ALLOWED_HOSTS does not list: its pages and links answer 400.",
                hint=f"Add {site.hostname} to DATELINE_ALLOWED_HOSTS, or correct the site's "
                     "host name in Settings → Sites.", id="dateline.E015"))
    return found


def language_name(code):
    return dict(settings.LANGUAGES).get(code, code)


@dateline_check
def check_site_language(app_configs=None, **kwargs):
    """The edition served at / is DATELINE_LANGUAGE_CODE's. A default site whose front page
    has no translation in that language (a Persian newsroom with the English default) has its
    pages served under its own prefix, /fa/, and / answers in the other language around them."""
    from wagtail.models import Page, Site

    try:
        site = Site.objects.filter(is_default_site=True).select_related(
            "root_page__locale").first()
        home = site.root_page if site is not None else None
        languages = set() if home is None else set(Page.objects.filter(
            translation_key=home.translation_key).values_list("locale__language_code",
                                                              flat=True))
    except DatabaseError:
        return []  # check_database says why
    default = settings.LANGUAGE_CODE
    if home is None or home.is_root() or default in languages:
        return []
    code = home.locale.language_code
    return [Error(
        f"The site's front page is in {language_name(code)} ({code}), but "
        f"DATELINE_LANGUAGE_CODE is {default}: its pages are served under /{code}/, and "
        f"at / readers get them with {language_name(default)} dates, search, archive and "
        "feeds around them.",
        hint=f"Set DATELINE_LANGUAGE_CODE={code} where Dateline runs, and restart it.",
        id="dateline.E016")]


@dateline_check
def check_email(app_configs=None, **kwargs):
    if mail_is_set_up():
        return []
    return [Warning(
        "E-mail is not configured: password resets and staff invitations cannot be sent, "
        "and the site says so instead.",
        hint="Set DATELINE_EMAIL_URL, e.g. smtp://user:password@mail.example.org:587.",
        id="dateline.W020")]


@dateline_check
def check_worker(app_configs=None, **kwargs):
    unreadable = (OSError,)
    if settings.REDIS_URL:
        import redis

        unreadable += (redis.RedisError,)
    try:
        last = heartbeat.last_beat()
    except unreadable:
        return []  # Redis or the data folder is away: check_cache and check_media_folder say so
    if last is not None and time.time() - last <= heartbeat.SILENT_AFTER_SECONDS:
        return []
    since = ("has never run here" if last is None
             else f"last ran {int(time.time() - last)} seconds ago")
    where = ("" if settings.REDIS_URL else
             " Without REDIS_URL a worker on another machine cannot be seen from here.")
    return [Error(
        f"No `dateline worker` is running (it {since}): scheduled stories are not "
        f"published, expired ones stay up, and queued tasks wait.{where}",
        hint="Start `dateline worker` as a service (docs/deploying.md, Services).",
        id="dateline.E030")]


def local_media_folder():
    """The folder uploads are written to, or None when media live in object storage."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(default_storage.location)
    return None


@dateline_check
def check_media_folder(app_configs=None, **kwargs):
    folder = local_media_folder()
    if folder is None:
        return []
    probe = folder / f".dateline-check-{uuid.uuid4().hex}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        return [Error(
            f"The media folder {folder} is not writable ({error.strerror or error}): "
            "uploading a picture or a document fails.",
            hint=f"Give the user Dateline runs as ({_user()}) write access to {folder}, "
                 "or set DATELINE_DATA_DIR to a folder it owns.", id="dateline.E040")]
    return []


def _user():
    import pwd

    return pwd.getpwuid(os.geteuid()).pw_name


@dateline_check
def check_cache(app_configs=None, **kwargs):
    if not settings.REDIS_URL:
        return []
    import redis

    where = _without_password(settings.REDIS_URL)
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=REDIS_SECONDS,
                             socket_timeout=REDIS_SECONDS).ping()
    except redis.RedisError as error:
        return [Error(
            f"Redis at {where} (REDIS_URL) does not answer ({error}): pages, locks and the "
            "shared cache fail with it.",
            hint="Start Redis, or correct REDIS_URL (and its password).", id="dateline.E050")]
    return []


def _without_password(url):
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


@dateline_check
def check_database(app_configs=None, **kwargs):
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return [Error(f"The database does not answer ({error}).",
                      hint="Start the database, or correct DATABASE_URL.", id="dateline.E061")]
    if not plan:
        return []
    names = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return [Error(
        f"{len(names)} database migration(s) are not applied ({shown}): pages that need "
        "them fail.", hint="Run `dateline migrate`.", id="dateline.E060")]

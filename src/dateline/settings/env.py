"""Every knob Dateline reads from the environment passes through here.

Each variable is declared once in ``VARIABLES`` with its default and meaning, so the settings
reference (docs/reference/settings.md) can be checked against it by a test.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Variable:
    name: str
    default: str | None
    help: str


VARIABLES = {
    variable.name: variable
    for variable in [
        Variable(
            "DATELINE_DATA_DIR",
            "./dateline-data",
            "Folder for the SQLite database, uploaded media, collected static files and the "
            "demo's generated secret key.",
        ),
        Variable(
            "DATABASE_URL",
            None,
            "Database to use, e.g. postgres://user@127.0.0.1:5432/dateline. "
            "Default: SQLite at DATELINE_DATA_DIR/dateline.sqlite3 (WAL journal).",
        ),
        Variable(
            "DATELINE_DATABASE_CONNECTION_SECONDS",
            "600",
            "How long each server thread keeps its database connection open between requests "
            "(checked before reuse); 0 opens a new connection for every request.",
        ),
        Variable(
            "DATELINE_SERVER_THREADS",
            "2",
            "Threads each `dateline serve` worker runs Django on, each with its own database "
            "connection.",
        ),
        Variable(
            "REDIS_URL",
            None,
            "Redis shared by every machine, e.g. redis://127.0.0.1:6379/0: Django's cache, "
            "locks between workers, the shared page cache. Default: each process caches in "
            "its own memory and locks are taken in the database or the data folder.",
        ),
        Variable(
            "DATELINE_CACHE_KEY_PREFIX",
            "dateline",
            "Prefix of every key Dateline writes to Redis, so several sites can share one.",
        ),
        Variable(
            "DATELINE_S3_BUCKET",
            None,
            "Keep uploaded media in this S3-compatible bucket instead of DATELINE_DATA_DIR.",
        ),
        Variable(
            "DATELINE_S3_ENDPOINT_URL",
            None,
            "Address of an S3-compatible service other than Amazon S3, e.g. "
            "https://s3.fr-par.scw.cloud or http://127.0.0.1:9000 (MinIO).",
        ),
        Variable("DATELINE_S3_REGION", None, "Region of the bucket, e.g. eu-west-1."),
        Variable(
            "DATELINE_S3_ACCESS_KEY_ID",
            None,
            "Access key for the bucket. Default: boto3's own sources (AWS_ACCESS_KEY_ID, "
            "~/.aws, the machine's IAM role).",
        ),
        Variable(
            "DATELINE_S3_SECRET_ACCESS_KEY",
            None,
            "Secret of DATELINE_S3_ACCESS_KEY_ID.",
        ),
        Variable(
            "DATELINE_S3_CUSTOM_DOMAIN",
            None,
            "Host name readers fetch media from (a CDN in front of the bucket), e.g. "
            "media.example.org. Default: the bucket's own address.",
        ),
        Variable(
            "DATELINE_CDN_PURGE",
            None,
            "The cache in front that changed pages are purged from: varnish (Varnish with "
            "the xkey module, by key), fastly (by surrogate key), cloudflare (by cache tag), "
            "http (any cache that takes HTTP PURGE, by URL) or cloudfront (by URL). Pages "
            "carry their keys in the header the chosen cache reads. Default: no purging.",
        ),
        Variable(
            "DATELINE_CDN_PURGE_URL",
            None,
            "With DATELINE_CDN_PURGE=varnish or http: comma-separated addresses of the caches "
            "to send PURGE requests to, e.g. http://127.0.0.1:6081.",
        ),
        Variable(
            "DATELINE_CDN_FASTLY_SERVICE_ID",
            None,
            "With DATELINE_CDN_PURGE=fastly: the id of the Fastly service serving the site.",
        ),
        Variable(
            "DATELINE_CDN_FASTLY_TOKEN",
            None,
            "With DATELINE_CDN_PURGE=fastly: an API token with the purge_select scope.",
        ),
        Variable(
            "DATELINE_CDN_CLOUDFLARE_ZONE_ID",
            None,
            "With DATELINE_CDN_PURGE=cloudflare: the zone id of the site.",
        ),
        Variable(
            "DATELINE_CDN_CLOUDFLARE_TOKEN",
            None,
            "With DATELINE_CDN_PURGE=cloudflare: an API token with the Cache Purge permission.",
        ),
        Variable(
            "DATELINE_CDN_CLOUDFRONT_DISTRIBUTION_ID",
            None,
            "With DATELINE_CDN_PURGE=cloudfront: the distribution serving the site.",
        ),
        Variable(
            "DATELINE_SECRET_KEY",
            None,
            "Django's secret key. Required in production; the demo generates one into its "
            "data folder.",
        ),
        Variable(
            "DATELINE_ALLOWED_HOSTS",
            "",
            "Comma-separated host names the site answers to. Required in production.",
        ),
        Variable(
            "DATELINE_BASE_URL",
            None,
            "Public address of the (default) site, e.g. https://news.example.org: every "
            "absolute link (canonical, feeds, sitemaps, e-mail) names it, and `dateline serve` "
            "writes it into the default site's record as it starts. Default: the address "
            "`dateline serve` listens on, while the site's record names this machine.",
        ),
        Variable(
            "DATELINE_EMAIL_URL",
            None,
            "Mail server that sends the site's mail: smtp://user:password@host:587 (STARTTLS), "
            "smtp+ssl://user:password@host:465 (TLS from the start), "
            "smtp://host:25?tls=off (no encryption, a relay on the machine), or console: (print "
            "mail to the terminal). Default: no mail is sent, and features that need it say so.",
        ),
        Variable(
            "DATELINE_EMAIL_FROM",
            None,
            "Sender of the site's mail, e.g. 'The Caspian Ledger <newsroom@news.example.org>'. "
            "Required with an smtp URL in DATELINE_EMAIL_URL.",
        ),
        Variable(
            "DATELINE_MAIL_RATE",
            "0",
            "Most messages per second a mailing (a newsletter) is sent at, e.g. 14 for a relay "
            "that allows 14 a second; 0 sends as fast as the mail server accepts them.",
        ),
        Variable(
            "DATELINE_MAIL_BATCH",
            "500",
            "Deliveries of a mailing the sender takes from the database at a time.",
        ),
        Variable(
            "DATELINE_MAIL_CONNECTIONS",
            "1",
            "Connections to the mail server a mailing is sent through at once, each in its "
            "own thread, e.g. 4; a killed sender sends again at most this many messages.",
        ),
        Variable(
            "DATELINE_BOUNCE_ADDRESS",
            None,
            "Envelope sender (Return-Path) of mailings, the address bounces return to, e.g. "
            "bounces@news.example.org. Default: the address in DATELINE_EMAIL_FROM.",
        ),
        Variable(
            "DATELINE_BOUNCE_MAILDIR",
            None,
            "Maildir folder that the mail server delivers DATELINE_BOUNCE_ADDRESS's mail to; "
            "the worker reads delivery status notifications and complaint reports from it.",
        ),
        Variable(
            "DATELINE_MAIL_WEBHOOK_SECRET",
            None,
            "Shared secret that the bounce webhook /mailroom/bounces/ requires as a bearer "
            "token; the webhook is off until it is set.",
        ),
        Variable(
            "DATELINE_INVITATION_DAYS",
            "7",
            "Days a staff invitation's link stays valid.",
        ),
        Variable(
            "DATELINE_TIME_ZONE",
            "UTC",
            "Default time zone; each site's own time zone in its settings takes precedence.",
        ),
        Variable(
            "DATELINE_LANGUAGE_CODE",
            "en",
            "Default language of the site and the admin.",
        ),
        Variable(
            "DATELINE_DEBUG",
            "false",
            "Show Django's debug pages. Never enable on a public site.",
        ),
        Variable(
            "DATELINE_SERVE_MEDIA",
            "true",
            "Serve uploaded media from the application (turn off when a web server or object "
            "storage serves them).",
        ),
        Variable(
            "DATELINE_SECURE",
            "true",
            "Production only: the site is served over HTTPS (secure cookies, HSTS, redirect).",
        ),
        Variable(
            "DATELINE_FEED_FULL_TEXT",
            "false",
            "Put each story's full text in the RSS and Atom feeds; otherwise feeds carry the "
            "standfirst and readers follow the link.",
        ),
        Variable(
            "DATELINE_HEADLINE_MAX_LENGTH",
            "100",
            "Headlines longer than this many characters get a warning from the copy desk.",
        ),
        Variable(
            "DATELINE_PAGE_CACHE",
            "true",
            "Serve anonymous readers' pages from the page cache in front of Django (purged "
            "on publish). Turn off only to measure or debug.",
        ),
        Variable(
            "DATELINE_PAGE_CACHE_SECONDS",
            "300",
            "Longest time a page stays in the page cache; publishing purges it at once, and "
            "pages that change by the clock (midnight, a banner) leave when they change.",
        ),
        Variable(
            "DATELINE_PAGE_CACHE_MEGABYTES",
            "64",
            "Memory for cached pages in each server process (without REDIS_URL).",
        ),
        Variable(
            "DATELINE_CDN_SECONDS",
            "60",
            "s-maxage sent to a CDN or proxy in front: how long it may keep a page without "
            "asking again (it is also purged on publish when DATELINE_CDN_PURGE is set).",
        ),
        Variable(
            "DATELINE_MOST_READ",
            "true",
            "Count readers' views of stories where the page cache serves them (no cookies, "
            "nothing about the reader, robots left out) and show each edition's Most read "
            "box; off: nothing is counted and the box is not shown.",
        ),
        Variable(
            "DATELINE_LOGIN_FAILURE_LIMIT",
            "5",
            "Failed sign-ins to the admin with one user name from one address before that "
            "pair is locked out for DATELINE_LOGIN_COOLOFF_MINUTES.",
        ),
        Variable(
            "DATELINE_LOGIN_ADDRESS_FAILURE_LIMIT",
            "20",
            "Failed sign-ins from one address, whatever the user names, before that address is "
            "locked out for DATELINE_LOGIN_COOLOFF_MINUTES.",
        ),
        Variable(
            "DATELINE_LOGIN_COOLOFF_MINUTES",
            "15",
            "How long a locked-out user name and address must wait before signing in again.",
        ),
        Variable(
            "DATELINE_LOG_LEVEL",
            "INFO",
            "Log level of Dateline's own loggers.",
        ),
    ]
}


def read(name: str) -> str | None:
    """The value of a declared variable, or its default."""
    try:
        variable = VARIABLES[name]
    except KeyError:
        raise ImproperlyConfigured(f"{name} is not a declared Dateline setting") from None
    return os.environ.get(name, variable.default)


def read_bool(name: str) -> bool:
    value = (read(name) or "").strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def read_int(name: str) -> int:
    value = (read(name) or "").strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def read_list(name: str) -> list[str]:
    return [item.strip() for item in (read(name) or "").split(",") if item.strip()]


def data_dir() -> Path:
    return Path(read("DATELINE_DATA_DIR")).expanduser().resolve()

"""Settings shared by every environment; dev, test, demo and production overlay these."""

import datetime
from pathlib import Path

import dj_database_url

from django.core.exceptions import ImproperlyConfigured

from dateline.server import public_address
from dateline.settings import engines, env

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env.data_dir()

DEBUG = env.read_bool("DATELINE_DEBUG")
SECRET_KEY = env.read("DATELINE_SECRET_KEY")
ALLOWED_HOSTS = env.read_list("DATELINE_ALLOWED_HOSTS")

INSTALLED_APPS = [
    "dateline.news",
    "dateline.almanac",
    "dateline.importers",
    "dateline.discovery",
    "dateline.demo",
    "dateline.server",
    "dateline.copydesk",
    "dateline.newsroom",
    "dateline.mailroom",
    "dateline.newsletters",
    "dateline.readership",
    "dateline.founding",
    "dateline.delivery",
    "wagtail.contrib.settings",
    # The editions: locales in the admin, and "Translate" on pages and snippets
    # (docs/editors/persian-edition.md).
    "dateline.server.wagtail_apps.LocalesConfig",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "dateline.server.wagtail_apps.RedirectsConfig",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app, with an "Invite staff" button on its list of users.
    "dateline.newsroom.users_app.StaffUsersConfig",
    "dateline.server.wagtail_apps.SnippetsConfig",
    "dateline.server.wagtail_apps.DocumentsConfig",
    "dateline.server.wagtail_apps.ImagesConfig",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailautocomplete",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First, so it sees each response last: the keys of what a page shows, for the cache in
    # front (dateline.delivery.edge).
    "dateline.delivery.edge.EdgeKeysMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "dateline.delivery.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "dateline.news.reader_methods.ReaderMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dateline.news.middleware.SiteTimeZoneMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Marks a story's own page for the page cache's count of reads (dateline.readership).
    "dateline.readership.middleware.StoryPagesMiddleware",
    # Turns a refused sign-in into the lockout page (docs/security.md).
    "axes.middleware.AxesMiddleware",
    # Before the transaction below: proofing a picture takes seconds and writes nothing.
    "dateline.news.picture_desk.ProofUploadsFirstMiddleware",
    # Last: it calls admin views itself, inside the transaction.
    "dateline.newsroom.middleware.AtomicAdminWritesMiddleware",
]

ROOT_URLCONF = "dateline.urls"
WSGI_APPLICATION = "dateline.wsgi.application"
ASGI_APPLICATION = "dateline.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
            # |date in the calendar of the active language (Solar Hijri for Persian).
            "builtins": ["dateline.news.calendar_filters"],
        },
    },
    {
        # The subjects and plain-text parts of letters (dateline.mailroom.letters): text, which
        # HTML escaping would garble ("Tom &amp; Jerry").
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

_database_url = env.read("DATABASE_URL")
# Kept open between requests: the server runs Django on a fixed set of threads
# (``dateline.server.threads``), so connections stay as few as those threads. Checked before
# reuse, so a restarted database costs one failed request per thread at most.
_connection_seconds = env.read_int("DATELINE_DATABASE_CONNECTION_SECONDS")
SERVER_THREADS = env.read_int("DATELINE_SERVER_THREADS")
if SERVER_THREADS < 1:
    raise ImproperlyConfigured("DATELINE_SERVER_THREADS must be at least 1.")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=_connection_seconds,
                                                  conn_health_checks=True)}
    engines.require_database_driver(DATABASES["default"])
else:
    # SQLite cannot create its folder; making it here lets every command run on a new machine.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "dateline.sqlite3",
            "CONN_MAX_AGE": _connection_seconds,
            "CONN_HEALTH_CHECKS": True,
            # WAL lets readers proceed while a writer commits; IMMEDIATE takes the write lock
            # at BEGIN so concurrent writers wait (busy timeout) instead of failing mid-way.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

# Sessions stay in the database (Django's default) whatever the cache: a Redis restart must
# not sign every editor out.
REDIS_URL = env.read("REDIS_URL")
CACHE_KEY_PREFIX = env.read("DATELINE_CACHE_KEY_PREFIX")
CACHES = engines.caches()

# The page cache in front of Django (dateline.delivery.page_cache); see docs/deploying.md.
PAGE_CACHE_ENABLED = env.read_bool("DATELINE_PAGE_CACHE")
PAGE_CACHE_SECONDS = env.read_int("DATELINE_PAGE_CACHE_SECONDS")
PAGE_CACHE_MAX_BYTES = env.read_int("DATELINE_PAGE_CACHE_MEGABYTES") * 1024 * 1024
PAGE_CACHE_CDN_SECONDS = env.read_int("DATELINE_CDN_SECONDS")
PAGE_CACHE_STALE_WHILE_REVALIDATE = 30
# Kept past their time in Redis, to answer while the database is away (stale-if-error).
PAGE_CACHE_KEEP_STALE_SECONDS = 3600
# Versions of one path with a query string (?page=2) kept at once; more are rendered but not
# stored, so endless query strings cannot fill the cache or push out the pages readers read.
PAGE_CACHE_QUERY_VARIANTS = 32
# Every server process on the machine follows this file to drop purged pages.
PAGE_CACHE_PURGE_LOG = DATA_DIR / "page-cache" / "purges.log"
# Never from the cache, and marked private: the admin and its previews.
PAGE_CACHE_PRIVATE_PREFIXES = ["/admin/"]
# Never from the cache, headers left as they are: documents (Wagtail checks their privacy) and
# files that whitenoise and the media view serve from disk with their own cache headers.
PAGE_CACHE_PASS_PREFIXES = ["/documents/", "/static/", "/media/"]

MOST_READ_ENABLED = env.read_bool("DATELINE_MOST_READ")
# Each server process adds its reads to the database this often (and when it ends).
MOST_READ_FLUSH_SECONDS = 5

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sign-in attempts are counted per user name and address, and per address across user names;
# after DATELINE_LOGIN_FAILURE_LIMIT failures of one pair, or DATELINE_LOGIN_ADDRESS_FAILURE_LIMIT
# of one address, it is locked out for the cool-off (dateline.newsroom.sign_in_throttle). The
# address is REMOTE_ADDR, which `dateline serve` takes from X-Forwarded-For only when a trusted
# proxy sent it; axes reads no forwarded header itself.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "dateline.newsroom.sign_in_throttle.SignInThrottle"
AXES_FAILURE_LIMIT = env.read_int("DATELINE_LOGIN_FAILURE_LIMIT")
SIGN_IN_ADDRESS_FAILURE_LIMIT = env.read_int("DATELINE_LOGIN_ADDRESS_FAILURE_LIMIT")
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.read_int("DATELINE_LOGIN_COOLOFF_MINUTES"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_RESET_ON_SUCCESS = True
# Where a front-end sign-in (a login-restricted page's form) goes when it names no page of this
# site to return to: the front page, never Django's /accounts/profile/, which Dateline has not.
LOGIN_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "sign_in.html"
# EMAIL_BACKEND and the mail server's EMAIL_* settings, DEFAULT_FROM_EMAIL and SERVER_EMAIL,
# from DATELINE_EMAIL_URL and DATELINE_EMAIL_FROM. No mail leaves the site until they are set;
# features that need mail then say so (dateline.mailroom.outbox.mail_is_set_up).
globals().update(engines.mail())
# Days a staff invitation's link stays valid (dateline.newsroom.invitations).
INVITATION_DAYS = env.read_int("DATELINE_INVITATION_DAYS")
if INVITATION_DAYS < 1:
    raise ImproperlyConfigured("DATELINE_INVITATION_DAYS must be at least 1.")

# Mailings (dateline.mailroom.bulk): messages per second (0: no limit), deliveries per batch,
# the envelope sender bounces return to, and where bounces arrive.
try:
    MAIL_RATE = float(env.read("DATELINE_MAIL_RATE"))
except ValueError:
    raise ImproperlyConfigured("DATELINE_MAIL_RATE must be a number of messages per second, "
                               f"not {env.read('DATELINE_MAIL_RATE')!r}.") from None
if not 0 <= MAIL_RATE < float("inf"):
    raise ImproperlyConfigured("DATELINE_MAIL_RATE must be 0 (no limit) or more.")
MAIL_BATCH = env.read_int("DATELINE_MAIL_BATCH")
if MAIL_BATCH < 1:
    raise ImproperlyConfigured("DATELINE_MAIL_BATCH must be at least 1.")
MAIL_CONNECTIONS = env.read_int("DATELINE_MAIL_CONNECTIONS")
if MAIL_CONNECTIONS < 1:
    raise ImproperlyConfigured("DATELINE_MAIL_CONNECTIONS must be at least 1.")
BOUNCE_ADDRESS = (env.read("DATELINE_BOUNCE_ADDRESS") or "").strip()
BOUNCE_MAILDIR = (env.read("DATELINE_BOUNCE_MAILDIR") or "").strip()
MAIL_WEBHOOK_SECRET = env.read("DATELINE_MAIL_WEBHOOK_SECRET") or ""

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env.read("DATELINE_LANGUAGE_CODE")
# The editions: English at /, Persian at /fa/ (i18n_patterns in dateline.urls). The path says
# the language, so a page's language never depends on the reader's Accept-Language header.
LANGUAGES = [("en", "English"), ("fa", "Persian")]
WAGTAIL_I18N_ENABLED = True
# The purge names every edition's own URLs (news.sockets' story_appearances); Wagtail's copy of
# each URL under every language prefix would purge pages that do not exist.
WAGTAILFRONTENDCACHE_LANGUAGES = []
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Django's and so Wagtail's named date formats are the site's own date styles.
FORMAT_MODULE_PATH = ["dateline.news.formats"]
TIME_ZONE = env.read("DATELINE_TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
SERVE_MEDIA = env.read_bool("DATELINE_SERVE_MEDIA")

STORAGES = {
    # Never a partial file on a full disk, and pictures printed as missing (docs/security.md).
    "default": {"BACKEND": "dateline.news.media_storage.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

_object_storage = engines.media_storage()
if _object_storage:
    STORAGES["default"], MEDIA_URL = _object_storage
    # The bucket serves images itself.
    SERVE_MEDIA = False

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

FEED_FULL_TEXT = env.read_bool("DATELINE_FEED_FULL_TEXT")

# Publish checks, run in this order; see docs/editors/checks.md.
COPYDESK_CHECKS = [
    "dateline.copydesk.checks.filler.check",
    "dateline.copydesk.checks.weekday.check",
    "dateline.copydesk.checks.empty_body.check",
    "dateline.copydesk.checks.internal_links.check",
    "dateline.copydesk.checks.byline.check",
    "dateline.copydesk.checks.image_alt.check",
    "dateline.copydesk.checks.headline_length.check",
]
COPYDESK_HEADLINE_MAX_LENGTH = env.read_int("DATELINE_HEADLINE_MAX_LENGTH")

WAGTAIL_SITE_NAME = "Dateline"
try:
    PUBLIC_ADDRESS = public_address.parse(env.read("DATELINE_BASE_URL"))
except public_address.InvalidAddress as error:
    raise ImproperlyConfigured(str(error)) from None
# Wagtail's admin e-mails and renditions' full URLs. Unset, `dateline serve` passes its workers
# the default site's address; other processes assume serve's own default address.
WAGTAILADMIN_BASE_URL = (PUBLIC_ADDRESS or public_address.SERVE_DEFAULT).root_url
WAGTAILIMAGES_IMAGE_MODEL = "news.NewsImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Counted over every frame, and refused before any pixel is decoded: decoding one upload then
# takes at most 64 M pixels × 4 bytes (256 MB), the size of a 45-megapixel camera's picture.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
# Proofs each upload, so that a corrupt image is a form error (docs/security.md).
WAGTAILIMAGES_IMAGE_FORM_BASE = "dateline.news.picture_desk.PictureDeskImageForm"
# The admin searches on the same engine as readers; Wagtail's database backend slows every
# save as the archive grows and takes seconds to rank a common word.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "dateline.discovery.search.wagtail_backend"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Every document downloads as an attachment: a file named .pdf or .txt may hold HTML or script,
# and nothing uploaded is ever opened by a browser as a page of the site's own origin.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
# Documents leave only through Wagtail's view, which checks a collection's privacy; never by a
# link or redirect to the file in the media folder or the bucket (docs/security.md).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "dateline.news.document_desk.DocumentDeskForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Read by the page cache's purge; wagtail.contrib.frontend_cache is deliberately not installed,
# since its own signal handlers would purge every page a second time.
WAGTAILFRONTENDCACHE = engines.frontend_cache()
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Editors see who else has a page open and are asked before saving over a newer version
# (docs/editors/roles-and-review.md); Wagtail's default interval, stated because we rely on it.
WAGTAIL_EDITING_SESSION_PING_INTERVAL = 10_000

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# `dateline check --deploy` reports a weak secret key and empty allowed hosts as errors with
# Dateline's own fix (dateline.server.checks); Django's warnings would say it twice.
SILENCED_SYSTEM_CHECKS = ["security.W009", "security.W020"]

# Security headers on every response (dateline.delivery.security_headers). Readers' pages run
# no inline code. The admin's policy is the least Wagtail 8's admin works with
# (tests/browser/test_content_security_policy.py): its pages carry inline scripts that change
# with their content, so no hash list can name them, and Wagtail has no nonce support.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES = ["/admin/"]
CONTENT_SECURITY_POLICY_ADMIN = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
PERMISSIONS_POLICY = "camera=(), geolocation=(), microphone=(), payment=(), usb=()"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Editors' avatars are not fetched from gravatar.com: it would learn who edits the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"dateline": {"level": env.read("DATELINE_LOG_LEVEL"), "propagate": True}},
}

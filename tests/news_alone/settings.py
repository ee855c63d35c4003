"""news on its own: Django, Wagtail and ``dateline.news``, none of the other apps.

A test configuration, not a way to run the product, so it lives with the tests and is not
shipped in the package. It shows that news installs, migrates, routes and renders its pages
with no app above it plugged into its sockets (issue 15):

    DJANGO_SETTINGS_MODULE=tests.news_alone.settings pytest tests/news
"""

from dateline.settings.test import *  # noqa: F403
from dateline.settings.test import MIDDLEWARE, TEMPLATES

INSTALLED_APPS = [
    "dateline.news",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    # The article's topics chooser (news/topic_chooser.py).
    "wagtailautocomplete",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
# Django's, Wagtail's, whitenoise's and news' own.
MIDDLEWARE = [name for name in MIDDLEWARE
              if name.startswith(("django.", "wagtail.", "whitenoise.", "dateline.news."))]
ROOT_URLCONF = "tests.news_alone.urls"
# Only the templates news carries: none from the project's folder.
TEMPLATES = [{**TEMPLATES[0], "DIRS": []}]
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Wagtail's own sign-in page: the project's sign_in.html is not news'.
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "wagtailcore/login.html"

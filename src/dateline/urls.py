from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from dateline.mailroom.views import bounce_webhook
from dateline.newsroom.password_reset import PasswordResetByMailOrAdministrator
from dateline.newsroom.staff import AcceptInvitationView
from dateline.server.media import serve_picture

# A database that went away answers 503 with Retry-After; other failures the styled 500.
handler500 = "dateline.server.outage.database_outage_or_server_error"

urlpatterns = [
    # Before Wagtail's own, which says a link was sent even when no mail can leave the site.
    path("admin/password_reset/", PasswordResetByMailOrAdministrator.as_view(),
         name="newsroom_password_reset"),
    # Public: the invitee has no account yet.
    path("admin/invitation/<str:token>/", AcceptInvitationView.as_view(),
         name="newsroom_accept_invitation"),
    # Bounces and complaints posted by the mail provider (DATELINE_MAIL_WEBHOOK_SECRET).
    path("mailroom/bounces/", bounce_webhook, name="mailroom_bounce_webhook"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.SERVE_MEDIA:
    # Pictures only (the view checks the real path): documents go through Wagtail's
    # /documents/ view, which checks privacy.
    urlpatterns.append(
        re_path(
            r"^{}(?P<path>(?:images|original_images)/.+)$".format(
                settings.MEDIA_URL.lstrip("/")
            ),
            serve_picture,
        )
    )

# Each edition's pages, feeds, sitemaps, archives, search and newsletter sign-up: the default
# language's at /, the others' under their language code (/fa/), which LocaleMiddleware
# activates for the request.
urlpatterns += i18n_patterns(
    path("", include("dateline.newsletters.urls")),
    path("", include("dateline.discovery.urls")),
    path("", include("dateline.news.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

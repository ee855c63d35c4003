"""Wagtail's images, documents, snippets, redirects and locales apps, without their v3 API.

At start-up Wagtail 8 registers these apps with its django-ninja API, which loads django-ninja
and builds every API schema in each server process: 12 MB of a worker's 130 MB, for an API
Dateline does not route. Each config here does what Wagtail's ``ready()`` does, less the API
lines; ``tests/server/test_wagtail_apps.py`` compares them with Wagtail's own, so an upgrade
that changes one fails there instead of dropping a registration unnoticed.
"""

from django.db.models import ForeignKey
from django.db.models.signals import post_migrate

from wagtail.contrib.redirects.apps import WagtailRedirectsAppConfig
from wagtail.documents import get_document_model
from wagtail.documents import get_permission_policy as get_document_permission_policy
from wagtail.documents.apps import WagtailDocsAppConfig
from wagtail.images import get_image_model
from wagtail.images import get_permission_policy as get_image_permission_policy
from wagtail.images.apps import WagtailImagesAppConfig
from wagtail.locales.apps import WagtailLocalesAppConfig
from wagtail.snippets.apps import WagtailSnippetsAppConfig


class ImagesConfig(WagtailImagesAppConfig):
    def ready(self):
        from wagtail.permissions import register_permission_policy

        Image = get_image_model()
        register_permission_policy(Image, get_image_permission_policy())

        from wagtail.images.signal_handlers import register_signal_handlers

        register_signal_handlers()

        from wagtail.admin.forms.models import register_form_field_override
        from wagtail.images.widgets import AdminImageChooser

        register_form_field_override(
            ForeignKey, to=Image, override={"widget": AdminImageChooser}
        )

        from wagtail.admin.compare import register_comparison_class
        from wagtail.images.edit_handlers import ImageFieldComparison

        register_comparison_class(
            ForeignKey, to=Image, comparison_class=ImageFieldComparison
        )

        from wagtail.admin.ui.fields import register_display_class
        from wagtail.images.components import ImageDisplay

        register_display_class(ForeignKey, to=Image, display_class=ImageDisplay)

        from wagtail.models.reference_index import ReferenceIndex

        ReferenceIndex.register_model(Image)


class DocumentsConfig(WagtailDocsAppConfig):
    def ready(self):
        from wagtail.documents.signal_handlers import register_signal_handlers
        from wagtail.permissions import register_permission_policy

        Document = get_document_model()
        register_permission_policy(Document, get_document_permission_policy())
        register_signal_handlers()

        from wagtail.admin.ui.fields import register_display_class
        from wagtail.documents.components import DocumentDisplay

        register_display_class(ForeignKey, to=Document, display_class=DocumentDisplay)

        from wagtail.models.reference_index import ReferenceIndex

        ReferenceIndex.register_model(Document)


class SnippetsConfig(WagtailSnippetsAppConfig):
    def ready(self):
        from wagtail.snippets.models import create_extra_permissions, register_deferred_snippets

        register_deferred_snippets()
        post_migrate.connect(create_extra_permissions, sender=self)


class RedirectsConfig(WagtailRedirectsAppConfig):
    def ready(self):
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.permissions import register_permission_policy

        register_permission_policy(Redirect)

        from wagtail.contrib.redirects.signal_handlers import (
            autocreate_redirects_on_page_move,
            autocreate_redirects_on_slug_change,
        )
        from wagtail.signals import page_slug_changed, post_page_move

        post_page_move.connect(autocreate_redirects_on_page_move)
        page_slug_changed.connect(autocreate_redirects_on_slug_change)


class LocalesConfig(WagtailLocalesAppConfig):
    # Wagtail's ready() only registers the locales' API router.
    def ready(self):
        pass

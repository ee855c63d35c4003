"""One headline, one slug: every page's slug in the site's slug style, in the browser and on the
server alike.

The admin's slug field follows the headline in the browser (Wagtail's slug input); it is given
``text_forms``' folding as formatters, so it shows the slug the server will keep, and the server
cleans whatever slug is sent the same way (an editor's own, or one from an older browser tab).
"""

import json

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import SlugInput

from dateline.news.models.site_settings import SiteSettings

FORMATTERS_ATTRIBUTE = "data-w-slug-formatters-value"


def settings_for(page):
    site = page.get_site() if page is not None and page.path else None
    return SiteSettings.for_site(site) if site is not None else SiteSettings()


def slug_for(parent, text):
    """The slug ``text`` gives for a page under ``parent``, in its site's slug style."""
    return settings_for(parent).slug(text)


class SluggedPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance if self.instance.pk else self.parent_page
        self.site_settings = settings_for(page)
        if "slug" in self.fields:
            field = self.fields["slug"]
            formatted = SlugInput(formatters=self.site_settings.slug_formatters())
            field.widget.attrs[FORMATTERS_ATTRIBUTE] = formatted.attrs[FORMATTERS_ATTRIBUTE]
            # Cleaned before the field validates it: a slug sent with a ZWNJ or Arabic letters
            # is a variant spelling to fold, not an invalid slug.
            read = field.to_python
            field.to_python = lambda value: self.site_settings.slug(read(value)) or read(value)


def formatters_of(widget):
    """The formatters a slug widget applies, as (pattern, replacement) pairs (for tests)."""
    return [(pattern[0], replacement) for pattern, replacement in
            json.loads(widget.attrs.get(FORMATTERS_ATTRIBUTE, "[]"))]

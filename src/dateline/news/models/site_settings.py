import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from dateline.news.text_forms import slug_form, slug_formatters


def time_zone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the masthead and footer say, and the clock the site keeps."""

    name = models.CharField(_("name"), max_length=120, blank=True,
                            help_text=_("Leave empty to use the site's name."))
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    about_blurb = models.TextField(
        _("about blurb"), max_length=600, blank=True,
        help_text=_("A few sentences about the outlet, shown in every page's footer."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone],
        help_text=_("Dates on the site, and 'today', follow this time zone."),
    )
    zone_label = models.CharField(
        _("time zone shown as"), max_length=16, default="abbreviation",
        choices=[("abbreviation", _("its abbreviation: '10:23 IRST'")),
                 ("place", _("its place: '10:23 Tehran time'"))],
        help_text=_("How times name the zone. Places read better where the abbreviation is "
                    "little known; a zone without a known abbreviation is named by its place."),
    )
    logo = models.ForeignKey(
        "news.NewsImage", verbose_name=_("logo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    mastodon_url = models.URLField(_("Mastodon"), blank=True)
    bluesky_url = models.URLField(_("Bluesky"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)

    class SlugStyle(models.TextChoices):
        OWN_SCRIPT = "own_script", _("In the headline's own letters (Persian slugs for Persian "
                                     "headlines)")
        LATIN = "latin", _("In Latin letters (Persian headlines transliterated)")

    slug_style = models.CharField(
        _("page addresses"), max_length=20, choices=SlugStyle, default=SlugStyle.OWN_SCRIPT,
        help_text=_("How a new page's address is made from its title. Pages already published "
                    "keep theirs."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("tagline"), FieldPanel("logo"),
             FieldPanel("about_blurb"),
             FieldPanel("time_zone", widget=forms.Select(choices=time_zone_choices)),
             FieldPanel("zone_label")],
            heading=_("Masthead and footer"),
        ),
        MultiFieldPanel(
            [FieldPanel(field) for field in (
                "mastodon_url", "bluesky_url", "x_url",
                "facebook_url", "instagram_url", "youtube_url",
            )],
            heading=_("Social links"),
        ),
        FieldPanel("slug_style", widget=forms.RadioSelect),
    ]

    # The masthead prints the logo on every page.
    select_related = ["logo"]

    class Meta:
        verbose_name = _("site settings")

    def display_name(self):
        return self.name or self.site.site_name

    def social_links(self):
        return [
            (self._meta.get_field(field).verbose_name, getattr(self, field))
            for field in ("mastodon_url", "bluesky_url", "x_url",
                          "facebook_url", "instagram_url", "youtube_url")
            if getattr(self, field)
        ]

    def slug(self, text):
        """The slug ``text`` gives on this site (``news.text_forms.slug_form``)."""
        return slug_form(text, transliterate=self.slug_style == self.SlugStyle.LATIN)

    def slug_formatters(self):
        return slug_formatters(transliterate=self.slug_style == self.SlugStyle.LATIN)

    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

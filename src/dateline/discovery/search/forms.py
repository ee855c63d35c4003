"""The reader's search form: words, and the filters a newsroom's archive is browsed by."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dateline.discovery.search.query import MAX_QUERY_CHARS
from dateline.news.models import AuthorPage, SectionPage


class PageChoiceField(forms.ModelChoiceField):
    """A page by its id; anything but a plausible id is an invalid choice before any query,
    as an id too large for the database's integer makes SQLite's driver raise."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not re.fullmatch(r"[0-9]{1,18}", str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, strip=True,
                        widget=forms.SearchInput(attrs={"maxlength": MAX_QUERY_CHARS}))
    section = PageChoiceField(
        label=_("Section"), required=False, queryset=SectionPage.objects.none(),
        empty_label=_("All sections"),
    )
    author = PageChoiceField(
        label=_("Author"), required=False, queryset=AuthorPage.objects.none(),
        empty_label=_("All authors"),
    )
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, site_root, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_root = site_root
        self.fields["section"].queryset = (
            SectionPage.objects.live().descendant_of(site_root).from_own_table().order_by("path")
        )
        self.fields["author"].queryset = (
            AuthorPage.objects.live().descendant_of(site_root).from_own_table().order_by("title")
        )

    def clean_q(self):
        # The words beyond the limit are ignored by search anyway; do not echo 100 KB back.
        return self.cleaned_data["q"][:MAX_QUERY_CHARS]

    def search_filters(self):
        """The valid filters as search() takes them, once the form is validated; a filter with
        an error is left out, so a bad date still answers with results and the error beside
        its field."""
        data = self.cleaned_data
        return {
            "section": data.get("section") or self.site_root,
            "author": data.get("author"),
            "date_from": local_midnight(data.get("date_from")),
            "date_to": local_midnight(data.get("date_to"), days_later=1),
        }


def local_midnight(day, days_later=0):
    if day is None:
        return None
    try:
        moment = datetime.datetime.combine(day + datetime.timedelta(days=days_later),
                                           datetime.time(), timezone.get_current_timezone())
        moment.astimezone(datetime.UTC)
    except OverflowError:
        # A day at either end of the calendar (1 January 1, 31 December 9999) bounds nothing.
        return None
    return moment

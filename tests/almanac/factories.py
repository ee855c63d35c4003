"""The almanac's test data: its page and its entries (news' own are in tests/factories.py,
which must import without the almanac installed)."""

import factory
import wagtail_factories

from dateline.almanac.models import AlmanacEntry, OnThisDayPage


class OnThisDayPageFactory(wagtail_factories.PageFactory):
    title = "On This Day"
    slug = "on-this-day"

    class Meta:
        model = OnThisDayPage


class AlmanacEntryFactory(factory.django.DjangoModelFactory):
    month = 11
    day = 28
    year = 1943
    text = factory.Faker("sentence", nb_words=12)
    approved = True

    class Meta:
        model = AlmanacEntry

"""The almanac's test data: its page and its entries (news' own are in tests/factories.py,
which must import without the almanac installed)."""

import factory
import wagtail_factories

from wagtail.models import Locale

from dateline.almanac.models import AlmanacEntry, OnThisDayPage


class OnThisDayPageFactory(wagtail_factories.PageFactory):
    title = "On This Day"
    slug = "on-this-day"

    class Meta:
        model = OnThisDayPage


def persian_locale():
    return Locale.objects.get_or_create(language_code="fa")[0]


class AlmanacEntryFactory(factory.django.DjangoModelFactory):
    """An English edition's entry; ``persian=True`` writes the Persian edition's."""

    month = 11
    day = 28
    year = 1943
    text = factory.Faker("sentence", nb_words=12)
    approved = True

    class Params:
        persian = factory.Trait(locale=factory.LazyFunction(persian_locale))

    class Meta:
        model = AlmanacEntry

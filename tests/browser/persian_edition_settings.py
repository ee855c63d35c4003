"""The demo's settings with Persian among the languages, for the Solar Hijri browser test
(``test_persian_almanac``): a reader whose browser asks for Persian gets the Persian edition."""

from dateline.settings.demo import *  # noqa: F403
from dateline.settings.demo import LANGUAGES

if "fa" not in dict(LANGUAGES):
    LANGUAGES = [*LANGUAGES, ("fa", "فارسی")]

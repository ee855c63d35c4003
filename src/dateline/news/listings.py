"""Pages of other apps that list stories by their date register here, so that a cache can
find every URL a story appears on without importing those apps."""

_day_listings = []


def register_day_listing(urls_for_day):
    """``urls_for_day(date)`` answers the absolute URLs listing stories of that date."""
    _day_listings.append(urls_for_day)


def urls_listing_day(day):
    return {url for urls_for_day in _day_listings for url in urls_for_day(day)}

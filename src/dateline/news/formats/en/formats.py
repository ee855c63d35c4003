from dateline.news.dates import lazy_pattern

DATE_FORMAT = lazy_pattern("date")
DATETIME_FORMAT = lazy_pattern("datetime")
SHORT_DATE_FORMAT = lazy_pattern("date")
SHORT_DATETIME_FORMAT = lazy_pattern("datetime")
TIME_FORMAT = lazy_pattern("time")
MONTH_DAY_FORMAT = lazy_pattern("day")
YEAR_MONTH_FORMAT = lazy_pattern("month")

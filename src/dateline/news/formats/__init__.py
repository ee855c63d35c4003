"""Django's named date formats per language (``FORMAT_MODULE_PATH``), taken from the site's date
styles in ``dateline.news.dates``, so the admin (Wagtail reads ``DATETIME_FORMAT`` for its
dates) shows "6 December 2026, 23:18" as the site does. Each language in ``LANGUAGES`` has a
module here (one line: the
names ``named_formats`` gives for it); a test checks that."""

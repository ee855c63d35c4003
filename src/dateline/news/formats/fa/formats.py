from dateline.news.dates import named_formats

globals().update(named_formats("fa"))

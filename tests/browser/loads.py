def next_page_load(page):
    """Waits, as a context manager, for the next page the browser loads in full. Not
    ``expect_navigation``: that also ends at a ``history.replaceState``, which Wagtail's autosave
    does when it turns a new page's form into its edit form, before the post a click sent has
    been answered."""
    return page.expect_event("load")

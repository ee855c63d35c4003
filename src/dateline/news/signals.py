"""Signals for what readers see changing outside a page's own publish and unpublish.

Apps that change a rendered page indirectly (a recomputed Related News list, a banner, an
almanac entry) send ``reader_content_changed``; caches listen. ``news`` sends nothing itself.
"""

from django.dispatch import Signal

# Keyword arguments: ``pages`` (pages whose rendering changed), ``paths`` (URL paths that
# changed) and ``everywhere`` (True when every public page changed, e.g. the site's chrome).
reader_content_changed = Signal()

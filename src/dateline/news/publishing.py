"""The publish pipeline: what follows a change to a page, step by step, in a declared order.

A page published, unpublished, moved, deleted or made private or public again is a *change*.
The pipeline hears of it from Wagtail and Django (besides Wagtail's own redirects handler,
nothing in Dateline connects to Wagtail's page signals or to a page's deletion) and hands it
to the steps below, in the order they are declared, whatever the order of ``INSTALLED_APPS``
or of plugging. Apps plug a step by name from their ``AppConfig.ready()``, so
``grep -rn "publishing.plug" src/dateline`` lists every connection.

Steps *in the transaction* run as each change happens, inside the transaction that makes it,
so what they write commits or rolls back with the page. Steps *after the commit* run once the
transaction has committed (never when it rolls back), once per page however many signals
Wagtail sent for it, and see the page as committed. A step that needs the state from before the
change declares ``remember(page)``: the pipeline calls it before the transaction first changes
the page (before the save, the move or the deletion) and hands the answer to the step as
``change.before``. Nothing is kept on model instances.

A failing after-commit step is logged and the later steps still run: the change has committed,
and a purge must not be lost because a notification could not be sent.
"""

import dataclasses
import functools
import logging
import threading
import typing
import weakref

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

logger = logging.getLogger(__name__)

IN_TRANSACTION = "in the transaction"
AFTER_COMMIT = "after the commit"

PUBLISHED = "published"
UNPUBLISHED = "unpublished"
MOVED = "moved"
DELETED = "deleted"
PRIVACY = "privacy"
# Changes after which the page no longer shows where it showed before.
TAKEN_FROM_WHERE_IT_SHOWED = frozenset({UNPUBLISHED, MOVED, DELETED, PRIVACY})


@dataclasses.dataclass(frozen=True)
class Step:
    name: str
    phase: str
    does: str


STEPS = (
    Step("record", IN_TRANSACTION,
         "news: the article's own dates on its row (published_at on first publication, "
         "updated_at from its latest correction), before anything reads them"),
    Step("search index", IN_TRANSACTION,
         "discovery: the story's row in the reader search index, committed with the page so "
         "that a live story is always findable and Related News reads the new text"),
    Step("edition", AFTER_COMMIT,
         "news: a new edition, so what requests remember is read again from committed rows"),
    Step("breaking news", AFTER_COMMIT,
         "newsroom: the banner is read again; a story in a running banner changes every page"),
    Step("related news", AFTER_COMMIT,
         "discovery: the story's similar stories recomputed by the worker, and the lists that "
         "showed it refreshed"),
    Step("sitemaps", AFTER_COMMIT,
         "discovery: the days the story left and joined counted again, for the sitemap index"),
    Step("purge", AFTER_COMMIT,
         "delivery: every cached page that showed the old state, hard when readers must not "
         "see it again"),
    Step("notify", AFTER_COMMIT, "nothing yet: newsletters and alerts"),
)


@dataclasses.dataclass(frozen=True)
class Change:
    """What happened to one page.

    ``kinds``: a set of ``PUBLISHED``, ``UNPUBLISHED``, ``MOVED``, ``DELETED``, ``PRIVACY``
    (after the commit, all that happened to the page in the transaction). ``page_type``: the
    page's specific class. ``page``: in the transaction, the instance the signal carried; after
    the commit, the page as committed (``None`` once deleted). ``before``: what the step's own
    ``remember(page)`` answered before the transaction first changed the page.
    """

    kinds: frozenset
    page_id: int
    page_type: type
    page: object
    before: object = None

    def of(self, model):
        return self.page_type is not None and issubclass(self.page_type, model)


@dataclasses.dataclass
class Plug:
    run: object
    remember: object = None


class Remembered(typing.NamedTuple):
    page_id: int
    values: dict
    outside_any_block: bool


class PageLog:
    """What happened to one page in the current transaction, in order: each change (a kind)
    and each time the steps remembered the page's state (``None`` for a kind)."""

    def __init__(self, page_id, page_type):
        self.page_id = page_id
        self.page_type = page_type
        self.entries = []
        self.delivered = 0

    def add(self, kind, remembered):
        self.entries.append((kind, remembered))
        return len(self.entries) - 1

    def last_remembered(self):
        return self.entries[-1][1] if self.entries else None


class ChangesInTransaction:
    """The pages changed in one transaction, each delivered to the after-commit steps once it
    commits.

    Every entry in a page's log registers an on-commit callback, and the first of them to run
    delivers the page: the changes from its entry on, with what was remembered at its entry.
    When the transaction commits that is the first entry, the state from before the transaction
    (what the caches show); in a test's ``captureOnCommitCallbacks()`` block, the first entry
    in the block. Only those callbacks hold the batch: when Django drops them (a rollback, or
    the rollback of the savepoint they were registered in) the batch goes with them, and the
    pipeline, which refers to it weakly, starts afresh.
    """

    def __init__(self, pipeline):
        self.pipeline = pipeline
        self.pages = {}

    def log(self, page):
        if page.pk not in self.pages:
            self.pages[page.pk] = PageLog(page.pk, page.specific_class)
        return self.pages[page.pk]

    def add(self, log, kind, remembered):
        entry = log.add(kind, remembered)
        transaction.on_commit(functools.partial(self.deliver, log.page_id, entry), robust=True)

    def deliver(self, page_id, entry):
        log = self.pages[page_id]
        if entry < log.delivered:
            return
        kinds = {kind for kind, _ in log.entries[entry:] if kind is not None}
        if kinds:
            log.delivered = len(log.entries)
            self.pipeline.deliver(log.page_id, log.page_type, kinds, log.entries[entry][1])


class Pipeline:
    def __init__(self, steps):
        self.steps = tuple(steps)
        self.plugs = {}
        self.local = threading.local()

    def step(self, name):
        for step in self.steps:
            if step.name == name:
                return step
        raise ImproperlyConfigured(
            f"The publish pipeline has no step {name!r}; its steps are: "
            f"{', '.join(step.name for step in self.steps)}.")

    def plug(self, name, run, *, remember=None):
        """``run(change)`` becomes step ``name``. ``remember(page)``, if given, is called before
        each change to a page (before its save, move or deletion, or the save or deletion of a
        restriction on it), and ``run`` is handed the answer from before the transaction's
        first change as ``change.before``. One plug per step; plugging the same one again is
        a no-op (Django may run ``ready()`` twice in a test process)."""
        self.step(name)
        plug = Plug(run, remember)
        existing = self.plugs.get(name)
        if existing is not None and existing != plug:
            raise ImproperlyConfigured(f"The {name!r} step of the publish pipeline is already "
                                       f"plugged by {existing.run.__qualname__}.")
        self.plugs[name] = plug
        return run

    def unplug(self, name):
        self.plugs.pop(name, None)

    def plugged(self, phase):
        return [(step, self.plugs[step.name]) for step in self.steps
                if step.phase == phase and step.name in self.plugs]

    # What Wagtail and Django say, turned into changes.

    def connections(self):
        """Every signal the pipeline hears: (signal, handler, sender or None for any)."""
        yield from ((pre_save, self.page_saving, None), (pre_page_move, self.page_moving, None),
                    (pre_delete, self.page_deleting, None),
                    (page_published, self.page_published, None),
                    (page_unpublished, self.page_unpublished, None),
                    (post_page_move, self.page_moved, None))
        for before, after in ((pre_save, post_save), (pre_delete, post_delete)):
            yield before, self.privacy_changing, PageViewRestriction
            yield after, self.privacy_changed, PageViewRestriction

    def listen(self):
        for signal, handler, sender in self.connections():
            signal.connect(handler, sender=sender)

    def stop_listening(self):
        for signal, handler, sender in self.connections():
            signal.disconnect(handler, sender=sender)

    def page_saving(self, sender, instance, raw=False, update_fields=None, **kwargs):
        # A publish or an unpublish saves the whole page; a draft saves named fields only.
        if isinstance(instance, Page) and not raw and update_fields is None and instance.pk:
            self.remember(instance)

    def page_moving(self, sender, instance, **kwargs):
        self.remember(instance)

    def page_deleting(self, sender, instance, **kwargs):
        if isinstance(instance, Page):
            self.remember(instance)
            self.changed(DELETED, instance)

    def page_published(self, sender, instance, **kwargs):
        self.changed(PUBLISHED, instance)

    def page_unpublished(self, sender, instance, **kwargs):
        self.changed(UNPUBLISHED, instance)

    def page_moved(self, sender, instance, **kwargs):
        self.changed(MOVED, instance)

    def privacy_changing(self, sender, instance, raw=False, **kwargs):
        page = None if raw else Page.objects.filter(pk=instance.page_id).first()
        if page is not None:
            self.remember(page)

    def privacy_changed(self, sender, instance, raw=False, **kwargs):
        page = None if raw else Page.objects.filter(pk=instance.page_id).first()
        if page is not None:
            self.changed(PRIVACY, page)

    # Remembering, collecting and delivering.

    def remember(self, page):
        """Before a change: each after-commit step's ``remember(page)``, by step name."""
        remembered = {step.name: plug.remember(page) for step, plug in self.plugged(AFTER_COMMIT)
                      if plug.remember is not None}
        inside = in_transaction()
        if inside:
            batch = self.current_transaction()
            batch.add(batch.log(page), None, remembered)
        # With no transaction around it, a save commits in an atomic block of its own (Wagtail's
        # Page.save) before the publish signal comes: the page's change takes what was
        # remembered last, unless a move remembered the page before its own atomic block.
        last = getattr(self.local, "last_remembered", None)
        if not (inside and last and last.page_id == page.pk and last.outside_any_block):
            self.local.last_remembered = Remembered(page.pk, remembered, not inside)
        return remembered

    def changed(self, kind, page):
        change = Change(frozenset({kind}), page.pk, page.specific_class, page)
        for _, plug in self.plugged(IN_TRANSACTION):
            plug.run(change)
        if in_transaction():
            batch = self.current_transaction()
            log = batch.log(page)
            remembered = (log.last_remembered() if len(log.entries) > log.delivered
                          else self.remember(page))
            batch.add(log, kind, remembered)
        else:
            # Autocommit: the change is committed already, and no later signal belongs with it.
            last = getattr(self.local, "last_remembered", None)
            remembered = last.values if last and last.page_id == page.pk else self.remember(page)
            self.local.last_remembered = None
            self.deliver(page.pk, page.specific_class, {kind}, remembered)

    def current_transaction(self):
        reference = getattr(self.local, "transaction", None)
        batch = reference() if reference is not None else None
        if batch is None:
            batch = ChangesInTransaction(self)
            self.local.transaction = weakref.ref(batch)
        return batch

    def deliver(self, page_id, page_type, kinds, remembered):
        page = Page.objects.filter(pk=page_id).specific().first()
        for step, plug in self.plugged(AFTER_COMMIT):
            change = Change(frozenset(kinds), page_id, page_type, page, remembered.get(step.name))
            try:
                plug.run(change)
            except Exception:
                logger.exception("The %r step of the publish pipeline failed for page %s (%s); "
                                 "the steps after it still run.", step.name, page_id,
                                 ", ".join(sorted(kinds)))


def in_transaction():
    return transaction.get_connection().in_atomic_block


pipeline = Pipeline(STEPS)
plug = pipeline.plug

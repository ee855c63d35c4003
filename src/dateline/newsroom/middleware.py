import contextlib
import threading

from django.db import connection, transaction
from django.urls import reverse

# SQLite lets one writer in at a time, and writers waiting for it poll rather than queue: under
# a dozen concurrent saves a waiter could be passed over until its busy timeout ran out
# ("database is locked"). This process's admin writes queue here instead, so that only one of
# them at a time waits on SQLite, against the other processes' writers alone.
SQLITE_WRITERS = threading.Lock()


class AtomicAdminWritesMiddleware:
    """Each change made in the admin is one transaction, as with ``ATOMIC_REQUESTS`` but for
    the admin's writes alone.

    Wagtail publishes a page in several commits (form, revision, schedule, page, log); a crash
    between them leaves a page whose live content, revision history and log disagree. Readers'
    requests and the admin's GETs are left alone: on SQLite a transaction here takes the write
    lock, which reading needs no part of.
    """

    SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
    # Signing in and out changes no content, and checking a password takes a deliberate
    # fraction of a second: inside a transaction, on SQLite, it held the write lock that long,
    # and a handful of editors signing in at once made the others' saves time out. Views that
    # send mail wait on the mail server (up to its timeout) and make their own transactions.
    UNGUARDED_VIEWS = {"wagtailadmin_login", "wagtailadmin_logout", "newsroom_password_reset",
                       "newsroom_invite", "newsroom_resend_invitation",
                       "newsroom_accept_invitation"}

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, view_args, view_kwargs):
        if request.method in self.SAFE_METHODS or not self.is_admin(request):
            return None
        if request.resolver_match.url_name in self.UNGUARDED_VIEWS:
            return None
        # Calling the view here, inside the transaction, is what ATOMIC_REQUESTS does: an
        # exception rolls everything back before Django turns it into an error page.
        queue = SQLITE_WRITERS if connection.vendor == "sqlite" else contextlib.nullcontext()
        with queue, transaction.atomic():
            return view(request, *view_args, **view_kwargs)

    def is_admin(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        return request.path_info.startswith(self.admin_prefix)

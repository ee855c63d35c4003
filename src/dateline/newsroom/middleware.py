from django.db import transaction
from django.urls import reverse


class AtomicAdminWritesMiddleware:
    """Each change made in the admin is one transaction, as with ``ATOMIC_REQUESTS`` but for
    the admin's writes alone.

    Wagtail publishes a page in several commits (form, revision, schedule, page, log); a crash
    between them leaves a page whose live content, revision history and log disagree. Readers'
    requests and the admin's GETs are left alone: on SQLite a transaction here takes the write
    lock, which reading needs no part of.
    """

    SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, view_args, view_kwargs):
        if request.method in self.SAFE_METHODS or not self.is_admin(request):
            return None
        # Calling the view here, inside the transaction, is what ATOMIC_REQUESTS does: an
        # exception rolls everything back before Django turns it into an error page.
        with transaction.atomic():
            return view(request, *view_args, **view_kwargs)

    def is_admin(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        return request.path_info.startswith(self.admin_prefix)

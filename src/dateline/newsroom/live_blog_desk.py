"""The live blog composer: a compact form in the admin that posts an update to a live blog as
a new revision, without opening the whole page.

The update takes the road every change takes: the copy desk reads the live blog with it and
refuses one with blocking findings; an editor's update is published at once through the
publish pipeline (which numbers it and purges the live blog's page, updates and feed); a
contributor's goes to the review workflow for an editor's approval. Withdrawing an update (a
legal takedown) is for those who may publish, and takes it off every page at once.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from dateline.copydesk.registry import run_checks
from dateline.news.live_updates import (
    paragraphs,
    pending_revision,
    post_update,
    publish_keeping,
    withdraw_update,
)
from dateline.news.models import AuthorPage, LiveBlogPage

RECENT_UPDATES = 15


class UpdateForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Update"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Plain text; leave a blank line between paragraphs."))
    author = forms.ModelChoiceField(
        label=gettext_lazy("Author"), required=False,
        queryset=AuthorPage.objects.live().order_by("title"))
    pinned = forms.BooleanField(label=gettext_lazy("Pin on top"), required=False)
    is_correction = forms.BooleanField(label=gettext_lazy("Correction"), required=False)


class LiveBlogDeskMixin(WagtailAdminTemplateMixin):
    header_icon = "time"

    def dispatch(self, request, *args, **kwargs):
        self.blog = get_object_or_404(LiveBlogPage, pk=kwargs["page_id"])
        self.permissions = self.blog.permissions_for_user(request.user)
        if not self.permissions.can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ComposeView(LiveBlogDeskMixin, FormView):
    template_name = "newsroom/live_blogs/compose.html"
    form_class = UpdateForm

    def get_page_title(self):
        return _("Live blog: %(title)s") % {"title": self.blog.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_pages:edit", args=[self.blog.pk]),
             "label": self.blog.title},
            {"url": "", "label": _("Post an update")},
        ]

    def get_initial(self):
        author = self.blog.article_authors.first()
        return {"author": author.author_id if author else None}

    def get_context_data(self, **kwargs):
        recent = self.blog.live_updates.exclude(sequence=None).order_by("-sequence")
        return super().get_context_data(
            blog=self.blog, can_publish=self.permissions.can_publish(),
            recent_updates=recent.select_related("author")[:RECENT_UPDATES], **kwargs)

    def form_valid(self, form):
        can_publish = self.permissions.can_publish()
        if not can_publish and self.blog.workflow_in_progress:
            form.add_error(None, _("An update to this live blog is already waiting for review; "
                                   "post yours once an editor has approved it."))
            return self.form_invalid(form)
        with transaction.atomic():
            pending = pending_revision(self.blog)
            revision = post_update(
                self.blog, paragraphs(form.cleaned_data["text"]),
                author=form.cleaned_data["author"], pinned=form.cleaned_data["pinned"],
                is_correction=form.cleaned_data["is_correction"], user=self.request.user,
                publish=False)
            blocking = [finding for finding in run_checks(revision.as_object())
                        if finding.blocks]
            if blocking:
                transaction.set_rollback(True)
            elif can_publish:
                publish_keeping(revision, pending, self.request.user)
            else:
                self.blog.refresh_from_db()
                self.blog.get_workflow().start(self.blog, self.request.user)
        if blocking:
            for finding in blocking:
                form.add_error("text", str(finding))
            return self.form_invalid(form)
        if can_publish:
            messages.success(self.request, _("Update posted."))
        else:
            messages.success(self.request, _("Update sent to an editor for review."))
        return redirect("newsroom_live_blog_compose", page_id=self.blog.pk)


class WithdrawView(LiveBlogDeskMixin, View):
    http_method_names = ["post"]

    def post(self, request, page_id, sequence):
        if not self.permissions.can_publish():
            raise PermissionDenied
        if not self.blog.live_updates.filter(sequence=sequence, withdrawn=False).exists():
            messages.error(request, _("There is no update %(number)s to withdraw.")
                           % {"number": sequence})
        else:
            withdraw_update(self.blog, sequence, user=request.user)
            messages.success(request, _("Update %(number)s is withdrawn from every page.")
                             % {"number": sequence})
        return redirect("newsroom_live_blog_compose", page_id=page_id)


def composer_button(page, user, view_name=None, next_url=None):
    """"Post an update" beside a live blog's other actions."""
    if issubclass(page.specific_class or object, LiveBlogPage) and \
            page.permissions_for_user(user).can_edit():
        yield PageMenuItem(
            _("Post an update"), reverse("newsroom_live_blog_compose", args=[page.pk]),
            icon_name="time", priority=5, page=page)

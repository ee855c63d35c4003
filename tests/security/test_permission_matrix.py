"""Every role, a signed-in reader and anonymous readers, against every admin and public URL:
what each may do (issue 7, part 3).

The expected matrix is data: one row per URL or action, one outcome per role in ``ROLES``
order. Views are requested as the roles would request them; actions that change something are
posted, and the page is then looked at, so a refusal means nothing happened.
"""

import pytest

from django.db import transaction
from django.urls import reverse

from wagtail.models import Page

from dateline.importers.models import FeedSubscription
from tests.admin_forms import PUBLISH, article_form
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# "reader" is a signed-in account in no group: the public with a login.
ROLES = ["anonymous", "reader", "contributor", "editor", "administrator", "superuser"]

OK = "ok"  # 200
MOVED = "moved"  # a redirect elsewhere than the login or the "no permission" dashboard
DENIED = "denied"  # 403, or back to the dashboard with Wagtail's "no permission" message
LOGIN = "login"  # to the admin's login form
MISSING = "missing"  # 404

ALL = (OK,) * 6
NOBODY = (MISSING,) * 6
# Wagtail sends an account without admin access back to the login form.
STAFF = (LOGIN, LOGIN, OK, OK, OK, OK)
OWNER_OR_EDITOR = STAFF
EDITORS = (LOGIN, LOGIN, DENIED, OK, OK, OK)
ADMINISTRATORS = (LOGIN, LOGIN, DENIED, DENIED, OK, OK)
SUPERUSERS = (LOGIN, LOGIN, DENIED, DENIED, DENIED, OK)


def edit(name, page):
    return reverse(f"wagtailadmin_pages:{name}", args=[page.pk])


def revisions(page):
    return list(page.revisions.order_by("created_at").values_list("pk", flat=True))


def compare(page):
    first, last = revisions(page)[:2]
    return reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first, last])


def revision(name, page):
    return reverse(f"wagtailadmin_pages:revisions_{name}", args=[page.pk, revisions(page)[0]])


def workflow_action(action, page):
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


GETS = [
    ("home page", lambda d: d.home.url, ALL),
    ("section page", lambda d: d.section.url, ALL),
    ("published story", lambda d: d.published.url, ALL),
    ("a draft's public address", lambda d: d.own_draft.url, NOBODY),
    ("admin dashboard", lambda d: reverse("wagtailadmin_home"), STAFF),
    ("page explorer", lambda d: reverse("wagtailadmin_explore", args=[d.section.pk]), STAFF),
    ("page search", lambda d: reverse("wagtailadmin_pages:search"), STAFF),
    ("stories listing", lambda d: reverse("stories:index"), STAFF),
    ("topic chooser lookup",
     lambda d: f"{reverse('topic_chooser_objects')}?type=news.TopicPage&pks={d.topic.pk}", STAFF),
    ("add a story to a section",
     lambda d: reverse("wagtailadmin_pages:add", args=["news", "articlepage", d.section.pk]),
     STAFF),
    ("edit own draft", lambda d: edit("edit", d.own_draft), OWNER_OR_EDITOR),
    ("edit another's draft", lambda d: edit("edit", d.others_draft), EDITORS),
    ("edit a published story", lambda d: edit("edit", d.published), EDITORS),
    ("edit a story in review", lambda d: edit("edit", d.in_review), EDITORS),
    ("preview own draft", lambda d: edit("preview_on_edit", d.own_draft), OWNER_OR_EDITOR),
    ("preview another's draft", lambda d: edit("preview_on_edit", d.others_draft), EDITORS),
    ("view own draft", lambda d: edit("view_draft", d.own_draft), OWNER_OR_EDITOR),
    ("view another's draft", lambda d: edit("view_draft", d.others_draft), EDITORS),
    ("history of own draft", lambda d: edit("history", d.own_draft), OWNER_OR_EDITOR),
    ("history of another's draft", lambda d: edit("history", d.others_draft), EDITORS),
    ("revisions of own draft", lambda d: edit("revisions_index", d.own_draft),
     (LOGIN, LOGIN, MOVED, MOVED, MOVED, MOVED)),
    ("compare own draft's revisions", lambda d: compare(d.own_draft), OWNER_OR_EDITOR),
    ("compare another's revisions", lambda d: compare(d.others_draft), EDITORS),
    ("view an earlier revision of own draft", lambda d: revision("view", d.own_draft),
     OWNER_OR_EDITOR),
    ("view an earlier revision of another's", lambda d: revision("view", d.others_draft),
     EDITORS),
    ("restore an earlier revision of own draft", lambda d: revision("revert", d.own_draft),
     OWNER_OR_EDITOR),
    ("restore an earlier revision of another's", lambda d: revision("revert", d.others_draft),
     EDITORS),
    ("copy own draft", lambda d: edit("copy", d.own_draft), OWNER_OR_EDITOR),
    ("copy a published story", lambda d: edit("copy", d.published), EDITORS),
    ("move own draft", lambda d: edit("move", d.own_draft), OWNER_OR_EDITOR),
    ("move a published story", lambda d: edit("move", d.published), EDITORS),
    ("delete own draft", lambda d: edit("delete", d.own_draft), OWNER_OR_EDITOR),
    ("delete another's draft", lambda d: edit("delete", d.others_draft), EDITORS),
    ("delete a section with its stories", lambda d: edit("delete", d.section), ADMINISTRATORS),
    ("unpublish a story", lambda d: edit("unpublish", d.published), EDITORS),
    ("approve a story in review", lambda d: workflow_action("approve", d.in_review), EDITORS),
    ("request changes to a story", lambda d: workflow_action("reject", d.in_review), EDITORS),
    ("workflow history of a story", lambda d: edit("workflow_history", d.in_review), EDITORS),
    ("breaking-news banners",
     lambda d: reverse("wagtailsnippets_newsroom_breakingnewsbanner:list"), EDITORS),
    ("add a banner", lambda d: reverse("wagtailsnippets_newsroom_breakingnewsbanner:add"),
     EDITORS),
    ("edit a banner",
     lambda d: reverse("wagtailsnippets_newsroom_breakingnewsbanner:edit", args=[d.banner.pk]),
     EDITORS),
    ("add an almanac entry", lambda d: reverse("wagtailsnippets_almanac_almanacentry:add"),
     EDITORS),
    ("add a feed subscription",
     lambda d: reverse("wagtailsnippets_importers_feedsubscription:add"), EDITORS),
    ("images", lambda d: reverse("wagtailimages:index"), STAFF),
    ("add an image", lambda d: reverse("wagtailimages:add"), STAFF),
    ("edit another's image", lambda d: reverse("wagtailimages:edit", args=[d.image.pk]),
     EDITORS),
    ("image chooser", lambda d: reverse("wagtailimages_chooser:choose"), STAFF),
    ("add a document", lambda d: reverse("wagtaildocs:add"), STAFF),
    ("document chooser", lambda d: reverse("wagtaildocs_chooser:choose"), STAFF),
    ("page chooser", lambda d: reverse("wagtailadmin_choose_page"), STAFF),
    ("admin API", lambda d: reverse("wagtailadmin_api:pages:listing"), STAFF),
    ("site settings",
     lambda d: reverse("wagtailsettings:edit", args=["news", "sitesettings", d.site.pk]),
     EDITORS),
    ("redirects", lambda d: reverse("wagtailredirects:index"), EDITORS),
    ("workflows", lambda d: reverse("wagtailadmin_workflows:index"), ADMINISTRATORS),
    ("sites", lambda d: reverse("wagtailsites:index"), ADMINISTRATORS),
    ("collections", lambda d: reverse("wagtailadmin_collections:index"), ADMINISTRATORS),
    ("users", lambda d: reverse("wagtailusers_users:index"), SUPERUSERS),
    ("add a user", lambda d: reverse("wagtailusers_users:add"), SUPERUSERS),
    ("groups", lambda d: reverse("wagtailusers_groups:index"), SUPERUSERS),
    ("staff invitations", lambda d: reverse("newsroom_invitations"), SUPERUSERS),
    ("invite staff", lambda d: reverse("newsroom_invite"), SUPERUSERS),
    # Previews, revisions and history beyond the writer's own draft.
    ("preview a story in review", lambda d: edit("preview_on_edit", d.in_review), EDITORS),
    ("preview a story in review as its review task",
     lambda d: reverse("wagtailadmin_pages:workflow_preview",
                       args=[d.in_review.pk, d.in_review.current_workflow_task.pk]), EDITORS),
    ("history of a published story", lambda d: edit("history", d.published), EDITORS),
    ("history listing of another's draft", lambda d: edit("history_results", d.others_draft),
     EDITORS),
    ("compare another's draft with its latest",
     lambda d: reverse("wagtailadmin_pages:revisions_compare",
                       args=[d.others_draft.pk, "earliest", "latest"]), EDITORS),
    ("where a published story is used", lambda d: edit("usage", d.published), EDITORS),
    ("copy a story in review", lambda d: edit("copy", d.in_review), EDITORS),
    # Choosers. Wagtail's snippet and task choosers list every entry to anyone in the admin
    # and offer "create" only with the add permission: fine for banners and almanac entries,
    # which readers see anyway, but feed subscriptions are the editors' own business.
    ("page chooser inside a section",
     lambda d: reverse("wagtailadmin_choose_page_child", args=[d.section.pk]), STAFF),
    ("page chooser search", lambda d: reverse("wagtailadmin_choose_page_search") + "?q=bridge",
     STAFF),
    ("external link chooser", lambda d: reverse("wagtailadmin_choose_page_external_link"),
     STAFF),
    ("embed chooser", lambda d: reverse("wagtailembeds:chooser"), STAFF),
    ("almanac entry chooser",
     lambda d: reverse("wagtailsnippetchoosers_almanac_almanacentry:choose"), STAFF),
    ("feed subscription chooser",
     lambda d: reverse("wagtailsnippetchoosers_importers_feedsubscription:choose"), EDITORS),
    ("feed subscription chooser results",
     lambda d: reverse("wagtailsnippetchoosers_importers_feedsubscription:choose_results"),
     EDITORS),
    ("a chosen feed subscription",
     lambda d: reverse("wagtailsnippetchoosers_importers_feedsubscription:chosen",
                       args=[d.subscription.pk]), EDITORS),
    ("breaking-news banner chooser",
     lambda d: reverse("wagtailsnippetchoosers_newsroom_breakingnewsbanner:choose"), STAFF),
    ("workflow task chooser", lambda d: reverse("wagtailadmin_workflows:task_chooser"), STAFF),
    # Snippets' own history and copies.
    ("history of a banner",
     lambda d: reverse("wagtailsnippets_newsroom_breakingnewsbanner:history",
                       args=[d.banner.pk]), EDITORS),
    ("copy a banner",
     lambda d: reverse("wagtailsnippets_newsroom_breakingnewsbanner:copy", args=[d.banner.pk]),
     EDITORS),
    ("feed subscriptions", lambda d: reverse("wagtailsnippets_importers_feedsubscription:list"),
     EDITORS),
    # Settings: the site's and the role's own account.
    ("site settings for the default site",
     lambda d: reverse("wagtailsettings:edit", args=["news", "sitesettings"]),
     (LOGIN, LOGIN, DENIED, MOVED, MOVED, MOVED)),
    ("own account", lambda d: reverse("wagtailadmin_account"), STAFF),
    # Reports: Wagtail lists in them only the pages the role may edit.
    ("site history report", lambda d: reverse("wagtailadmin_reports:site_history"), STAFF),
    ("aging pages report", lambda d: reverse("wagtailadmin_reports:aging_pages"), STAFF),
    ("locked pages report", lambda d: reverse("wagtailadmin_reports:locked_pages"), EDITORS),
    ("workflow report", lambda d: reverse("wagtailadmin_reports:workflow"), STAFF),
    # The admin's own API, and no public API mounted at all.
    ("admin API, a draft's detail",
     lambda d: reverse("wagtailadmin_api:pages:detail", args=[d.others_draft.pk]), STAFF),
    ("admin API, images", lambda d: reverse("wagtailadmin_api:images:listing"), STAFF),
    ("admin API, documents", lambda d: reverse("wagtailadmin_api:documents:listing"), STAFF),
    ("public API root", lambda d: "/api/", NOBODY),
    ("public API pages", lambda d: "/api/v2/pages/", NOBODY),
    ("public API images", lambda d: "/api/v2/images/", NOBODY),
]

SUBMIT = {"action-submit": "action-submit"}


def state(page):
    """What a reader or reviewer would see of the page now."""
    page = Page.objects.filter(pk=page.pk).first()
    if page is None:
        return "deleted"
    if page.workflow_in_progress:
        return "in review"
    status = page.current_workflow_state
    return "live" if page.live else ("changes requested" if status else "draft")


# Actions posted by each role: the page's state afterwards, per role in ROLES order.
POSTS = [
    ("publish own draft", lambda d: d.own_draft,
     lambda d: (edit("edit", d.own_draft), article_form(d.own_draft, **PUBLISH)),
     ("draft", "draft", "draft", "live", "live", "live")),
    ("publish another's draft", lambda d: d.others_draft,
     lambda d: (edit("edit", d.others_draft), article_form(d.others_draft, **PUBLISH)),
     ("draft", "draft", "draft", "live", "live", "live")),
    ("submit own draft for review", lambda d: d.own_draft,
     lambda d: (edit("edit", d.own_draft), article_form(d.own_draft, **SUBMIT)),
     ("draft", "draft", "in review", "in review", "in review", "in review")),
    ("approve a story in review", lambda d: d.in_review,
     lambda d: (workflow_action("approve", d.in_review), {"comment": "Good to go."}),
     ("in review",) * 3 + ("live",) * 3),
    ("request changes to a story", lambda d: d.in_review,
     lambda d: (workflow_action("reject", d.in_review), {"comment": "Call the mayor."}),
     ("in review",) * 3 + ("changes requested",) * 3),
    ("unpublish a story", lambda d: d.published,
     lambda d: (edit("unpublish", d.published), {}),
     ("live",) * 3 + ("draft",) * 3),
    ("delete own draft", lambda d: d.own_draft,
     lambda d: (edit("delete", d.own_draft), {}),
     ("draft", "draft", "deleted", "deleted", "deleted", "deleted")),
    ("delete a published story", lambda d: d.published,
     lambda d: (edit("delete", d.published), {}),
     ("live",) * 3 + ("deleted",) * 3),
]


def outcome(client, response):
    if response.status_code == 302:
        if response.url.startswith(reverse("wagtailadmin_login")):
            return LOGIN
        if response.url == reverse("wagtailadmin_home"):
            # Showing the dashboard also clears the message, so it cannot leak into the next.
            dashboard = client.get(response.url).content.decode()
            return DENIED if "do not have permission" in dashboard else MOVED
        return MOVED
    return {200: OK, 403: DENIED, 404: MISSING}.get(response.status_code,
                                                    f"HTTP {response.status_code}")


def sign_in(client, desk, role):
    client.logout()
    if role != "anonymous":
        client.force_login(getattr(desk, role))


@pytest.fixture
def staff(desk):
    desk.reader = UserFactory(username="reader")
    desk.subscription = FeedSubscription.objects.create(
        url="https://wire.example.org/feed.xml", section=desk.section)
    return desk


def test_every_role_gets_exactly_what_the_matrix_allows(staff, client, report_figure):
    desk = staff
    mismatches = []
    checks = 0
    for column, role in enumerate(ROLES):
        sign_in(client, desk, role)
        for name, url, expected in GETS:
            got = outcome(client, client.get(url(desk)))
            checks += 1
            if got != expected[column]:
                mismatches.append(f"{role} GET {name}: expected {expected[column]}, got {got}")
        for name, page, action, expected in POSTS:
            with transaction.atomic():
                url, form = action(desk)
                client.post(url, form)
                got = state(page(desk))
                transaction.set_rollback(True)
            checks += 1
            if got != expected[column]:
                mismatches.append(f"{role} POST {name}: expected {expected[column]}, got {got}")
    report_figure("permission matrix", f"{len(ROLES)} roles x {len(GETS) + len(POSTS)} "
                  f"URLs and actions = {checks} checks, {len(mismatches)} mismatches")
    assert checks == len(ROLES) * (len(GETS) + len(POSTS))
    assert mismatches == [], "\n".join(mismatches)

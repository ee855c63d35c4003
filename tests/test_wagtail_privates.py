"""Each place Dateline relies on a private part of Wagtail, treebeard or Django, pinned: an
upgrade that changes one fails here, by name, instead of quietly costing queries or letting an
out-of-date form publish. docs/architecture.md lists them ("Wagtail's private parts").

The fourth, the app configs without Wagtail's v3 API, is pinned in
tests/server/test_wagtail_apps.py."""

import pytest

from django.core.files.base import ContentFile
from django.test import Client, RequestFactory
from django.urls import reverse

from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.search.backends.base import BaseSearchResults

from dateline.news.media_storage import MediaStorage
from dateline.news.models import ArticlePage, SiteSettings
from tests import factories
from tests.admin_forms import article_form

GOING_LIVE = ("action-publish", "action-workflow-action")


# news/sites.py: the site and its settings a request remembers --------------------------

@pytest.mark.database_independent
def test_wagtail_takes_the_site_a_request_already_names_without_a_query():
    request = RequestFactory().get("/")
    site = Site(hostname="news.example.org", port=80)
    request._wagtail_site = site
    assert Site.find_for_request(request) is site
    request._wagtail_site = None  # a host with no site stays without one
    assert Site.find_for_request(request) is None


@pytest.mark.database_independent
def test_wagtail_takes_the_settings_a_request_already_has_without_a_query():
    request = RequestFactory().get("/")
    settings = SiteSettings()
    setattr(request, SiteSettings.get_cache_attr_name(), settings)
    assert SiteSettings.for_request(request) is settings


# news/models/routing.py, news/templatetags/news_tags.py: parents known from the path --------

# A page's default locale is read from the database as it is made, so this is a database test:
# pytest-django runs it before the browser tests, whose event loop forbids queries after them.
@pytest.mark.django_db
def test_a_page_reads_the_parent_it_was_given_without_a_query(django_assert_num_queries):
    parent = Page(path="00010001", depth=2)
    child = Page(path="000100010001", depth=3)
    child._cached_parent_obj = parent
    with django_assert_num_queries(0):
        assert child.get_parent() is parent


# newsroom/editing_conflicts.py: an out-of-date form saves a draft --------------------------

def keep_as_draft(request, page):
    """What editing_conflicts does to an out-of-date form, for every form."""
    request.POST = request.POST.copy()
    for button in GOING_LIVE:
        request.POST.pop(button, None)


def post_edit_form(user, story, **buttons):
    client = Client()
    client.force_login(user)
    with hooks.register_temporarily("before_edit_page", keep_as_draft):
        return client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]),
                           article_form(story, paragraph="Ferries run twice a day.", **buttons))


@pytest.mark.django_db
def test_the_edit_form_chooses_publish_only_after_the_before_edit_page_hook(desk):  # noqa: F811
    story = ArticlePage.objects.get(pk=desk.own_draft.pk)
    revisions = story.revisions.count()
    response = post_edit_form(desk.editor, story, **{"action-publish": "action-publish"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert not story.live
    assert story.revisions.count() == revisions + 1


@pytest.mark.django_db
def test_the_edit_form_chooses_approval_only_after_the_before_edit_page_hook(desk):  # noqa: F811
    story = ArticlePage.objects.get(pk=desk.in_review.pk)
    response = post_edit_form(desk.editor, story, **{"action-workflow-action": "1",
                                                     "workflow-action-name": "approve"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert not story.live
    assert story.workflow_in_progress


# discovery/search/wagtail_backend.py: the admin's search backend ---------------------------

class Probe(BaseSearchResults):
    def _do_search(self):
        return [self._score_field, self.start, self.stop]

    def _do_count(self):
        return 7


@pytest.mark.database_independent
def test_search_results_leave_the_search_and_count_to_the_backend_and_name_the_score():
    results = Probe(None, None).annotate_score("relevance")
    assert list(results[2:5]) == ["relevance", 2, 5]
    assert results.count() == 7


@pytest.mark.django_db
def test_the_admin_search_gives_each_result_its_score(newsroom):
    story = factories.ArticlePageFactory(parent=newsroom.section, title="Saffron harvest fails")
    story.save_revision().publish()
    [found] = Page.objects.search("saffron").annotate_score("relevance")
    assert found.pk == story.pk
    assert found.relevance > 0


# news/media_storage.py: the documented Storage._save, over FileSystemStorage's own ----------

@pytest.mark.database_independent
def test_media_storage_saves_through_django_and_leaves_no_draft(tmp_path):
    storage = MediaStorage(location=tmp_path)
    name = storage.save("original_images/ferry.jpg", ContentFile(b"picture"))
    assert name == "original_images/ferry.jpg"
    assert (tmp_path / name).read_bytes() == b"picture"
    assert sorted(path.name for path in (tmp_path / "original_images").iterdir()) == ["ferry.jpg"]

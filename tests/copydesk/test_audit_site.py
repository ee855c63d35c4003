"""`dateline audit_site` runs every check over the live site and fails on blocking findings."""

from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def audit(*args):
    output = StringIO()
    call_command("audit_site", *args, stdout=output)
    return output.getvalue()


def test_a_clean_site_passes_the_audit(newsroom):
    ArticlePageFactory(parent=newsroom.section, authors=[newsroom.author])
    assert "0 blocking findings" in audit()


def test_a_blocking_finding_fails_the_audit_and_is_listed_under_its_page(newsroom):
    article = ArticlePageFactory(parent=newsroom.section, authors=[newsroom.author],
                                 body=[("paragraph", "<p>Lorem ipsum dolor sit amet.</p>")])
    output = StringIO()
    with pytest.raises(CommandError, match="1 blocking findings on 1 of them"):
        call_command("audit_site", stdout=output)
    listing = output.getvalue()
    assert article.get_full_url() in listing
    assert "BLOCK" in listing and "Body, paragraph 1" in listing


def test_drafts_are_not_audited_but_site_settings_are(newsroom):
    ArticlePageFactory(parent=newsroom.section, draft=True,
                       body=[("paragraph", "<p>TODO write this.</p>")])
    assert "0 blocking findings" in audit()
    newsroom.settings.tagline = "Your company name here"
    newsroom.settings.save()
    with pytest.raises(CommandError):
        audit()


def test_warnings_are_listed_but_do_not_fail_the_audit(newsroom):
    ArticlePageFactory(parent=newsroom.section)
    output = audit()
    assert "warn" in output and "no byline" in output
    assert "no byline" not in audit("--blocking-only")

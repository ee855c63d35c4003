"""Sites choose their checks by dotted path; a wrong path fails loudly and says why."""

import pytest

from django.core.exceptions import ImproperlyConfigured

from dateline.copydesk.findings import warn
from dateline.copydesk.reading import Copy
from dateline.copydesk.registry import InvalidCheckError, check_copy


def shouting(copy):
    for passage in copy.passages:
        if passage.text.isupper():
            yield warn("shouting", passage.field, passage.text, "Capitals read as shouting.")


def test_a_check_named_in_the_setting_runs(settings):
    settings.COPYDESK_CHECKS = ["tests.copydesk.test_registry.shouting"]
    [finding] = check_copy(Copy.of_text("FERRIES CUT"))
    assert finding.check == "shouting"


def test_a_check_that_cannot_be_imported_names_the_import_error(settings):
    settings.COPYDESK_CHECKS = ["dateline.copydesk.checks.no_such_check.check"]
    with pytest.raises(InvalidCheckError, match="no_such_check") as raised:
        check_copy(Copy.of_text("Ferries cut"))
    assert isinstance(raised.value, ImproperlyConfigured)


def test_blocking_findings_come_before_warnings():
    findings = check_copy(Copy.of_text("Lorem ipsum dolor sit amet"))
    assert findings and findings[0].blocks

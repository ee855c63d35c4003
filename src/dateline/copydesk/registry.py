"""The checks a site runs, named by dotted path in the ``COPYDESK_CHECKS`` setting."""

from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from dateline.copydesk.reading import read_copy


class InvalidCheckError(ImproperlyConfigured):
    pass


@cache
def load_checks(paths):
    checks = []
    for path in paths:
        try:
            checks.append(import_string(path))
        except ImportError as error:
            raise InvalidCheckError(
                f"COPYDESK_CHECKS names {path!r}, which could not be imported: {error}"
            ) from error
    return tuple(checks)


def configured_checks():
    return load_checks(tuple(settings.COPYDESK_CHECKS))


def languages_of(check):
    """The languages whose words ``check`` reads (``findings.knows``); none: it reads none and
    serves every language."""
    return getattr(check, "languages", ())


def check_copy(copy):
    """Findings for already-read copy, blocking ones first."""
    findings = [finding for check in configured_checks() for finding in check(copy)]
    return sorted(findings, key=lambda finding: not finding.blocks)


def run_checks(obj, when=None):
    """Findings for a page or site settings as if published at ``when`` (default: now)."""
    return check_copy(read_copy(obj, when))

"""Every message catalogue of ours is complete and compiled: an editor who sets their admin
language to Persian reads no English, and the committed .mo says what its .po says."""

import gettext
import shutil
import subprocess

import pytest
from babel.messages.pofile import read_po

from tests.conftest import REPOSITORY

CATALOGUES = sorted((REPOSITORY / "src" / "dateline").glob("**/locale/*/LC_MESSAGES/django.po"))


def unfinished(po_file):
    """The messages of a .po file that are untranslated (any plural form empty) or fuzzy."""
    with open(po_file, "rb") as handle:
        catalogue = read_po(handle)
    found = []
    for message in catalogue:
        if not message.id:  # the header
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(forms):
            found.append(message.id if isinstance(message.id, str) else message.id[0])
    return found


def compiled(po_file, mo_file):
    """msgfmt's catalogue of a .po file, as Python's gettext reads it from the .mo it writes."""
    subprocess.run(["msgfmt", "--check", "-o", str(mo_file), str(po_file)], check=True,
                   capture_output=True)
    with open(mo_file, "rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def catalogue_id(po_file):
    return str(po_file.relative_to(REPOSITORY / "src" / "dateline"))


def test_the_persian_catalogues_are_among_those_checked():
    assert {path.parts[-3] for path in CATALOGUES} >= {"fa"}


@pytest.mark.parametrize("po_file", CATALOGUES, ids=catalogue_id)
def test_every_message_of_the_catalogue_is_translated_and_none_is_fuzzy(po_file):
    assert unfinished(po_file) == []


@pytest.mark.skipif(shutil.which("msgfmt") is None,
                    reason="needs msgfmt (Debian's gettext package, which scripts/test installs)")
@pytest.mark.parametrize("po_file", CATALOGUES, ids=catalogue_id)
def test_the_committed_mo_file_holds_what_the_po_file_says(po_file, tmp_path):
    with open(po_file.with_suffix(".mo"), "rb") as handle:
        committed = gettext.GNUTranslations(handle)._catalog
    fresh = compiled(po_file, tmp_path / "django.mo")
    stale = sorted(str(key) for key in fresh.keys() | committed.keys()
                   if fresh.get(key) != committed.get(key))
    mo_file = po_file.with_suffix(".mo")
    assert stale == [], f"compile it again: msgfmt --check -o {mo_file} {po_file}"


def test_an_untranslated_plural_form_and_a_fuzzy_message_are_both_found(tmp_path):
    po_file = tmp_path / "django.po"
    po_file.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "Section"\nmsgstr "بخش"\n\n'
        'msgid "%(n)s story"\nmsgid_plural "%(n)s stories"\n'
        'msgstr[0] "%(n)s گزارش"\nmsgstr[1] ""\n\n'
        '#, fuzzy\nmsgid "Sections"\nmsgstr "بخش"\n', encoding="utf-8")
    assert unfinished(po_file) == ["%(n)s story", "Sections"]

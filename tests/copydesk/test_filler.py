"""The filler check blocks sample and placeholder text and leaves real copy alone."""

import pytest

from dateline.copydesk.checks import filler
from dateline.copydesk.reading import Copy


def findings_in(text):
    return list(filler.check(Copy.of_text(text)))


@pytest.mark.parametrize("text", [
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
    "Ipsum factum est, the editor wrote in the margin.",
    "Vestibulum pellentesque nisi ut aliquip ex ea commodo.",
    "Welcome to our website. We are a creative agency with a passion for pixels.",
    "This is an example page. It is different from a blog post.",
    "Just another WordPress site",
    "Add your text here and tell visitors who you are.",
    "Click here to edit this paragraph.",
    "This block is dummy text for the layout.",
])
def test_sample_and_theme_text_blocks_publishing(text):
    [finding] = findings_in(text)
    assert finding.blocks
    assert finding.check == "filler"


@pytest.mark.parametrize(("text", "marker"), [
    ("The bridge will cost TK million manat.", "TK"),
    ("Mayor TK opened the session.", "TK"),
    ("TODO: add the minister's reply.", "TODO"),
    ("The council voted XXX to 4.", "XXX"),
    ("The ferry carried 300 [confirm] passengers.", "[confirm]"),
    ("Rustavi [CHECK spelling] lies south of the capital.", "[CHECK spelling]"),
    ("The report [link?] was published in spring.", "[link?]"),
])
def test_placeholders_and_notes_to_self_block_publishing(text, marker):
    [finding] = findings_in(text)
    assert finding.blocks
    assert finding.text == marker


@pytest.mark.parametrize("text", [
    "TK Maxx opened a store on the high street.",
    "Super Bowl XXX drew a record audience.",
    "Weder die TK noch die Bank haben Zugriff auf die Daten.",
    "TK-Safe stores the records of ten million members.",
    '"He [the minister] was not consulted," she said.',
    "Amet Khan, a fisherman, counted the nets.",
    "The typesetter explained how placeholders were once cast in lead.",
])
def test_names_quotations_and_real_copy_pass(text):
    assert findings_in(text) == []


def test_a_finding_names_the_field_and_the_offending_text():
    [finding] = findings_in("First paragraph.\n\nLorem ipsum again.")
    assert finding.field == "Body, paragraph 2"
    assert finding.text.lower() == "lorem"
    assert "Replace it with real copy" in finding.message

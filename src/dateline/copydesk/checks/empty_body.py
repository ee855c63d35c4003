"""A page whose body is empty: it would publish a headline over nothing."""

from dateline.copydesk.findings import block, knows

NAME = "empty_body"


@knows()
def check(copy):
    if copy.body_is_empty:
        yield block(NAME, "Body", "",
                    "The body is empty. Write the text before publishing.")

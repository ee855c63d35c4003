"""The page a reader gets when the database is away: a 503 that says when to come back."""

import pytest

from django.db import InterfaceError, OperationalError

from dateline.server.outage import database_outage_or_server_error

pytestmark = pytest.mark.database_independent


@pytest.mark.parametrize("lost", [OperationalError("connection refused"),
                                  InterfaceError("connection already closed")])
def test_a_lost_database_is_a_503_that_says_when_to_retry(rf, lost):
    try:
        raise lost
    except type(lost):
        response = database_outage_or_server_error(rf.get("/caucasus/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "We will be back in a moment" in response.content.decode()


def test_any_other_failure_is_still_the_styled_500(rf):
    try:
        raise ValueError("a bug, not an outage")
    except ValueError:
        response = database_outage_or_server_error(rf.get("/caucasus/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()

"""The page a reader gets when the database is away: a 503 that says when to come back; and the
one an editor gets when the disk is full: a 503 that says nothing was saved."""

import errno
import sqlite3

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


def test_a_full_disk_is_a_503_that_says_nothing_was_saved(rf):
    try:
        raise OSError(errno.ENOSPC, "No space left on device")
    except OSError:
        response = database_outage_or_server_error(rf.post("/admin/images/add/"))
    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store"
    assert "disk is full" in response.content.decode()
    assert "Nothing you sent was saved" in response.content.decode()


def test_a_full_database_disk_is_the_same_503(rf):
    full = sqlite3.Error("database or disk is full")
    full.sqlite_errorcode = sqlite3.SQLITE_FULL
    try:
        try:
            raise full
        except sqlite3.Error as cause:
            raise OperationalError(str(cause)) from cause
    except OperationalError:
        response = database_outage_or_server_error(rf.post("/admin/pages/3/edit/"))
    assert response.status_code == 503
    assert "disk is full" in response.content.decode()


def test_server_error_page_renders_without_a_database(client, newsroom):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html

"""Reads are counted in memory where the page cache answers, and added to the stored counts
without losing one: a write that fails keeps its reads, reads that arrive during a write wait
for the next, and counts written by several processes add up."""

import asyncio
import datetime
import threading
import types

import pytest

from django.db import DatabaseError

from dateline.readership import tally
from dateline.readership.models import StoryReads
from dateline.readership.tally import ReadTally, write_rows
from tests.conftest import run_on_a_new_loop

BROWSER = (b"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0")
STORY_PAGE = types.SimpleNamespace(headers=[(b"content-type", b"text/html"),
                                            (b"x-dateline-story", b"42")])
OTHER_PAGE = types.SimpleNamespace(headers=[(b"content-type", b"text/html")])


def reader(method="GET", user_agent=BROWSER):
    return types.SimpleNamespace(method=method, user_agent=user_agent)


class Recorder:
    """Stands in for the database: records each write, and can refuse or hold one."""

    def __init__(self):
        self.written = []
        self.refuse = False
        self.holding = None

    def __call__(self, rows):
        if self.holding is not None:
            self.holding.wait(5)
        if self.refuse:
            raise DatabaseError("database is locked")
        self.written.extend(rows)

    def totals(self):
        totals = {}
        for story, _hour, reads in self.written:
            totals[story] = totals.get(story, 0) + reads
        return totals


@pytest.fixture
def recorder(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(tally, "write_rows", recorder)
    monkeypatch.setattr(tally, "close_old_connections", lambda: None)
    return recorder


def test_only_a_browsers_get_of_a_storys_page_is_a_read(recorder):
    async def scene():
        counter = ReadTally(flush_seconds=3600)
        counter.saw(reader(), STORY_PAGE)
        counter.saw(reader(), STORY_PAGE)
        counter.saw(reader(method="HEAD"), STORY_PAGE)
        counter.saw(reader(user_agent=b"curl/8.5.0"), STORY_PAGE)
        counter.saw(reader(), OTHER_PAGE)
        await counter.flush()
        counter.flusher.cancel()

    run_on_a_new_loop(scene())
    assert recorder.totals() == {42: 2}


def test_a_write_the_database_refuses_keeps_its_reads_for_the_next(recorder):
    async def scene():
        counter = ReadTally(flush_seconds=3600)
        for _ in range(3):
            counter.saw(reader(), STORY_PAGE)
        recorder.refuse = True
        await counter.flush()
        recorder.refuse = False
        counter.saw(reader(), STORY_PAGE)
        await counter.flush()
        counter.flusher.cancel()

    run_on_a_new_loop(scene())
    assert recorder.totals() == {42: 4}


def test_reads_during_a_write_are_written_by_the_next(recorder):
    recorder.holding = threading.Event()

    async def scene():
        counter = ReadTally(flush_seconds=3600)
        counter.saw(reader(), STORY_PAGE)
        writing = asyncio.create_task(counter.flush())
        await asyncio.sleep(0.05)  # the write is under way, held in its thread
        for _ in range(5):
            counter.saw(reader(), STORY_PAGE)
        recorder.holding.set()
        await writing
        assert recorder.totals() == {42: 1}
        await counter.flush()
        counter.flusher.cancel()

    run_on_a_new_loop(scene())
    assert recorder.totals() == {42: 6}


def test_the_tally_writes_what_is_left_when_the_process_ends(recorder):
    async def scene():
        counter = ReadTally(flush_seconds=3600)
        counter.saw(reader(), STORY_PAGE)
        counter.flusher.cancel()
        return counter

    counter = run_on_a_new_loop(scene())
    counter.flush_now()  # what atexit calls
    assert recorder.totals() == {42: 1}


@pytest.mark.django_db
def test_counts_written_by_several_processes_add_up(newsroom):
    hour = datetime.datetime(2026, 12, 7, 17, tzinfo=datetime.UTC)
    story = newsroom.section.pk  # any page: counts name a page by its id
    write_rows([(story, hour, 3)])  # one process's write
    write_rows([(story, hour, 4), (story, hour + datetime.timedelta(hours=1), 1)])  # another's
    assert dict(StoryReads.objects.filter(story_id=story).values_list("hour", "reads")) == {
        hour: 7, hour + datetime.timedelta(hours=1): 1}

"""Contributors uploading large pictures through the real admin while editors save and publish
and readers read: pictures are proofed outside the database's write lock, so nobody waits on
them, nothing is lost, and the worker keeps publishing."""

import concurrent.futures
import json
import threading
import time
from pathlib import Path

import pytest

from tests.reliability.serving import Editor, Server, load_for, start_worker
from tests.reliability.test_sqlite_contention import READERS, edit_stories
from tests.security.hostile_images import camera_photo, jpeg_with_segments, segment, striped_png

DEMO = "dateline.settings.demo"  # tasks go to the database queue, for the worker to run
UPLOAD = "/admin/images/multiple/add/"
CONTRIBUTORS = 10
EDITORS = 3
SCHEDULED = 10
STILL_DUE = "SELECT count(*) FROM wagtailcore_revision WHERE approved_go_live_at IS NOT NULL"


class Newsroom:
    """A staffed newsroom served by `dateline serve` (two processes) with its worker."""

    def __init__(self, database, folder, **staff):
        built = database.run(
            "shell", "--no-imports", "-c", "import tests.reliability.scenes as m; "
            f"m.build_staffed_newsroom(**{staff!r})", settings=DEMO)
        self.facts = json.loads(built.stdout.strip().splitlines()[-1])
        self.database = database
        self.server = Server(database.env, folder / "serve.log", workers=2, settings=DEMO)
        self.worker_log = folder / "worker.log"
        self.worker = start_worker(database.env, self.worker_log)

    def sign_in(self, username):
        return Editor(self.server.port, username, self.facts["passwords"][username])

    def upload(self, username, name, content):
        """The multiple-upload view's JSON answer, and how long it took."""
        contributor = self.sign_in(username)
        started = time.monotonic()
        try:
            answer = contributor.upload(UPLOAD, {"collection": self.facts["collection"]},
                                        {"files[]": (name, content)},
                                        {"X-Requested-With": "XMLHttpRequest"})
        finally:
            contributor.close()
        return answer, time.monotonic() - started

    def peak_memory(self):
        """The kernel's high-water mark of resident memory, in MB, of each server process
        and of the worker."""
        peaks = {f"server {pid}": high_water_mark(pid)
                 for pid in descendants(self.server.process.pid)}
        peaks["server supervisor"] = high_water_mark(self.server.process.pid)
        peaks["worker"] = high_water_mark(self.worker.pid)
        return peaks

    def stop(self):
        self.server.stop()
        self.worker.terminate()
        self.worker.wait(timeout=60)


def descendants(pid):
    children = [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
                for child in (task / "children").read_text().split()]
    return children + [grandchild for child in children for grandchild in descendants(child)]


def high_water_mark(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    raise LookupError(pid)


@pytest.fixture
def newsroom(request, shared_database, tmp_path):
    room = Newsroom(shared_database, tmp_path, **request.param)
    yield room
    room.stop()


@pytest.mark.parametrize("newsroom", [{"editors": 1, "drafts_each": 1, "contributors": 1}],
                         indirect=True)
def test_an_editor_saves_at_once_while_a_large_picture_is_proofed(newsroom, report_figure):
    picture = striped_png(7_800, 7_800)  # 61 megapixels, near the limit: seconds to proof
    (username, stories), = newsroom.facts["desks"].items()
    story = stories[0]
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        uploading = pool.submit(newsroom.upload, "stringer-0", "wide.png", picture)
        editor = newsroom.sign_in(username)
        time.sleep(1.5)  # the picture is being proofed now
        started = time.monotonic()
        saved = editor.post(story["edit_path"], {**story["form"], "title": "Saved meanwhile",
                                                 "action-publish": ""})
        save_seconds = time.monotonic() - started
        save_ended_first = not uploading.done()
        editor.close()
        answer, upload_seconds = uploading.result()
    report_figure("an editor's save while a 61-megapixel picture is proofed",
                  f"{save_seconds:.2f} s (the upload took {upload_seconds:.1f} s)")
    assert answer.status == 200 and json.loads(answer.body)["success"]
    assert saved.status == 302
    assert save_ended_first, f"the save waited for the upload ({save_seconds:.1f} s)"
    assert save_seconds < upload_seconds / 3


def watch(process, stop):
    """Whether ``process`` stayed alive until ``stop`` was set, looking every 0.2 s."""
    while not stop.wait(0.2):
        if process.poll() is not None:
            return False
    return process.poll() is None


@pytest.mark.slow
@pytest.mark.parametrize("newsroom", [{
    "editors": EDITORS, "drafts_each": 2, "scheduled": SCHEDULED, "scheduled_in_seconds": 15,
    "contributors": CONTRIBUTORS}], indirect=True)
def test_an_upload_storm_loses_no_edit_fails_no_reader_and_stops_no_worker(newsroom,
                                                                          report_figure):
    photo = camera_photo(6_000, 4_000)  # a camera's full 24 megapixels, 13 MB of 20
    deep = striped_png(16_383, 3_906, bit_depth=16)
    # Each photo its own (a comment tells them apart): Wagtail answers a duplicate with a page
    # that prints both pictures, a decode inside the transaction that this test is not about.
    uploads = [(f"stringer-{number}", f"photo-{number}.jpg",
                jpeg_with_segments(photo, segment(b"\xff\xfe", f"photo {number}".encode())))
               for number in range(CONTRIBUTORS)]
    uploads += [(f"stringer-{number}", f"deep-{number}.png", deep) for number in range(3)]
    stop = threading.Event()
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(len(uploads) + EDITORS + 2) as pool:
        worker_alive = pool.submit(watch, newsroom.worker, stop)
        try:
            readers = pool.submit(load_for, newsroom.server.port, READERS, 2, 20)
            sent = [pool.submit(newsroom.upload, *upload) for upload in uploads]
            desks = [pool.submit(edit_stories, newsroom.server.port, username,
                                 newsroom.facts["passwords"][username], stories)
                     for username, stories in newsroom.facts["desks"].items()]
            edited = [desk.result() for desk in desks]
            answers = [upload.result() for upload in sent]
            read = readers.result()
            while newsroom.database.count(STILL_DUE) and time.monotonic() - started < 60:
                time.sleep(0.2)
        finally:
            stop.set()
        memory = newsroom.peak_memory()
    storm_seconds = time.monotonic() - started

    report = json.loads(newsroom.database.scene("report_titles()",
                                                module="tests.reliability.scenes").stdout)
    acknowledged = [title for titles, _ in edited for title in titles]
    lost = [title for title in acknowledged if title not in report["revision_titles"]]
    filed = [json.loads(answer.body)["success"] for answer, _ in answers[:CONTRIBUTORS]]
    refused = [not json.loads(answer.body)["success"] for answer, _ in answers[CONTRIBUTORS:]]
    editor_errors = sum(status >= 500 for _, statuses in edited for status in statuses)
    report_figure("upload storm: pictures filed / deep PNGs refused / seconds",
                  f"{sum(filed)} of {CONTRIBUTORS} / {sum(refused)} of 3 / {storm_seconds:.0f}")
    report_figure("upload storm: reader responses / 5xx",
                  f"{sum(read.values())} / {sum(n for s, n in read.items() if s >= 500)}")
    report_figure("upload storm: editor saves acknowledged / lost / 5xx",
                  f"{len(acknowledged)} / {len(lost)} / {editor_errors}")
    report_figure("upload storm: peak memory per process (MB)",
                  ", ".join(f"{name} {peak}" for name, peak in sorted(memory.items())))
    worker_log = newsroom.worker_log.read_text(errors="replace")
    assert worker_alive.result(), worker_log[-3000:]
    assert all(filed) and all(refused)
    assert [status for status in read if status >= 500] == []
    assert editor_errors == 0
    assert len(acknowledged) == EDITORS * 6 and lost == []
    assert report["scheduled_live"] == SCHEDULED
    assert max(memory.values()) < 1024

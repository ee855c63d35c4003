"""The takedown figure: readers hammer a story, its section and the front page of a real
`dateline serve` (two workers, the local store and Redis) while an editor corrects the story,
makes it private, makes it public again and unpublishes it. Once the editor's response has
returned, no reader request that starts afterwards may get the old state."""

import dataclasses
import json
import threading
import time

import pytest

from tests.delivery.conftest import REDIS_URL
from tests.reliability.serving import Editor, Reader, Server

pytestmark = pytest.mark.slow

STORY = "/caucasus/ferry/"
PAGES = [STORY, "/caucasus/", "/"]
HEADLINE = "Ferry returns to Baku"
CORRECTION = "The ferry sails at noon, not at one."
READERS = 6
# Long enough for every page to be cached again between the editor's actions, and for readers
# held up by a render to come back.
SETTLE_SECONDS = 3


@dataclasses.dataclass
class Reading:
    started: float
    finished: float
    path: str
    status: int
    cache: str
    text: str = dataclasses.field(repr=False)


def shows_story(reading):
    return reading.status == 200 and HEADLINE in reading.text


# What a reader must no longer get once each action has returned.
OLD_STATE = {
    "correction": lambda reading: reading.path == STORY and reading.status == 200
    and CORRECTION not in reading.text,
    "made private": shows_story,
    # A listing a story joins is refreshed softly: only its own address must be back at once.
    "made public": lambda reading: reading.path == STORY and not shows_story(reading),
    "unpublished": shows_story,
}


class Readers:
    """Threads reading the pages in turn until stopped, noting when each request started."""

    def __init__(self, port):
        self.port = port
        self.readings = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.read, args=(number,))
                        for number in range(READERS)]

    def read(self, number):
        reader = Reader(self.port)
        turn = number
        try:
            while not self.stopping.is_set():
                started = time.monotonic()
                answer = reader.get(PAGES[turn % len(PAGES)])
                self.readings.append(Reading(started, time.monotonic(), answer.path,
                                             answer.status,
                                             answer.headers.get("x-dateline-cache", ""),
                                             answer.text()))
                turn += 1
        finally:
            reader.close()

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        for thread in self.threads:
            thread.join()


def act_as_editor(port, story, password):
    """Each action's name, when it began and when its response returned, in order."""
    editor = Editor(port, "chief", password)
    privacy = f"/admin/pages/{story['id']}/privacy/"
    actions = [
        ("correction", lambda: editor.post(story["edit_path"], story["correction_form"]), 302),
        ("made private", lambda: editor.post(privacy, {"restriction_type": "login"}), 200),
        ("made public", lambda: editor.post(privacy, {"restriction_type": "none"}), 200),
        ("unpublished", lambda: editor.post(f"/admin/pages/{story['id']}/unpublish/", {}), 302),
    ]
    returned = []
    try:
        for name, act, status in actions:
            time.sleep(SETTLE_SECONDS)
            began = time.monotonic()
            answer = act()
            returned.append((name, began, time.monotonic()))
            assert answer.status == status, (name, answer.status, answer.text()[:2000])
    finally:
        editor.close()
    time.sleep(SETTLE_SECONDS)
    return returned


def old_state_served(readings, returned):
    """Per action: the requests that started after its response returned and were answered
    before the next action began (later ones may show that one's state), and those of them
    that got the old state."""
    served = {}
    for index, (name, _, at) in enumerate(returned):
        until = returned[index + 1][1] if index + 1 < len(returned) else float("inf")
        after = [reading for reading in readings
                 if at < reading.started and reading.finished < until]
        served[name] = (after, [reading for reading in after if OLD_STATE[name](reading)])
    return served


@pytest.mark.parametrize("store", ["local", "redis"])
def test_no_reader_gets_the_old_state_once_the_editors_action_has_returned(
        request, shared_database, tmp_path, store, report_figure):
    built = shared_database.scene("build_staffed_newsroom()", module="tests.reliability.scenes")
    password = json.loads(built.stdout.strip().splitlines()[-1])["passwords"]["chief"]
    story = json.loads(shared_database.scene(f"story_to_correct({CORRECTION!r})",
                                             module="tests.reliability.scenes")
                       .stdout.strip().splitlines()[-1])
    env = dict(shared_database.env)
    if store == "redis":
        env |= {"REDIS_URL": REDIS_URL,
                "DATELINE_CACHE_KEY_PREFIX": request.getfixturevalue("redis_prefix")}
    server = Server(env, tmp_path / "serve.log", workers=2)
    try:
        with Readers(server.port) as readers:
            returned = act_as_editor(server.port, story, password)
    finally:
        server.stop()
    served = old_state_served(readers.readings, returned)
    report_figure(f"takedown: reader requests after the editor's action that got the old "
                  f"state, 2 workers, {store} store",
                  ", ".join(f"{name} {len(old)} of {len(after):,}"
                            for name, (after, old) in served.items()))
    assert all(len(after) > 20 for after, _ in served.values()), "readers were held up"
    assert {name: old for name, (_, old) in served.items()} == dict.fromkeys(OLD_STATE, [])

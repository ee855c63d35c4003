"""A real `dateline serve` for the reliability tests, and the readers and editors that load it:
plain HTTP over loopback from a pool of threads, each with its own connection."""

import collections
import concurrent.futures
import dataclasses
import gzip
import html
import http.client
import re
import subprocess
import sys
import time
import urllib.parse
import uuid

from tests.conftest import REPOSITORY, free_port, wait_until_serving


def start_worker(env, log, *options, settings="dateline.settings.demo"):
    """`dateline worker` publishing every second and logging every task (the demo settings
    queue tasks in the database), its output appended to ``log``."""
    with open(log, "ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "dateline", "worker", "--no-startup-delay",
             "--publish-every", "1", "-v2", *options],
            env={**env, "DJANGO_SETTINGS_MODULE": settings}, cwd=REPOSITORY,
            stdout=output, stderr=subprocess.STDOUT,
        )


def wait_until_working(worker, log, timeout=60):
    """Waits until the worker's task loop has begun."""
    deadline = time.monotonic() + timeout
    while "Starting worker" not in log.read_text(errors="replace"):
        assert worker.poll() is None, log.read_text(errors="replace")[-3000:]
        assert time.monotonic() < deadline, "the worker did not start"
        time.sleep(0.1)


class Server:
    """`dateline serve` on a free port, its output kept in ``log`` for the test to read."""

    def __init__(self, env, log, workers=1, settings="dateline.settings.test"):
        self.port = free_port()
        self.log = log
        with open(log, "ab") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "dateline", "serve", "--port", str(self.port),
                 "--workers", str(workers)],
                env={**env, "DJANGO_SETTINGS_MODULE": settings}, cwd=REPOSITORY,
                stdout=output, stderr=subprocess.STDOUT,
            )
        self.base_url = f"http://127.0.0.1:{self.port}"
        try:
            wait_until_serving(self.base_url + "/", self.process)
        except RuntimeError as error:
            self.process.kill()
            raise RuntimeError(f"{error}:\n{self.output()[-3000:]}") from None

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)

    def output(self):
        return self.log.read_text(errors="replace")


@dataclasses.dataclass
class Answer:
    path: str
    status: int
    headers: dict
    body: bytes

    def text(self):
        body = self.body
        if self.headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        return body.decode("utf-8", errors="replace")


class Reader:
    """One HTTP/1.1 keep-alive connection, reopened after an error or a closed connection."""

    def __init__(self, port, headers=None):
        self.port = port
        self.headers = {"Host": "localhost", "Accept-Encoding": "gzip", **(headers or {})}
        self.connection = None

    def get(self, path, method="GET", body=None, headers=None):
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.connection.request(method, path, body=body,
                                        headers={**self.headers, **(headers or {})})
                response = self.connection.getresponse()
                answer = Answer(path, response.status,
                                {name.lower(): value for name, value in response.getheaders()},
                                response.read())
            except (ConnectionError, http.client.HTTPException):
                # The server closed a kept-alive connection between requests: ask again once.
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
                continue
            if answer.headers.get("connection", "").lower() == "close":
                self.close()
            return answer
        raise AssertionError("unreachable")

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def load(port, paths, connections, rounds, headers=None):
    """Each of ``connections`` threads asks for every path in turn, ``rounds`` times; returns
    every answer. A thread's own paths start at a different place, so pages are asked for at
    once by many connections."""
    def one_connection(number):
        answers = []
        mine = Reader(port, headers)
        try:
            for turn in range(rounds * len(paths)):
                answers.append(mine.get(paths[(number + turn) % len(paths)]))
        finally:
            mine.close()
        return answers

    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        results = pool.map(one_connection, range(connections))
        return [answer for answers in results for answer in answers]


def load_for(port, paths, connections, seconds):
    """Like ``load``, for a length of time rather than a number of rounds; returns the statuses
    counted, every answer's headers being more than a long run should keep."""
    deadline = time.monotonic() + seconds

    def one_connection(number):
        statuses = collections.Counter()
        mine = Reader(port)
        try:
            turn = number
            while time.monotonic() < deadline:
                statuses[mine.get(paths[turn % len(paths)]).status] += 1
                turn += 1
        finally:
            mine.close()
        return statuses

    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        return sum(pool.map(one_connection, range(connections)), collections.Counter())


class Editor:
    """A person signed in through the admin's login form, holding their session cookies."""

    def __init__(self, port, username, password):
        self.reader = Reader(port)
        self.cookies = {}
        form = self.get("/admin/login/")
        token = self.csrf_token(form.body)
        answer = self.post("/admin/login/", {"csrfmiddlewaretoken": token,
                                             "username": username, "password": password,
                                             "next": "/admin/"})
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise AssertionError(f"{username} could not sign in: {answer.status}")

    def get(self, path):
        return self.remember(self.reader.get(path, headers=self.cookie_header()))

    def post(self, path, fields):
        body = urllib.parse.urlencode(fields, doseq=True)
        return self.send(path, body, "application/x-www-form-urlencoded")

    def upload(self, path, fields, files, headers=None):
        """Posts a form with files, as a browser does: ``files`` maps each field to a file
        name and its bytes."""
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                 f"{value}\r\n".encode() for name, value in fields.items()]
        parts += [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                  f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                  .encode() + content + b"\r\n" for name, (filename, content) in files.items()]
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.send(path, body, f"multipart/form-data; boundary={boundary}", headers)

    def send(self, path, body, content_type, headers=None):
        return self.remember(self.reader.get(path, method="POST", body=body, headers={
            **self.cookie_header(), "Content-Type": content_type,
            "Referer": f"http://localhost{path}", "X-CSRFToken": self.cookies.get("csrftoken", ""),
            **(headers or {}),
        }))

    def cookie_header(self):
        return {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}

    def remember(self, answer):
        # http.client joins several Set-Cookie headers with ", "; cookie values here have none.
        for cookie in re.findall(r"(?:^|, )(\w+)=([^;]*)", answer.headers.get("set-cookie", "")):
            self.cookies[cookie[0]] = cookie[1]
        return answer

    @staticmethod
    def csrf_token(body):
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        return html.unescape(found.group(1).decode())

    def close(self):
        self.reader.close()

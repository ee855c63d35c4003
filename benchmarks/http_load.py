"""Load on loopback, for the delivery benchmarks: wrk runs, the server CPU and memory they cost
read from /proc, servers started and stopped as process groups, and nginx serving the same
bytes as the reference every figure is set against."""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
START_TIMEOUT = 120  # seconds; a first start collects static files
WRK_GRACE = 30  # seconds past a run's duration before wrk is taken to have hung


def ensure_tools():
    """nginx and wrk, installed from Debian's packages when missing, as scripts/demo does."""
    subprocess.run(["bash", "-c", "source scripts/setup.sh; "
                    "ensure_debian_packages nginx nginx wrk wrk"], cwd=CHECKOUT, check=True)


def load_average():
    return round(os.getloadavg()[0], 2)


# ---- processes ------------------------------------------------------------------------------

def process_tree(root):
    """The process and all its descendants, as pids."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int(stat_fields(entry.name)[1])
            except OSError:
                continue  # it exited while we looked
            children.setdefault(parent, []).append(int(entry.name))
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending += children.get(pid, [])
    return tree


def stat_fields(pid):
    """/proc/<pid>/stat from the state on: the command name may hold spaces."""
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2:].split()


def cpu_seconds(roots):
    """User plus system CPU of the process trees so far: their live members' own, and that of
    the members' children that have exited (a pre-forking server replaces its workers)."""
    total = 0
    for pid in {pid for root in roots for pid in process_tree(root)}:
        try:
            fields = stat_fields(pid)
        except OSError:
            continue
        total += sum(int(field) for field in fields[11:15])  # utime, stime, cutime, cstime
    return total / CLOCK_TICKS


def memory(pid):
    """RSS and PSS of one process, in MB (PSS shares each shared page among its users)."""
    rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    pss = None
    rollup = Path(f"/proc/{pid}/smaps_rollup")
    if rollup.exists():
        found = re.search(r"^Pss:\s+(\d+) kB", rollup.read_text(), re.MULTILINE)
        pss = int(found.group(1)) * 1024 if found else None
    return {"rss_mb": round(rss / 2**20, 1),
            "pss_mb": round(pss / 2**20, 1) if pss is not None else None}


class Server:
    """A server command run in its own process group, stopped as a group."""

    def __init__(self, name, command, env, port, log_dir):
        self.name, self.port = name, port
        self.log = Path(log_dir) / f"{name}.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, env=env, cwd=CHECKOUT, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self):
        return self.process.pid

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_until_up(self, path="/"):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log.read_text()[-3000:]}")
            try:
                fetch(self.port, path)
            except OSError:
                time.sleep(0.2)
                continue
            if self.process.poll() is None:  # not another server on the same port
                return self
        self.stop()
        raise RuntimeError(f"{self.name} did not answer in {START_TIMEOUT} s")

    def workers(self):
        """The processes that serve requests: the children of a pre-forking master, or the
        server itself when it has none; never multiprocessing's resource tracker."""
        tree = process_tree(self.pid)
        parents = {int(stat_fields(pid)[1]) for pid in tree}
        leaves = [pid for pid in tree if pid not in parents and pid != self.pid
                  and b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()]
        return leaves or [self.pid]

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port, path, accept_encoding="identity", timeout=30):
    """(status, headers with lower-case names, body) of one GET on loopback."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": accept_encoding,
                                                 "Host": "127.0.0.1"})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


# ---- wrk ------------------------------------------------------------------------------------

@dataclass
class LoadSettings:
    duration: int = 10
    connections: int = 16
    threads: int = 2
    accept_encoding: str = "gzip"
    user_agent: str | None = None  # wrk sends none unless told


def wrk(url, settings, during=None):
    """Requests, req/s, latency p50/p99 (ms) and non-2xx count of one wrk run; ``during`` is
    called while wrk runs, and must return before the run's duration is up."""
    command = ["wrk", f"-t{min(settings.threads, settings.connections)}",
               f"-c{settings.connections}", f"-d{settings.duration}s", "--latency",
               # wrk's default of 2 s would drop slow uncached answers from the count, while
               # the server still spends its CPU on them.
               f"--timeout={settings.duration + WRK_GRACE}s",
               "-H", f"Accept-Encoding: {settings.accept_encoding}", url]
    if settings.user_agent:
        command[-1:-1] = ["-H", f"User-Agent: {settings.user_agent}"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as load:
        if during:
            during()
        output, errors = load.communicate(timeout=settings.duration + WRK_GRACE)
    if load.returncode != 0:
        raise RuntimeError(f"wrk failed: {errors}")
    return parse_wrk(output)


def parse_wrk(output):
    requests = re.search(r"^\s*(\d+) requests in ([\d.]+)(\w+)", output, re.MULTILINE)
    if not requests:
        raise RuntimeError(f"wrk said:\n{output}")
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", output, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       output)
    return {
        "requests": int(requests.group(1)),
        "seconds": duration_seconds(requests.group(2) + requests.group(3)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": duration_seconds(percentiles["50"]) * 1000,
        "p99_ms": duration_seconds(percentiles["99"]) * 1000,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
    }


def duration_seconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60}[unit]


def measure_load(server_pids, url, settings, during=None):
    """A wrk run with the CPU the server's process trees spent on it, per request."""
    load_before = load_average()
    cpu_before = cpu_seconds(server_pids)
    result = wrk(url, settings, during)
    cpu = cpu_seconds(server_pids) - cpu_before
    result["cpu_ms_per_request"] = cpu * 1000 / result["requests"] if result["requests"] else None
    result["load"] = [load_before, load_average()]
    return result


# ---- nginx, the reference -------------------------------------------------------------------

class NginxReference:
    """nginx on a loopback port, serving given bytes at given paths with their Content-Type
    and Content-Encoding, with its prefix, logs and temporary folders in a folder of its own;
    gzip is off, so it sends exactly the bytes it was given."""

    def __init__(self, port, workers):
        self.port, self.workers = port, workers
        self.folder = Path(tempfile.mkdtemp(prefix="dateline-bench-nginx-"))
        # Its workers run as nobody when started by root, and must read the files.
        self.folder.chmod(0o755)
        self.locations = []
        self.server = None

    def add(self, path, body, content_type, content_encoding=None):
        file = self.folder / f"body-{len(self.locations)}"
        file.write_bytes(body)
        file.chmod(0o644)
        encoding = f'add_header Content-Encoding "{content_encoding}";' if content_encoding \
            else ""
        self.locations.append(
            f'location = {path} {{ types {{ }} default_type "{content_type}"; '
            f"alias {file}; {encoding} }}"
        )

    def start(self, log_dir):
        config = self.folder / "nginx.conf"
        temp_paths = " ".join(f"{kind}_temp_path {self.folder / kind};" for kind in
                              ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        config.write_text("\n".join([
            f"worker_processes {self.workers};",
            "daemon off;",
            f"pid {self.folder / 'nginx.pid'};",
            "events { worker_connections 4096; }",
            "http {",
            "  access_log off; sendfile on; tcp_nopush on; tcp_nodelay on; gzip off;",
            "  keepalive_requests 1000000; keepalive_timeout 65;",
            f"  {temp_paths}",
            f"  server {{ listen 127.0.0.1:{self.port};",
            *[f"    {location}" for location in self.locations],
            "  }",
            "}",
        ]))
        error_log = self.folder / "error.log"
        self.server = Server("nginx", ["nginx", "-p", str(self.folder), "-e", str(error_log),
                                       "-c", str(config)], os.environ.copy(), self.port, log_dir)
        try:
            self.server.wait_until_up()
        except RuntimeError as error:
            self.stop()
            raise RuntimeError(f"nginx did not start: {error_log.read_text()}") from error
        return self

    def url(self, path):
        return self.server.url(path)

    def stop(self):
        if self.server:
            self.server.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


# ---- Varnish, the front ---------------------------------------------------------------------

VCL = CHECKOUT / "deploy" / "varnish" / "dateline.vcl"


def varnish_available():
    """Whether varnishd and its xkey module are installed (scripts/test installs them)."""
    return bool(shutil.which("varnishd")) and bool(
        list(Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so")))


class VarnishFront:
    """varnishd on a loopback port running the shipped VCL in front of a Dateline server, with
    its working folder of its own; Dateline purges it by key (``purge_env``)."""

    def __init__(self, port):
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="dateline-bench-varnish-"))
        self.server = None

    def purge_env(self):
        return {"DATELINE_CDN_PURGE": "varnish",
                "DATELINE_CDN_PURGE_URL": f"http://127.0.0.1:{self.port}"}

    def start(self, backend_port, log_dir):
        vcl, count = re.subn(r'\.port = "8000";', f'.port = "{backend_port}";', VCL.read_text())
        if count != 1:
            raise RuntimeError(f"{VCL} no longer names its backend's port as the benchmark expects")
        (self.folder / "dateline.vcl").write_text(vcl)
        self.server = Server("varnish", [
            "varnishd", "-F", "-j", "none", "-n", str(self.folder / "work"),
            "-a", f"127.0.0.1:{self.port}", "-f", str(self.folder / "dateline.vcl"),
            "-s", "malloc,256m"], os.environ.copy(), self.port, log_dir)
        self.server.wait_until_up()
        return self

    def synthetic_answers(self):
        """Varnish's count of the answers it made itself: with readers' requests all passed or
        cached, the purge requests it was sent."""
        output = subprocess.run(["varnishstat", "-n", str(self.folder / "work"), "-1", "-f",
                                 "MAIN.s_synth"], capture_output=True, text=True, check=True)
        return int(output.stdout.split()[1])

    def url(self, path):
        return self.server.url(path)

    def stop(self):
        if self.server:
            self.server.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class NginxMicroCache:
    """nginx on a loopback port running the shipped one-second micro-cache
    (deploy/nginx/dateline-microcache.conf) in front of a Dateline server."""

    CONFIGURATION = CHECKOUT / "deploy" / "nginx" / "dateline-microcache.conf"

    def __init__(self, port, workers):
        self.port, self.workers = port, workers
        self.folder = Path(tempfile.mkdtemp(prefix="dateline-bench-microcache-"))
        self.folder.chmod(0o755)
        self.server = None

    def start(self, backend_port, log_dir):
        shipped = self.CONFIGURATION.read_text()
        for pattern, value in ((r"listen 80;", f"listen 127.0.0.1:{self.port};"),
                               (r"server 127\.0\.0\.1:8000;", f"server 127.0.0.1:{backend_port};"),
                               (r"/var/cache/nginx/dateline", str(self.folder / "cache"))):
            shipped, count = re.subn(pattern, value, shipped)
            if count != 1:
                raise RuntimeError(f"{self.CONFIGURATION} no longer has {pattern}")
        (self.folder / "dateline.conf").write_text(shipped)
        temp_paths = " ".join(f"{kind}_temp_path {self.folder / kind};" for kind in
                              ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        config = self.folder / "nginx.conf"
        config.write_text("\n".join([
            *(["user root;"] if os.getuid() == 0 else []),
            f"worker_processes {self.workers};",
            "daemon off;",
            f"pid {self.folder / 'nginx.pid'};",
            "events { worker_connections 4096; }",
            "http {",
            "  access_log off; keepalive_requests 1000000; keepalive_timeout 65;",
            f"  {temp_paths}",
            f"  include {self.folder / 'dateline.conf'};",
            "}",
        ]))
        error_log = self.folder / "error.log"
        self.server = Server("nginx-microcache", ["nginx", "-p", str(self.folder), "-e",
                                                  str(error_log), "-c", str(config)],
                             os.environ.copy(), self.port, log_dir)
        try:
            self.server.wait_until_up()
        except RuntimeError as error:
            self.stop()
            raise RuntimeError(f"nginx did not start: {error_log.read_text()}") from error
        return self

    def url(self, path):
        return self.server.url(path)

    def stop(self):
        if self.server:
            self.server.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

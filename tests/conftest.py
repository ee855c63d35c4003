import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import factory.random
import pytest

from wagtail.models import Page, Site

from dateline.news.models import SiteSettings
from tests import factories

SEED = 20261128


@pytest.fixture(autouse=True)
def fixed_seed():
    factory.random.reseed_random(SEED)


@pytest.fixture
def newsroom(db):
    """A site with the page tree a newsroom has: sections, authors, topics, about, almanac."""
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = factories.HomePageFactory(parent=root)
    Site.objects.all().delete()
    site = Site.objects.create(hostname="localhost", port=80, root_page=home,
                               is_default_site=True, site_name="The Test Gazette")
    settings = SiteSettings.for_site(site)
    settings.about_blurb = "The Test Gazette reports on the towns of the test valley."
    settings.time_zone = "Europe/London"
    settings.save()

    class Newsroom:
        pass

    room = Newsroom()
    room.site = site
    room.settings = settings
    room.home = home
    room.section = factories.SectionPageFactory(parent=home, title="Caucasus", slug="caucasus")
    room.other_section = factories.SectionPageFactory(parent=home, title="World", slug="world")
    room.authors = factories.AuthorIndexPageFactory(parent=home)
    room.author = factories.AuthorPageFactory(parent=room.authors, title="Nino Kapanadze")
    room.topics = factories.TopicIndexPageFactory(parent=home)
    room.topic = factories.TopicPageFactory(parent=room.topics, title="Water", slug="water")
    room.about = factories.PlainPageFactory(parent=home)
    room.on_this_day = factories.OnThisDayPageFactory(parent=home)
    return room


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url, process, timeout=240):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def dateline_command(*args, env, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "dateline", *args], env=env, capture_output=True, text=True,
        check=False, **kwargs,
    )


@pytest.fixture(scope="session")
def demo_environment(tmp_path_factory):
    """Environment for `dateline` commands on a fresh demo data folder."""
    data_dir = tmp_path_factory.mktemp("demo-data")
    env = {**os.environ, "DATELINE_DATA_DIR": str(data_dir),
           "DJANGO_SETTINGS_MODULE": "dateline.settings.demo"}
    env.pop("DATABASE_URL", None)
    first_run = dateline_command("demo", "--no-serve", env=env, timeout=600)
    assert first_run.returncode == 0, first_run.stderr
    return {"env": env, "data_dir": data_dir, "first_run": first_run}


@pytest.fixture(scope="session")
def live_demo(demo_environment):
    """The demo newsroom served by `dateline serve` on a free loopback port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--port", str(port), "--workers", "2"],
        env=demo_environment["env"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url + "/", process)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=20)

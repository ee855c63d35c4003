"""`dateline new_site` builds a complete, empty newsroom on a new database, from options or
from answers typed at its prompts, in one transaction; it refuses to build over a site."""

import io
import os
import pty
import re
import select
import subprocess
import sys

import pytest

from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.db import connection

from wagtail.models import Page, Site

from dateline.almanac.models import OnThisDayPage
from dateline.news.models import (
    AuthorIndexPage,
    HomePage,
    PlainPage,
    SectionPage,
    SiteSettings,
    TopicIndexPage,
)
from tests.conftest import REPOSITORY
from tests.founding.conftest import WELCOME, tree

pytestmark = pytest.mark.django_db

PASSWORD = re.compile(r"with password (\S+) \(shown only this once")


def new_site(*args, stdin=None, **options):
    out = io.StringIO()
    if stdin is not None:
        options["stdin"] = io.StringIO(stdin)
    else:
        options.setdefault("interactive", False)
    call_command("new_site", *args, stdout=out, **options)
    return out.getvalue()


def default_site():
    return Site.objects.get(is_default_site=True)


def site_settings():
    return SiteSettings.for_site(default_site())


def test_new_site_from_options_builds_a_complete_empty_newsroom(fresh_database):
    output = new_site(
        "--name", "The Harbour Times", "--tagline", "News from the quays",
        "--host", "https://news.harbour.example", "--time-zone", "Europe/Lisbon",
        "--language", "en", "--sections", "Politics, Economy,Culture/Books,Culture/Film",
        "--admin-email", "Editor@Harbour.example")

    site = default_site()
    home = site.root_page.specific
    assert isinstance(home, HomePage) and home.live and home.title == "The Harbour Times"
    assert not Page.objects.filter(title=WELCOME).exists()
    assert Site.objects.count() == 1
    assert (site.hostname, site.port, site.site_name) == (
        "news.harbour.example", 443, "The Harbour Times")
    settings = SiteSettings.for_site(site)
    assert (settings.name, settings.tagline, settings.time_zone, settings.about_blurb) == (
        "The Harbour Times", "News from the quays", "Europe/Lisbon", "")

    top = SectionPage.objects.child_of(home).live().order_by("path")
    assert [(s.title, s.slug, s.show_in_menus) for s in top] == [
        ("Politics", "politics", True), ("Economy", "economy", True),
        ("Culture", "culture", True)]
    culture = top.get(slug="culture")
    assert [(s.title, s.show_in_menus, s.live)
            for s in SectionPage.objects.child_of(culture).order_by("path")] == [
        ("Books", False, True), ("Film", False, True)]
    assert SectionPage.objects.count() == 5
    for index in (AuthorIndexPage, TopicIndexPage, OnThisDayPage):
        assert index.objects.child_of(home).live().count() == 1
    assert not AuthorIndexPage.objects.get().get_children().exists()
    assert [page.title for page in home.get_children().exclude(
        content_type__model="sectionpage")] == ["Authors", "Topics", "On This Day", "About"]

    about = PlainPage.objects.child_of(home).get(slug="about")
    assert not about.live and list(about.body) == []
    assert about.get_latest_revision() is not None  # a draft to open in the admin

    password = PASSWORD.search(output)[1]
    admin = get_user_model().objects.get()
    assert admin.is_superuser and admin.is_active
    assert (admin.username, admin.email) == ("editor@harbour.example", "Editor@harbour.example")
    assert [group.name for group in admin.groups.all()] == ["Administrators"]
    assert admin.check_password(password)
    assert output.count(password) == 1
    assert "Sections: Politics, Economy, Culture, Books, Film" in output


def test_the_newsroom_serves_its_empty_front_page_and_sections(fresh_database, client):
    new_site("--name", "Kestrel Post", "--sections", "News,Sport/Football")
    front = client.get("/", HTTP_HOST="localhost")
    assert front.status_code == 200
    text = front.content.decode()
    assert "Kestrel Post" in text and 'href="/news/"' in text and 'href="/sport/"' in text
    assert client.get("/sport/football/", HTTP_HOST="localhost").status_code == 200
    assert client.get("/on-this-day/", HTTP_HOST="localhost").status_code == 200
    # The About page waits as a draft: no reader meets an empty page, or a link to it.
    assert client.get("/about/", HTTP_HOST="localhost").status_code == 404
    assert 'href="/about/"' not in text


def test_a_newsroom_in_the_servers_language_is_its_edition_at_the_root_in_its_words(
        fresh_database, client, default_language):
    default_language("fa")
    output = new_site("--name", "روزنامه کرانه", "--language", "fa", "--sections", "سیاست")
    assert "DATELINE_LANGUAGE_CODE" not in output
    front = client.get("/", HTTP_HOST="localhost").content.decode()
    assert '<html lang="fa" dir="rtl">' in front
    assert re.search(r"<link rel=\"canonical\"[^>]*>", front)[0] == (
        "<link rel=\"canonical\" href=\"http://localhost/\">")
    assert 'href="/%D8%B3%DB%8C%D8%A7%D8%B3%D8%AA/"' in front and 'href="/fa/' not in front
    assert client.get("/fa/", HTTP_HOST="localhost").status_code == 404
    # The pages new_site builds are titled in the newsroom's language.
    built = {page.slug: page.title for page in default_site().root_page.get_children()}
    assert {"authors": "نویسندگان", "topics": "موضوع‌ها", "on-this-day": "در چنین روزی",
            "about": "درباره ما"}.items() <= built.items()
    assert ">نویسندگان</a>" in front and ">در چنین روزی</a>" in front
    assert not {m.id for m in run_checks(include_deployment_checks=True, tags=["dateline"])
                } & {"dateline.E016"}


def test_a_newsroom_in_another_language_than_the_servers_says_what_to_set(
        fresh_database, default_language):
    default_language("en")
    output = new_site("--name", "روزنامه کرانه", "--language", "fa")
    assert ("Set DATELINE_LANGUAGE_CODE=fa where Dateline runs, as the secret key is set: it "
            "is en now, so the newsroom's pages would be served under /fa/") in output
    [mismatch] = [m for m in run_checks(include_deployment_checks=True, tags=["dateline"])
                  if m.id == "dateline.E016"]
    assert "Persian (fa)" in mismatch.msg and "DATELINE_LANGUAGE_CODE=fa" in mismatch.hint
    default_language("fa")
    assert "dateline.E016" not in {
        m.id for m in run_checks(include_deployment_checks=True, tags=["dateline"])}


def test_the_questions_are_asked_with_defaults_and_asked_again_after_a_wrong_answer(
        fresh_database):
    answers = "\n".join([
        "  Kestrel   Post ",       # name, spaces tidied
        "",                        # tagline: none
        "kestrel.example:8443",    # host
        "Asia/Tehrn",              # a typo: asked again
        "Asia/Tehran",
        "",                        # language: the default
        "News, Sport/Football",
        "not-an-address",          # asked again
        "chief@kestrel.example",
    ]) + "\n"
    output = new_site(stdin=answers)

    assert "'Asia/Tehrn' is not a time zone Dateline knows. Did you mean Asia/Tehran" in output
    assert "'not-an-address' is not an e-mail address" in output
    assert output.count("Time zone of the newsroom") == 2
    assert "Language: en (English) or fa (Persian) (en):" in output
    site = default_site()
    settings = SiteSettings.for_site(site)
    assert (settings.name, settings.tagline, settings.time_zone) == (
        "Kestrel Post", "", "Asia/Tehran")
    assert (site.hostname, site.port) == ("kestrel.example", 8443)
    assert site.root_page.locale.language_code == "en"
    assert [section.title for section in SectionPage.objects.order_by("path")] == [
        "News", "Sport", "Football"]
    password = PASSWORD.search(output)[1]
    assert get_user_model().objects.get(username="chief@kestrel.example").check_password(password)


def test_only_the_questions_the_options_leave_open_are_asked(fresh_database):
    output = new_site("--name", "Kestrel Post", "--time-zone", "UTC", "--sections", "",
                      stdin="\n\n\nchief@kestrel.example\n")
    asked = output.split("Started the newsroom")[0]
    assert "Name of the newsroom" not in asked and "Time zone" not in asked
    assert "Sections" not in asked
    assert "Tagline" in asked and "Your e-mail address" in asked
    assert site_settings().time_zone == "UTC"


def test_input_that_ends_before_the_last_answer_changes_nothing(fresh_database):
    before = tree()
    with pytest.raises(CommandError, match="input ended before every question was answered"):
        new_site(stdin="Kestrel Post\n\n")
    assert tree() == before
    assert not get_user_model().objects.exists()


def test_without_a_terminal_and_without_a_name_it_says_what_to_give(fresh_database):
    before = tree()
    with pytest.raises(CommandError, match='Name the newsroom with --name'):
        new_site()
    assert tree() == before


@pytest.mark.parametrize(("options", "message"), [
    (["--time-zone", "Mars/Olympus_Mons"], "'Mars/Olympus_Mons' is not a time zone"),
    (["--time-zone", "europe/london"], "Did you mean Europe/London"),
    (["--admin-email", "chief at kestrel"], "'chief at kestrel' is not an e-mail address"),
    (["--host", "https://kestrel.example/news/"], "is not a host name"),
    (["--host", "kestrel..example"], "is not a host name"),
    (["--host", "ftp://kestrel.example"], "is not a host name"),
    (["--language", "xx"], "'xx' is not one of the languages this installation publishes in"),
    (["--sections", "News,/Football"], "is not a section: write Parent/Child"),
    (["--sections", "News,news"], "'News' and 'news' would share the address /news/"),
    (["--sections", "Topics"], "would take the address /topics/, which is the topic index's"),
    (["--sections", "!!!"], "needs a letter or a digit"),
    (["--name", "   "], "The newsroom needs a name"),
])
def test_a_wrong_answer_is_a_clear_error_and_changes_nothing(fresh_database, options, message):
    before = tree()
    arguments = ["--name", "Kestrel Post", *options]
    with pytest.raises(CommandError, match=re.escape(message)) as error:
        new_site(*arguments)
    assert "Nothing was changed" in str(error.value)
    assert tree() == before
    assert not get_user_model().objects.exists()


def test_a_site_already_there_is_refused_and_left_as_it_was(fresh_database):
    new_site("--name", "The Harbour Times", "--sections", "Politics",
             "--admin-email", "editor@harbour.example")
    before, settings_before = tree(), site_settings().name
    with pytest.raises(CommandError, match=r"already holds a site \(“The Harbour Times”\).*"
                                           r"Nothing was changed.*--force"):
        new_site("--name", "Kestrel Post", "--sections", "News",
                 "--admin-email", "chief@kestrel.example")
    assert tree() == before
    assert site_settings().name == settings_before
    assert list(get_user_model().objects.values_list("username", flat=True)) == [
        "editor@harbour.example"]


def test_force_replaces_the_site_and_keeps_the_accounts(fresh_database):
    new_site("--name", "The Harbour Times", "--sections", "Politics,Economy",
             "--admin-email", "editor@harbour.example")
    site_id = default_site().pk
    output = new_site("--name", "Kestrel Post", "--sections", "News", "--force",
                      "--admin-email", "editor@harbour.example")
    site = default_site()
    assert site.pk == site_id and site.root_page.title == "Kestrel Post"
    assert HomePage.objects.count() == 1
    assert [s.title for s in SectionPage.objects.all()] == ["News"]
    assert "already existed and is kept" in output and "password" not in output
    assert get_user_model().objects.count() == 1


def test_at_a_terminal_a_site_already_there_is_refused_before_any_question(fresh_database):
    new_site("--name", "The Harbour Times")
    out = io.StringIO()
    with pytest.raises(CommandError, match="already holds a site"):
        call_command("new_site", stdin=io.StringIO("Kestrel Post\n"), stdout=out)
    assert "Name of the newsroom" not in out.getvalue()


def test_at_a_terminal_force_asks_before_deleting_the_site(fresh_database):
    new_site("--name", "The Harbour Times", "--sections", "Politics")
    before = tree()
    with pytest.raises(CommandError, match="Nothing was changed: the site is kept"):
        new_site("--force", stdin="n\n")
    assert tree() == before
    output = new_site("--force", "--admin-email", "chief@kestrel.example",
                      stdin="y\nKestrel Post\n\n\n\n\nNews\n")
    assert "which will be DELETED" in output
    assert default_site().root_page.title == "Kestrel Post"
    assert [s.title for s in SectionPage.objects.all()] == ["News"]


def test_a_failure_part_way_leaves_nothing_half_made(fresh_database):
    """The database itself refuses the last write (the administrator's account): the pages,
    sections and settings written before it are rolled back with it."""
    before = tree()
    table = get_user_model()._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                           "RAISE EXCEPTION 'accounts refused'; END $$ LANGUAGE plpgsql")
            cursor.execute(f"CREATE TRIGGER refuse_accounts BEFORE INSERT ON {table} "
                           "FOR EACH ROW EXECUTE FUNCTION refuse()")
        else:
            cursor.execute(f"CREATE TRIGGER refuse_accounts BEFORE INSERT ON {table} "
                           "BEGIN SELECT RAISE(ABORT, 'accounts refused'); END")
    try:
        with pytest.raises(Exception, match="accounts refused"):
            new_site("--name", "Kestrel Post", "--sections", "News,Sport",
                     "--admin-email", "chief@kestrel.example")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER refuse_accounts"
                           f"{' ON ' + table if connection.vendor == 'postgresql' else ''}")
            if connection.vendor == "postgresql":
                cursor.execute("DROP FUNCTION refuse()")
    assert tree() == before
    assert Page.objects.filter(title=WELCOME).exists()
    assert site_settings().name == ""


def test_the_command_line_prints_a_wrong_answer_without_a_traceback(shared_database):
    env = {**shared_database.env, "DJANGO_SETTINGS_MODULE": "dateline.settings.test"}
    result = subprocess.run(
        [sys.executable, "-m", "dateline", "new_site", "--name", "Kestrel Post",
         "--time-zone", "Mars/Olympus", "--admin-email", "chief@kestrel.example"],
        env=env, cwd=REPOSITORY, capture_output=True, text=True, stdin=subprocess.DEVNULL,
        timeout=300, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "CommandError: 'Mars/Olympus' is not a time zone" in result.stderr


def test_at_a_real_terminal_the_questions_are_asked_and_answered(shared_database):
    """The command on a pseudo-terminal, as an operator runs it: each prompt is answered when
    it appears, a wrong answer is asked again."""
    env = {**shared_database.env, "DJANGO_SETTINGS_MODULE": "dateline.settings.test"}
    answers = iter(["Kestrel Post", "", "kestrel.example", "Europe/Lisbn", "Europe/Lisbon", "",
                    "News, Sport/Football", "chief@kestrel.example"])
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "dateline", "new_site"], stdin=terminal, stdout=terminal,
        stderr=terminal, env=env, cwd=REPOSITORY, close_fds=True)
    os.close(terminal)
    output = b""
    while select.select([controller], [], [], 120)[0]:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the command has ended and closed the terminal
            break
        output += chunk
        if chunk.rstrip().endswith(b":"):
            os.write(controller, (next(answers, "") + "\n").encode())
    os.close(controller)
    assert process.wait(timeout=60) == 0
    text = re.sub(r"\x1b\[[0-9;]*m", "", output.decode())
    assert "'Europe/Lisbn' is not a time zone Dateline knows" in text
    assert "Started the newsroom Kestrel Post at http://kestrel.example/" in text
    assert "Sections: News, Sport, Football" in text
    assert PASSWORD.search(text)
    assert shared_database.count("SELECT COUNT(*) FROM news_sectionpage") == 3


def test_a_new_database_is_migrated_by_new_site_itself(tmp_path):
    """The first of the three commands after installing: no `migrate` before it."""
    env = {**os.environ, "DATELINE_DATA_DIR": str(tmp_path / "data"),
           "DJANGO_SETTINGS_MODULE": "dateline.settings.test"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "dateline", "new_site", "--name", "Kestrel Post",
         "--admin-email", "chief@kestrel.example", "--no-input"],
        env=env, cwd=REPOSITORY, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    assert "Creating the database" in result.stdout
    assert PASSWORD.search(result.stdout)
    assert (tmp_path / "data" / "dateline.sqlite3").exists()

"""Dateline's configs for Wagtail's images, documents, snippets and redirects apps do what
Wagtail's do, less the v3 API, and keep django-ninja and pydantic out of a server process."""

import ast
import importlib.util
import inspect
import os
import subprocess
import sys
import textwrap

import pytest

from django.apps import apps

from wagtail.contrib.redirects.apps import WagtailRedirectsAppConfig
from wagtail.documents.apps import WagtailDocsAppConfig
from wagtail.images.apps import WagtailImagesAppConfig
from wagtail.locales.apps import WagtailLocalesAppConfig
from wagtail.snippets.apps import WagtailSnippetsAppConfig

from dateline.server import wagtail_apps
from tests.conftest import REPOSITORY
from tests.server.conftest import PRODUCTION

pytestmark = pytest.mark.database_independent

REPLACED = [
    (wagtail_apps.ImagesConfig, WagtailImagesAppConfig),
    (wagtail_apps.DocumentsConfig, WagtailDocsAppConfig),
    (wagtail_apps.SnippetsConfig, WagtailSnippetsAppConfig),
    (wagtail_apps.RedirectsConfig, WagtailRedirectsAppConfig),
]


def imported_names(statements, package):
    """Local name -> the dotted name it was imported as, relative imports made absolute."""
    names = {}
    for statement in statements:
        if isinstance(statement, ast.ImportFrom):
            module = statement.module or ""
            if statement.level:
                base = package.rsplit(".", statement.level - 1)[0]
                module = f"{base}.{module}" if module else base
            for alias in statement.names:
                names[alias.asname or alias.name] = f"{module}.{alias.name}"
    return names


class Qualify(ast.NodeTransformer):
    def __init__(self, names):
        self.names = names

    def visit_Name(self, node):
        return ast.Name(id=self.names.get(node.id, node.id), ctx=node.ctx)


def effects_of_ready(config_class):
    """What ``ready()`` does, statement by statement, with every imported name written in
    full, leaving out imports and the statements that use Wagtail's API modules."""
    module = inspect.getmodule(config_class)
    package = config_class.name if module.__name__.endswith(".apps") else module.__package__
    ready = ast.parse(textwrap.dedent(inspect.getsource(config_class.ready))).body[0]
    names = imported_names(ast.parse(inspect.getsource(module)).body, package)
    names.update(imported_names(ready.body, package))
    effects = []
    for statement in ready.body:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            continue
        used = {names.get(node.id, "") for node in ast.walk(statement)
                if isinstance(node, ast.Name)}
        if any(".api." in name for name in used):
            continue
        effects.append(ast.unparse(Qualify(names).visit(statement)))
    return effects


@pytest.mark.parametrize(("ours", "wagtails"), REPLACED,
                         ids=[wagtails.label for _, wagtails in REPLACED])
def test_each_config_does_what_wagtails_does_but_register_the_api(ours, wagtails):
    assert issubclass(ours, wagtails)
    effects = effects_of_ready(ours)
    assert effects, "nothing compared: the comparison itself is broken"
    assert effects == effects_of_ready(wagtails)


def test_the_locales_config_leaves_out_only_wagtails_api_router():
    assert issubclass(wagtail_apps.LocalesConfig, WagtailLocalesAppConfig)
    assert effects_of_ready(WagtailLocalesAppConfig) == []
    assert type(apps.get_app_config("wagtaillocales")) is wagtail_apps.LocalesConfig


def test_the_comparison_sees_a_dropped_registration():
    """The control: a config that leaves out one of Wagtail's registrations does not pass."""

    class Forgetful(WagtailRedirectsAppConfig):
        def ready(self):
            from wagtail.contrib.redirects.models import Redirect
            from wagtail.permissions import register_permission_policy

            register_permission_policy(Redirect)

    assert effects_of_ready(Forgetful) != effects_of_ready(WagtailRedirectsAppConfig)


def test_the_site_installs_dateline_configs():
    for ours, wagtails in REPLACED:
        assert type(apps.get_app_config(wagtails.label)) is ours


def test_a_server_process_starts_without_loading_the_v3_api(tmp_path):
    """What a server process loads before its first page: the apps, the URLs, Wagtail's hooks."""
    probe = (
        "import sys, django; django.setup();"
        "from django.core.management import call_command; call_command('check');"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "from wagtail import hooks; hooks.search_for_hooks();"
        "print(sorted(m for m in ('ninja', 'wagtail.api.v3.api', 'wagtail.admin.urls')"
        " if m in sys.modules))"
    )
    env = {**os.environ, **PRODUCTION, "DATELINE_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", probe], env=env, cwd=REPOSITORY,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    # The admin's URLs and hooks did load, so the probe reached what a request would.
    assert done.stdout.splitlines()[-1] == "['wagtail.admin.urls']"
    assert importlib.util.find_spec("ninja") is not None, "the probe would pass anyway"

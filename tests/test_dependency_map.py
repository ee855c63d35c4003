"""The map of the house: each app uses only the apps its row in docs/architecture.md names.

"Uses" is every way one app can depend on another without an import showing it: Python imports
(and dotted paths, model labels and ``apps.get_model`` in strings), the ``{% load %}`` libraries,
``{% extends %}`` and ``{% include %}`` template names of its templates, URL names (``{% url %}``,
``reverse()``, any string ``"namespace:name"``), and relation names that another app's models put
on its models (``similar_stories`` on a story), read as attributes, keywords or ORM strings.
Project modules (settings, the root URLconf, ``asgi.py``, ``src/dateline/templates/``) assemble
the site and may name any app; they are not apps.
"""

import ast
import dataclasses
import re
from pathlib import Path

from django.apps import apps as installed

REPOSITORY = Path(__file__).resolve().parent.parent
SOURCE = REPOSITORY / "src" / "dateline"
ARCHITECTURE = REPOSITORY / "docs" / "architecture.md"
MAP_HEADING = "### The map"

TEMPLATE_LOAD = re.compile(r"{%\s*load\s+(.+?)\s*%}")
TEMPLATE_URL = re.compile(r"""{%\s*url\s+["']([\w-]+):([\w-]+)""")
TEMPLATE_NAME = re.compile(r"""{%\s*(?:extends|include)\s+["']([^"']+)["']""")
TEMPLATE_CODE = re.compile(r"{{(.*?)}}|{%(.*?)%}", re.DOTALL)
DOTTED_PATH = re.compile(r"dateline\.(\w+)(?:\.\w+)*")
MODEL_LABEL = re.compile(r"(\w+)\.[A-Z]\w*")
URL_NAME = re.compile(r"([\w-]+):[\w-]*")


@dataclasses.dataclass(frozen=True, order=True)
class Use:
    path: str
    line: int
    kind: str
    name: str
    app: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.kind} {self.name!r} belongs to {self.app}"


def read_map(architecture=ARCHITECTURE):
    """{app: the apps it may use}, from the table under MAP_HEADING."""
    text = architecture.read_text()
    assert MAP_HEADING in text, f"{architecture.name} has no {MAP_HEADING!r} section"
    section = text.split(MAP_HEADING, 1)[1].split("\n#", 1)[0]
    rule = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) >= 2:
            rule[cells[0].strip("`")] = set(re.findall(r"`(\w+)`", cells[1]))
    return rule


class Tree:
    """An app tree like src/dateline: each folder with an ``apps.py`` is an app, and owns its
    template tag libraries, its URL namespace and its templates."""

    def __init__(self, root):
        self.root = root
        self.apps = sorted(path.parent.name for path in root.glob("*/apps.py"))
        self.libraries = {path.stem: path.parent.parent.name
                          for path in root.glob("*/templatetags/*.py")
                          if path.stem != "__init__" and path.parent.parent.name in self.apps}
        self.namespaces = {}
        for app in self.apps:
            urls = root / app / "urls.py"
            if urls.exists():
                for node in ast.walk(ast.parse(urls.read_text())):
                    if isinstance(node, ast.Assign) and any(
                            getattr(target, "id", None) == "app_name" for target in node.targets):
                        self.namespaces[node.value.value] = app
        self.template_names = {
            path.relative_to(root / app / "templates").as_posix(): app
            for app in self.apps for path in (root / app / "templates").rglob("*")
            if path.is_file()}

    def uses(self, app, relation_names):
        """Every use ``app`` makes of another app. ``relation_names``: {name: app whose model
        defines that relation on another app's model}."""
        found = set()
        for path in sorted((self.root / app).rglob("*.py")):
            found |= self.python_uses(path, relation_names)
        for path in sorted((self.root / app / "templates").rglob("*")):
            if path.is_file():
                found |= self.template_uses(path, relation_names)
        return {use for use in found if use.app != app}

    def python_uses(self, path, relation_names):
        where = path.relative_to(self.root).as_posix()
        found = set()

        def use(node, kind, name, owner):
            if owner in self.apps:
                found.add(Use(where, node.lineno, kind, name, owner))

        def relations(node, text):
            for part in text.split("__"):
                if part in relation_names:
                    use(node, "relation name", part, relation_names[part])

        package = path.relative_to(self.root).parent.parts
        tree = ast.parse(path.read_text(), filename=str(path))
        socket_names = {id(node) for node in naming_a_socket(tree)}
        for node in ast.walk(tree):
            if id(node) in socket_names:
                continue
            if isinstance(node, ast.Import):
                for alias in node.names:
                    self.module_use(node, alias.name, use)
            elif isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level:
                    base = package[:len(package) - node.level + 1]
                    module = ".".join(["dateline", *base, *filter(None, [module])])
                self.module_use(node, module, use)
                if module == "dateline":
                    for alias in node.names:
                        self.module_use(node, f"dateline.{alias.name}", use)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                # Also the first part of an f-string: f"discovery:archive_{kind}".
                self.string_use(node, node.value, use)
                relations(node, node.value)
            elif isinstance(node, ast.Attribute) and node.attr in relation_names:
                use(node, "relation name", node.attr, relation_names[node.attr])
            elif isinstance(node, ast.keyword) and node.arg:
                relations(node.value, node.arg)
            elif (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "get_model"
                  and node.args and isinstance(node.args[0], ast.Constant)):
                label = str(node.args[0].value).split(".")[0]
                use(node, "model label", node.args[0].value, label)
        return found

    def module_use(self, node, module, use):
        if (match := DOTTED_PATH.fullmatch(module)) is not None:
            use(node, "import", module, match[1])

    def string_use(self, node, text, use):
        if (match := DOTTED_PATH.fullmatch(text)) is not None:
            use(node, "dotted path", text, match[1])
        elif (match := MODEL_LABEL.fullmatch(text)) is not None:
            use(node, "model label", text, match[1])
        elif (match := URL_NAME.fullmatch(text)) is not None:
            use(node, "URL name", text, self.namespaces.get(match[1]))

    def template_uses(self, path, relation_names):
        where = path.relative_to(self.root).as_posix()
        found = set()
        text = path.read_text()
        for number, line in enumerate(text.splitlines(), start=1):
            for loaded in TEMPLATE_LOAD.findall(line):
                words = loaded.split()
                for library in words[-1:] if "from" in words else words:
                    if library in self.libraries:
                        found.add(Use(where, number, "{% load %} library", library,
                                      self.libraries[library]))
            for namespace, name in TEMPLATE_URL.findall(line):
                if namespace in self.namespaces:
                    found.add(Use(where, number, "URL name", f"{namespace}:{name}",
                                  self.namespaces[namespace]))
            for name in TEMPLATE_NAME.findall(line):
                if name in self.template_names:
                    found.add(Use(where, number, "template", name,
                                  self.template_names[name]))
            for code in TEMPLATE_CODE.findall(line):
                for word in re.findall(r"\w+", " ".join(code)):
                    if word in relation_names:
                        found.add(Use(where, number, "relation name", word,
                                      relation_names[word]))
        return found


def naming_a_socket(tree):
    """The nodes that name one of news' sockets: ``Socket("similar_stories")`` or
    ``sockets.similar_stories``. A socket may share its name with a relation (discovery's
    ``similar_stories``) and is news' own."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Socket":
            yield from node.args[:1]
        elif isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "sockets":
            yield node


def app_folder(model):
    name = model._meta.app_config.name
    return name.split(".")[1] if name.startswith("dateline.") else None


def relation_names():
    """The reverse accessors and query names that one app's models define on another app's
    models (or on Wagtail's ``Page``, which every page type is)."""
    ours = [model for model in installed.get_models() if app_folder(model)]
    names = {}
    for model in ours:
        for field in [*model._meta.local_fields, *model._meta.local_many_to_many]:
            if not field.related_model:
                continue
            target = field.related_model
            if target is model or not any(issubclass(each, target) for each in ours):
                continue
            if app_folder(target) == app_folder(model):
                continue
            if not field.remote_field.hidden:
                names[field.remote_field.get_accessor_name()] = app_folder(model)
            if not field.related_query_name().endswith("+"):
                names[field.related_query_name()] = app_folder(model)
    return names


def wrong_way_uses(tree, rule, relations):
    """Uses the map does not allow, and apps the map leaves out."""
    unmapped = [app for app in tree.apps if app not in rule]
    wrong = sorted(use for app in tree.apps if app in rule
                   for use in tree.uses(app, relations) if use.app not in rule[app])
    return unmapped, wrong


def assert_follows_map(tree, rule, relations):
    unmapped, wrong = wrong_way_uses(tree, rule, relations)
    assert not unmapped, f"apps with no row in the map: {', '.join(unmapped)}"
    assert not wrong, "uses the map does not allow:\n" + "\n".join(map(str, wrong))


def test_every_app_uses_only_the_apps_the_map_allows():
    assert_follows_map(Tree(SOURCE), read_map(), relation_names())


def test_the_map_knows_every_kind_of_use():
    tree = Tree(SOURCE)
    assert {"news_tags", "almanac_tags"} <= tree.libraries.keys()
    assert {"news": "news", "discovery": "discovery"}.items() <= tree.namespaces.items()
    assert tree.template_names["base.html"] == "news"
    assert relation_names()["search_document"] == "discovery"


def write(root, relative, text):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_a_wrong_way_reference_of_each_kind_fails_the_guard_and_is_named(tmp_path):
    for app in ("news", "almanac", "discovery"):
        write(tmp_path, f"{app}/apps.py", "")
    write(tmp_path, "almanac/templatetags/almanac_tags.py", "")
    write(tmp_path, "discovery/urls.py", 'app_name = "discovery"\n')
    write(tmp_path, "news/feeds.py", "from dateline.discovery import feeds\n")
    write(tmp_path, "news/links.py", 'from django.urls import reverse\n\n'
                                     'SEARCH = reverse("discovery:search")\n')
    write(tmp_path, "news/related.py", "def related(story):\n"
                                       "    return story.similar_stories.all()\n")
    write(tmp_path, "news/ranked.py", "def ranked(stories):\n"
                                      '    return stories.order_by("similar_to__rank")\n')
    write(tmp_path, "news/templates/news/home_page.html",
          "{% load i18n almanac_tags %}{% on_this_day_panel %}\n"
          "<a href=\"{% url 'discovery:search' %}\">Search</a>\n")
    write(tmp_path, "almanac/models.py", "from dateline.news.models import ArticlePage\n")
    rule = {"news": set(), "almanac": {"news"}, "discovery": {"news"}}
    relations = {"similar_stories": "discovery", "similar_to": "discovery"}

    unmapped, wrong = wrong_way_uses(Tree(tmp_path), rule, relations)
    assert unmapped == []
    assert [str(use) for use in wrong] == [
        "news/feeds.py:1: import 'dateline.discovery' belongs to discovery",
        "news/links.py:3: URL name 'discovery:search' belongs to discovery",
        "news/ranked.py:2: relation name 'similar_to' belongs to discovery",
        "news/related.py:2: relation name 'similar_stories' belongs to discovery",
        "news/templates/news/home_page.html:1: {% load %} library 'almanac_tags' belongs to "
        "almanac",
        "news/templates/news/home_page.html:2: URL name 'discovery:search' belongs to discovery",
    ]
    try:
        assert_follows_map(Tree(tmp_path), rule, relations)
    except AssertionError as failure:
        message = str(failure)
    else:
        raise AssertionError("the guard passed a news app that uses discovery and almanac")
    for named in ("news/feeds.py:1", "discovery:search", "similar_stories", "almanac_tags"):
        assert named in message


def test_an_app_missing_from_the_map_fails_the_guard(tmp_path):
    write(tmp_path, "news/apps.py", "")
    write(tmp_path, "editions/apps.py", "")
    assert wrong_way_uses(Tree(tmp_path), {"news": set()}, {}) == (["editions"], [])

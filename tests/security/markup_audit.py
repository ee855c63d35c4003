"""What a browser would run in a page: parsed with html5lib, the HTML5 parsing algorithm
browsers follow, so that mutation tricks are judged the way a reader's browser sees them."""

import json
import pathlib
import re
from xml.etree import ElementTree

import html5lib

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background",
                  "dynsrc", "lowsrc", "codebase", "cite", "longdesc", "usemap", "srcdoc"}
EMBEDDING = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "layer",
             "bgsound", "portal"}
# What the URL standard has browsers drop before reading a scheme: leading controls and
# spaces, and tabs and line breaks anywhere.
URL_LEADING = re.compile(r"^[\x00-\x20]+")
URL_TABS_AND_BREAKS = re.compile(r"[\t\n\r]")
# Stricter for style, which old engines read loosely: controls, spaces and invisibles.
IGNORED_IN_STYLE = re.compile(r"[\x00-\x20\x7f-\xa0\u2028\u2029\u200b\ufeff\s]+")
# The site's own scripts, as its pages name them: files under an app's static/ folder.
PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "src" / "dateline"
OWN_SCRIPTS = frozenset(
    "/static/" + path.relative_to(static).as_posix()
    for static in PACKAGE.glob("**/static") for path in static.glob("**/*.js"))
SCRIPT_SCHEME = re.compile(r"^(?:java|vb|live)script:|^data:(?!image/(?:png|jpeg|gif|webp)[;,])")
DANGEROUS_STYLE = re.compile(r"javascript:|vbscript:|expression\(|behavior:|-moz-binding|@import")
FEED_HTML_ELEMENTS = ("description", "{http://purl.org/rss/1.0/modules/content/}encoded",
                      "{http://www.w3.org/2005/Atom}summary",
                      "{http://www.w3.org/2005/Atom}content")
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module",
                           "text/ecmascript", "application/ecmascript"}


def parse(html):
    return html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)


def local(name):
    return name.rsplit("}", 1)[-1].lower()


def elements(document):
    for element in document.iter():
        if isinstance(element.tag, str):
            yield element


def live_markup(html, *, json_ld_scripts=True):
    """Findings in a public page: any script but valid JSON-LD, any event handler, script URL,
    embedding element, refresh or dangerous style. Empty when the page is inert."""
    findings = []
    for element in elements(parse(html)):
        tag = local(element.tag)
        if tag == "script":
            findings += script_findings(element, json_ld_scripts)
        elif tag in EMBEDDING:
            findings.append(f"<{tag}> element")
        elif tag == "meta" and element.get("http-equiv") is not None:
            findings.append("<meta http-equiv>")
        elif tag == "style":
            findings.append("<style> element")
        findings += attribute_findings(tag, element.attrib)
    return findings


def script_findings(element, json_ld_scripts):
    if json_ld_scripts and element.get("type") == "application/ld+json":
        try:
            json.loads(element.text or "")
        except ValueError:
            return ["JSON-LD that is not JSON: its element was broken into"]
        return []
    if element.get("src") in OWN_SCRIPTS and not (element.text or "").strip():
        return []
    return [f"<script> {(element.text or element.get('src') or '')[:60]!r}"]


def attribute_findings(tag, attributes):
    findings = []
    for raw_name, value in attributes.items():
        name = local(raw_name)
        if name.startswith("on"):
            findings.append(f"<{tag} {name}>")
        elif name in URL_ATTRIBUTES or name == "srcset":
            urls = value.split(",") if name == "srcset" else [value]
            if any(is_script_url(url) for url in urls):
                findings.append(f"<{tag} {name}={value[:60]!r}>")
        elif name == "style" and DANGEROUS_STYLE.search(IGNORED_IN_STYLE.sub("", value.lower())):
            findings.append(f"<{tag} style={value[:60]!r}>")
    return findings


def is_script_url(url):
    return bool(SCRIPT_SCHEME.match(URL_TABS_AND_BREAKS.sub("", URL_LEADING.sub("", url)).lower()))


def live_marker(html, marker):
    """Findings in an admin page, whose own scripts are many: any element that would run the
    payload carrying ``marker`` (an executable script, a handler, a script URL)."""
    findings = []
    for element in elements(parse(html)):
        tag = local(element.tag)
        if tag == "script" and (element.get("type") or "").lower() in EXECUTABLE_SCRIPT_TYPES:
            if marker in (element.text or ""):
                findings.append(f"<script> running {marker}")
        elif tag in EMBEDDING and marker in " ".join(element.attrib.values()):
            findings.append(f"<{tag}> carrying {marker}")
        carrying = {name: value for name, value in element.attrib.items() if marker in value}
        findings += attribute_findings(tag, carrying)
    return findings


def shown(html, marker):
    """Whether the page carries ``marker`` at all, as text or in an attribute or data."""
    return marker in html


class Audit:
    """Pages fetched and parsed, and what was found live in them."""

    def __init__(self, client):
        self.client = client
        self.pages = 0
        self.findings = []

    def page(self, url):
        response = self.client.get(url)
        assert response.status_code == 200, url
        self.parsed(url, response.content.decode())
        return response

    def parsed(self, where, html, **options):
        self.pages += 1
        self.findings += [f"{where}: {finding}" for finding in live_markup(html, **options)]

    def feed(self, url):
        """A feed reader renders an item's description and content as HTML: each is a page."""
        root = ElementTree.fromstring(self.page_bytes(url))
        for element in root.iter():
            if element.tag in FEED_HTML_ELEMENTS and element.text:
                self.parsed(url, element.text, json_ld_scripts=False)

    def page_bytes(self, url):
        response = self.client.get(url)
        assert response.status_code == 200, url
        return response.content

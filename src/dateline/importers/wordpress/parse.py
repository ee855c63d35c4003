"""A WXR file becomes plain dataclasses, read in full before anything touches the database.

defusedxml refuses DTDs, entity declarations and external references, so a "billion laughs"
or an external-entity file fails here, as does anything that is not well-formed XML.
WordPress has written its namespace as http:// and as https:// (WordPress.com), and with
versions 1.0 to 1.2; the one a file declares is found by pattern, never hard-coded.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit
from xml.etree.ElementTree import ParseError

import defusedxml
from defusedxml import ElementTree

WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")
EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
TAG_DOMAINS = {"post_tag", "tag"}


class WXRError(Exception):
    """The file cannot be imported; the message says why."""


@dataclass(frozen=True)
class Author:
    login: str
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    declared: bool = True

    @property
    def name(self):
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.display_name or self.login


@dataclass(frozen=True)
class Term:
    """A category (parent is the parent's nicename) or a tag (no parent)."""

    slug: str
    name: str
    parent: str = ""
    description: str = ""


@dataclass(frozen=True)
class Item:
    """One post, page, attachment or other entry of the export."""

    post_id: str
    post_type: str
    title: str
    link: str
    creator: str
    content: str
    excerpt: str
    status: str
    post_date: str
    post_date_gmt: str
    slug: str
    parent_id: str
    menu_order: int
    sticky: bool
    password: str
    categories: tuple = ()
    tags: tuple = ()
    attachment_url: str = ""
    meta: dict = field(default_factory=dict)


@dataclass
class Export:
    version: str
    base_site_url: str
    base_blog_url: str

    @property
    def source(self):
        """The blog's own address: WordPress.com exports all share base_site_url."""
        return self.base_blog_url.rstrip("/") + "/"
    authors: list
    categories: list
    tags: list
    items: list

    def of_type(self, post_type):
        return [item for item in self.items if item.post_type == post_type]


def read_export(path):
    """The whole export, or WXRError naming what is wrong with the file."""
    try:
        tree = ElementTree.parse(path, forbid_dtd=True, forbid_entities=True,
                                 forbid_external=True)
    except defusedxml.DefusedXmlException as error:
        raise WXRError(f"the file declares a DTD or entities, which are refused: {error}") from None
    except ParseError as error:
        raise WXRError(f"the file is not well-formed XML: {error}") from None
    except OSError as error:
        raise WXRError(f"cannot read the file: {error}") from None
    return Reader(tree.getroot()).export()


class Reader:
    def __init__(self, root):
        self.channel = root.find("channel")
        if root.tag != "rss" or self.channel is None:
            raise WXRError("this is not a WordPress export: there is no <rss><channel>")
        namespaces = {tag[1:].split("}")[0] for tag in _all_tags(root) if tag.startswith("{")}
        wp = [name for name in namespaces if WP_NAMESPACE.match(name)]
        if not wp:
            raise WXRError("this is not a WordPress export: no wordpress.org/export namespace")
        self.wp = "{" + wp[0] + "}"
        excerpt = [name for name in namespaces if EXCERPT_NAMESPACE.match(name)]
        self.excerpt = "{" + excerpt[0] + "}encoded" if excerpt else None

    def export(self):
        version = self.text(self.channel, "wxr_version")
        if version and not re.fullmatch(r"1\.\d+", version):
            raise WXRError(f"unknown WXR version {version!r}; exports 1.0 to 1.2 are supported")
        base_site = self.text(self.channel, "base_site_url") or _text(self.channel, "link")
        export = Export(
            version=version or "1.0",
            base_site_url=base_site.rstrip("/") + "/",
            base_blog_url=self.text(self.channel, "base_blog_url") or base_site,
            authors=[self.author(node) for node in self.channel.iter(self.wp + "author")],
            categories=[self.category(node) for node in self.channel.iter(self.wp + "category")],
            tags=[self.tag(node) for node in self.channel.iter(self.wp + "tag")],
            items=[self.item(node) for node in self.channel.iter("item")],
        )
        add_undeclared_terms(export)
        return export

    def text(self, node, name):
        return _text(node, self.wp + name)

    def author(self, node):
        return Author(
            login=clean_login(self.text(node, "author_login")),
            display_name=self.text(node, "author_display_name"),
            first_name=self.text(node, "author_first_name"),
            last_name=self.text(node, "author_last_name"),
        )

    def category(self, node):
        return Term(
            slug=self.text(node, "category_nicename"), name=self.text(node, "cat_name"),
            parent=self.text(node, "category_parent"),
            description=self.text(node, "category_description"),
        )

    def tag(self, node):
        return Term(slug=self.text(node, "tag_slug"), name=self.text(node, "tag_name"),
                    description=self.text(node, "tag_description"))

    def item(self, node):
        link = _text(node, "link")
        guid = _text(node, "guid")
        meta = {
            self.text(pair, "meta_key"): self.text(pair, "meta_value")
            for pair in node.iter(self.wp + "postmeta")
        }
        # WordPress only files terms that carry a nicename; bare <category> is RSS decoration.
        terms = [(term.get("domain", ""), term.get("nicename", ""), (term.text or "").strip())
                 for term in node.findall("category") if term.get("nicename")]
        return Item(
            post_id=self.text(node, "post_id") or _id_from_url(guid) or _id_from_url(link)
            or guid or link,
            post_type=self.text(node, "post_type") or "post",
            title=_text(node, "title"),
            link=link,
            creator=clean_login(_text(node, CREATOR)),
            content=_text(node, CONTENT),
            excerpt=_text(node, self.excerpt) if self.excerpt else "",
            status=self.text(node, "status") or "publish",
            post_date=self.text(node, "post_date"),
            post_date_gmt=self.text(node, "post_date_gmt"),
            slug=unquote(self.text(node, "post_name")),
            parent_id=self.text(node, "post_parent").lstrip("0") or "",
            menu_order=_whole_number(self.text(node, "menu_order")),
            sticky=self.text(node, "is_sticky") == "1",
            password=self.text(node, "post_password"),
            categories=tuple((slug, name) for domain, slug, name in terms if domain == "category"),
            tags=tuple((slug, name) for domain, slug, name in terms if domain in TAG_DOMAINS),
            attachment_url=self.text(node, "attachment_url"),
            meta=meta,
        )


def add_undeclared_terms(export):
    """Items may use categories, tags and authors the header never declared; add them."""
    categories = {term.slug for term in export.categories}
    tags = {term.slug for term in export.tags}
    logins = {author.login for author in export.authors}
    for item in export.items:
        for slug, name in item.categories:
            if slug not in categories:
                categories.add(slug)
                export.categories.append(Term(slug=slug, name=name or slug))
        for slug, name in item.tags:
            if slug not in tags:
                tags.add(slug)
                export.tags.append(Term(slug=slug, name=name or slug))
        if item.creator and item.creator not in logins and item.post_type in ("post", "page"):
            logins.add(item.creator)
            export.authors.append(Author(login=item.creator, declared=False))


def clean_login(login):
    """Some exports carry stray angle brackets around a login (">themereviewteam")."""
    return (login or "").strip().strip("<>").strip()


def _text(node, name):
    child = node.find(name)
    if child is None:
        return ""
    return (child.text or "").strip()


def _whole_number(text):
    """WordPress writes an integer; a hand-edited or damaged file may not, and that is 0."""
    return int(text) if re.fullmatch(r"-?[0-9]{1,18}", text) else 0


def _all_tags(root):
    return (node.tag for node in root.iter() if isinstance(node.tag, str))


def _id_from_url(url):
    query = parse_qs(urlsplit(url).query)
    for key in ("p", "page_id", "attachment_id"):
        if query.get(key, [""])[0].isdecimal():
            return query[key][0]
    return ""

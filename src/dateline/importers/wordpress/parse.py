"""A WXR file becomes plain dataclasses, read in full before anything touches the database.

defusedxml refuses DTDs, entity declarations and external references, so a "billion laughs"
or an external-entity file fails here, as does anything that is not well-formed XML.
WordPress has written its namespace as http:// and as https:// (WordPress.com), and with
versions 1.0 to 1.2; a file may use several (a 1.2 export edited with 1.1 items). Every one
found is read, in a fixed order (newest version first), so that the same file always reads
the same, whatever the interpreter's hash seed.

Items are keyed by their WordPress ID; one without an ID (hand-made or damaged exports) by its
GUID, else its link, else a checksum of the item, never merged with another item.
"""

import hashlib
import re
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, unquote, urlsplit
from xml.etree.ElementTree import ParseError

import defusedxml
from defusedxml import ElementTree

WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")
EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
TAG_DOMAINS = {"post_tag", "tag"}
# Terms WordPress uses for its own bookkeeping, not for filing stories.
INTERNAL_DOMAINS = {"post_format", "nav_menu", "wp_theme", "wp_template_part_area",
                    "wp_pattern_category", "link_category"}


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
        """The name bylines showed on the old site: the display name, unless it is only the
        login (WordPress's default) and a first or last name says more."""
        full = f"{self.first_name} {self.last_name}".strip()
        if self.display_name and (self.display_name != self.login or not full):
            return self.display_name
        return full or self.login


@dataclass(frozen=True)
class Term:
    """A category (parent is the parent's nicename) or a tag (no parent)."""

    slug: str
    name: str
    parent: str = ""
    description: str = ""


@dataclass(frozen=True)
class Comment:
    comment_id: str
    author: str
    date: str
    date_gmt: str
    content: str
    approved: str
    comment_type: str
    parent_id: str
    author_url: str = ""


@dataclass(frozen=True)
class Item:
    """One post, page, attachment or other entry of the export.

    ``post_id`` is the item's key: its WordPress ID, or for an item without one, its GUID,
    link or checksum (``has_wordpress_id`` tells which). ``post_type`` and ``status`` are
    empty when the file does not say."""

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
    has_wordpress_id: bool = True
    guid: str = ""
    # The ID its old ``/?p=ID`` addresses carry: its own, or for an item without one, the ID
    # in its GUID or link, unless another item of the file has that ID.
    address_id: str = ""
    comments: tuple = ()
    # (taxonomy, slug, name) of terms in taxonomies other than categories and tags.
    other_terms: tuple = ()


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
    # (taxonomy, slug, name) declared in the header in taxonomies Dateline has no place for.
    other_terms: list = field(default_factory=list)

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
        wp = ordered_namespaces(name for name in namespaces if WP_NAMESPACE.match(name))
        if not wp:
            raise WXRError("this is not a WordPress export: no wordpress.org/export namespace")
        self.wp = ["{" + name + "}" for name in wp]
        self.excerpts = ["{" + name + "}encoded" for name in ordered_namespaces(
            name for name in namespaces if EXCERPT_NAMESPACE.match(name))]

    def export(self):
        version = self.text(self.channel, "wxr_version")
        if version and not re.fullmatch(r"1\.\d+", version):
            raise WXRError(f"unknown WXR version {version!r}; exports 1.0 to 1.2 are supported")
        base_site = self.text(self.channel, "base_site_url") or _text(self.channel, "link")
        items = [self.item(node) for node in self.channel.iter("item")]
        export = Export(
            version=version or "1.0",
            base_site_url=base_site.rstrip("/") + "/",
            base_blog_url=self.text(self.channel, "base_blog_url") or base_site,
            authors=[self.author(node) for node in self.all(self.channel, "author")],
            categories=[self.category(node) for node in self.all(self.channel, "category")],
            tags=[self.tag(node) for node in self.all(self.channel, "tag")],
            items=distinct_keys(items),
            other_terms=[term for term in map(self.term, self.all(self.channel, "term"))
                         if term[0] not in INTERNAL_DOMAINS | TAG_DOMAINS | {"category"}],
        )
        add_undeclared_terms(export)
        return export

    def all(self, node, name):
        """Every ``wp:name`` element under ``node``, in document order, whichever version."""
        tags = {wp + name for wp in self.wp}
        return [child for child in node.iter() if child.tag in tags]

    def text(self, node, name):
        for wp in self.wp:
            child = node.find(wp + name)
            if child is not None:
                return (child.text or "").strip()
        return ""

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

    def term(self, node):
        return (self.text(node, "term_taxonomy"), self.text(node, "term_slug"),
                self.text(node, "term_name"))

    def comment(self, node):
        return Comment(
            comment_id=self.text(node, "comment_id"),
            author=self.text(node, "comment_author"),
            author_url=self.text(node, "comment_author_url"),
            date=self.text(node, "comment_date"),
            date_gmt=self.text(node, "comment_date_gmt"),
            content=self.text(node, "comment_content"),
            approved=self.text(node, "comment_approved"),
            comment_type=self.text(node, "comment_type"),
            parent_id=self.text(node, "comment_parent").lstrip("0"),
        )

    def item(self, node):
        link = _text(node, "link")
        guid = _text(node, "guid")
        meta = {
            self.text(pair, "meta_key"): self.text(pair, "meta_value")
            for pair in self.all(node, "postmeta")
        }
        # WordPress only files terms that carry a nicename; bare <category> is RSS decoration.
        terms = [(term.get("domain", ""), term.get("nicename", ""), (term.text or "").strip())
                 for term in node.findall("category") if term.get("nicename")]
        post_id = self.text(node, "post_id")
        excerpt = next((_text(node, name) for name in self.excerpts
                        if node.find(name) is not None), "")
        return Item(
            post_id=post_id if re.fullmatch(r"[0-9]{1,20}", post_id) else "",
            has_wordpress_id=bool(re.fullmatch(r"[0-9]{1,20}", post_id)),
            guid=guid,
            post_type=self.text(node, "post_type"),
            title=_text(node, "title"),
            link=link,
            creator=clean_login(_text(node, CREATOR)),
            content=_text(node, CONTENT),
            excerpt=excerpt,
            status=self.text(node, "status"),
            post_date=self.text(node, "post_date"),
            post_date_gmt=self.text(node, "post_date_gmt"),
            slug=unquote(self.text(node, "post_name")),
            parent_id=self.text(node, "post_parent").lstrip("0") or "",
            menu_order=_whole_number(self.text(node, "menu_order")),
            sticky=self.text(node, "is_sticky") == "1",
            password=self.text(node, "post_password"),
            categories=tuple((slug, name) for domain, slug, name in terms if domain == "category"),
            tags=tuple((slug, name) for domain, slug, name in terms if domain in TAG_DOMAINS),
            other_terms=tuple((domain, slug, name) for domain, slug, name in terms
                              if domain not in TAG_DOMAINS | INTERNAL_DOMAINS | {"category"}),
            attachment_url=self.text(node, "attachment_url"),
            meta=meta,
            comments=tuple(self.comment(each) for each in self.all(node, "comment")),
        )


def ordered_namespaces(names):
    """Newest export version first, then https before http: a fixed order for any file."""
    def version(name):
        number = re.search(r"/export/1\.(\d+)/", name).group(1)
        return (-int(number), not name.startswith("https"), name)
    return sorted(set(names), key=version)


def distinct_keys(items):
    """Each item keyed by its ID, else its GUID, else its link, else its checksum; a key
    already taken (two items with the same GUID) gets a suffix, so no two items merge."""
    taken = set()
    keyed = []
    declared = {item.post_id for item in items if item.post_id}
    for item in items:
        address_id = item.post_id
        if not address_id:
            address_id = id_from_url(item.guid) or id_from_url(item.link)
            if address_id in declared:
                address_id = ""
            declared.add(address_id)
        key = item.post_id or (f"guid:{item.guid}" if item.guid else "") or (
            f"link:{item.link}" if item.link else "") or "sha256:" + hashlib.sha256(
                repr(item).encode()).hexdigest()
        unique, number = key, 1
        while unique in taken:
            number += 1
            unique = f"{key}#{number}"
        taken.add(unique)
        keyed.append(replace(item, post_id=unique, address_id=address_id))
    return keyed


def id_from_url(url):
    query = parse_qs(urlsplit(url).query)
    for key in ("p", "page_id", "attachment_id"):
        if query.get(key, [""])[0].isdecimal():
            return query[key][0]
    return ""


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



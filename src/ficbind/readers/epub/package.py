"""Read an EPUB's package: container.xml -> the OPF -> `Package` (metadata, spine, contents titles).

EPUB 2 and 3 alike. Metadata is read as the OPF states it: titles, creators with their
roles, language, subjects, description (often escaped HTML, as Calibre writes it),
date, publisher, source, and the series from Calibre's `calibre:series` or EPUB 3's
`belongs-to-collection`. The spine gives the reading order; the NCX or the EPUB 3 nav
document gives each spine document the title the book's contents page shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree, html

from ...errors import InputError
from .container import Container, resolve_href
from .documents import local, parse_chapter, parse_xml, text_of

_XHTML_TYPES = {"application/xhtml+xml", "text/html", "application/xml", "text/xml"}
# Creator roles that mean the person wrote the story (MARC relators); no role means author too.
_AUTHOR_ROLES = {"", "aut", "author"}
# The OPF guide's kinds of page that are the book's furniture, not its text.
_FURNITURE_TYPES = {"cover", "title-page", "toc", "copyright-page"}


@dataclass(slots=True)
class Item:
    """One file the OPF's manifest lists."""

    id: str
    name: str | None  # the member inside the zip; None when the href points outside the book
    media_type: str
    properties: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)  # everyone else named (tools, editors)
    language: str | None = None
    subjects: list[str] = field(default_factory=list)
    description: str | None = None  # plain text, paragraphs separated by blank lines
    date: str | None = None
    publisher: str | None = None
    source: str | None = None
    identifiers: list[str] = field(default_factory=list)
    series: str | None = None
    series_index: str | None = None
    generator: str | None = None


@dataclass(slots=True)
class Package:
    opf: str  # the OPF's member name
    meta: Metadata
    manifest: dict[str, Item]
    spine: list[Item]  # the reading order, linear and not
    toc_titles: dict[str, str]  # member -> the title the book's own contents gives it
    cover_image: str | None = None
    # Documents the OPF's guide or EPUB 3 landmarks name as cover, title page or contents.
    furniture: set[str] = field(default_factory=set)


def read_package(container: Container) -> Package:
    path = container.path
    mimetype = container.mimetype()
    if mimetype and mimetype != b"application/epub+zip":
        raise InputError(f"this zip says it is {mimetype[:60].decode('ascii', 'replace')!r}, not an EPUB; "
                         "give ficbind the story's EPUB or HTML download", path)
    if "META-INF/container.xml" not in container:
        raise InputError("the EPUB has no META-INF/container.xml (it is not a complete EPUB); "
                         "download it again", path)
    root = parse_xml(container.read("META-INF/container.xml"), "META-INF/container.xml", path)
    opf = next((r.get("full-path") for r in root.iter() if local(r) == "rootfile"
                and (r.get("media-type") or "application/oebps-package+xml") == "application/oebps-package+xml"
                and r.get("full-path")), None)
    opf_name = resolve_href("", opf) if opf else None
    if opf_name is None or opf_name not in container:
        raise InputError("the EPUB's container.xml names no package file it holds; download it again", path)
    package = parse_xml(container.read(opf_name), opf_name, path)

    manifest: dict[str, Item] = {}
    for element in package.iter():
        if local(element) == "item" and element.get("id") and element.get("href") is not None:
            name = resolve_href(opf_name, element.get("href", ""))
            manifest[element.get("id", "")] = Item(
                element.get("id", ""), name if name is not None and name in container else None,
                (element.get("media-type") or "").strip().lower(), set((element.get("properties") or "").split()))
    spine: list[Item] = []
    spine_element = next((e for e in package.iter() if local(e) == "spine"), None)
    for ref in (spine_element if spine_element is not None else []):
        item = manifest.get(ref.get("idref") or "")
        if item is not None and item.name and item.media_type in _XHTML_TYPES and item not in spine:
            spine.append(item)
    if not spine:
        raise InputError("the EPUB's package lists no chapters to read; download it again", path)
    meta = _metadata(package)
    toc_titles = _toc_titles(container, manifest, spine_element)
    cover = next((i.name for i in manifest.values() if "cover-image" in i.properties and i.name), None)
    furniture = {name for reference in package.iter() if local(reference) == "reference"
                 and (reference.get("type") or "").lower() in _FURNITURE_TYPES
                 and (name := resolve_href(opf_name, reference.get("href") or ""))}
    return Package(opf_name, meta, manifest, spine, toc_titles, cover, furniture)


def _metadata(package: etree._Element) -> Metadata:
    meta = Metadata()
    block = next((e for e in package if local(e) == "metadata"), None)
    if block is None:
        return meta
    refines: dict[str, dict[str, str]] = {}
    for element in block.iter():
        if local(element) == "meta" and element.get("refines") and element.get("property"):
            refines.setdefault(element.get("refines", "").lstrip("#"), {})[element.get("property", "")] = \
                text_of(element)
    collections: list[tuple[str, str | None]] = []
    for element in block.iter():
        name = local(element)
        value = text_of(element)
        attrs = {etree.QName(k).localname: v for k, v in element.attrib.items()}
        if name == "title" and value and meta.title is None:
            meta.title = value
        elif name in ("creator", "contributor") and value:
            role = (attrs.get("role") or refines.get(attrs.get("id", ""), {}).get("role") or "").strip().lower()
            if name == "creator" and role in _AUTHOR_ROLES:
                meta.authors.append(value)
            else:
                meta.contributors.append(value)
        elif name == "language" and value and meta.language is None:
            meta.language = value
        elif name == "subject" and value:
            meta.subjects.append(value)
        elif name == "description" and value and meta.description is None:
            meta.description = description_text("".join(element.itertext()))
        elif name == "date" and value:
            event = (attrs.get("event") or "publication").lower()
            if event in ("publication", "original-publication") and meta.date is None:
                meta.date = value
        elif name == "publisher" and value and meta.publisher is None:
            meta.publisher = value
        elif name == "source" and value and meta.source is None and not attrs.get("id"):
            meta.source = value
        elif name == "identifier" and value:
            meta.identifiers.append(value)
        elif name == "meta":
            key, content = attrs.get("name", ""), (attrs.get("content") or "").strip()
            if key == "calibre:series" and content:
                meta.series = content
            elif key == "calibre:series_index" and content:
                meta.series_index = content
            elif key == "generator" and content:
                meta.generator = content
            elif attrs.get("property") == "belongs-to-collection" and value:
                kind = refines.get(attrs.get("id", ""), {}).get("collection-type", "series")
                if kind == "series":
                    collections.append((value, refines.get(attrs.get("id", ""), {}).get("group-position")))
    if meta.series is None and collections:
        meta.series, meta.series_index = collections[0]
    return meta


def description_text(value: str) -> str:
    """An OPF description as text: Calibre and FanFicFare store HTML in it, escaped."""
    if "<" in value and re.search(r"<\s*(?:p|div|br|i|em|b|strong|span)\b", value, re.IGNORECASE):
        parts: list[str] = []
        try:
            fragment = html.fragment_fromstring(value, create_parent="div",
                                                parser=html.HTMLParser(no_network=True, remove_comments=True))
        except (etree.ParserError, ValueError):
            return " ".join(value.split())
        for br in fragment.iter("br"):
            br.tail = "\n" + (br.tail or "")
        blocks = [e for e in fragment.iter("p", "div") if e is not fragment]
        if blocks:
            parts = [" ".join(text_of(b).split()) for b in blocks if not b.findall(".//p")]
        else:
            parts = [" ".join(text_of(fragment).split())]
        return "\n\n".join(p for p in parts if p)
    return " ".join(value.split())


def _toc_titles(container: Container, manifest: dict[str, Item], spine: etree._Element | None) -> dict[str, str]:
    """Each document's first title in the book's own contents: the EPUB 3 nav, else the NCX."""
    titles: dict[str, str] = {}
    nav = next((i for i in manifest.values() if "nav" in i.properties and i.name), None)
    if nav is not None and nav.name:
        root = parse_chapter(container.read(nav.name), nav.name, container.path)
        toc = next((n for n in root.iter("nav") if n.get("epub-type") == "toc"), None)
        for link in (toc if toc is not None else root).iter("a"):
            target = resolve_href(nav.name, link.get("href") or "")
            if target and target not in titles and text_of(link):
                titles[target] = text_of(link)
    if not titles:
        ncx_id = spine.get("toc") if spine is not None else None
        ncx = manifest.get(ncx_id or "") or next(
            (i for i in manifest.values() if i.media_type == "application/x-dtbncx+xml"), None)
        if ncx is not None and ncx.name:
            root = parse_xml(container.read(ncx.name), ncx.name, container.path)
            for point in root.iter():
                if local(point) != "navPoint":
                    continue
                label = next((e for e in point if local(e) == "navLabel"), None)
                content = next((e for e in point if local(e) == "content"), None)
                target = resolve_href(ncx.name, content.get("src") or "") if content is not None else None
                if target and target not in titles and text_of(label):
                    titles[target] = text_of(label)
    return titles

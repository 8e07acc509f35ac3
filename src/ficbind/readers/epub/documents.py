"""Parse the XML inside an EPUB (container.xml, the OPF, the NCX, chapters): bytes -> lxml tree.

The parser never loads a DTD, never touches the network and never expands entities:
a DOCTYPE naming the W3C's DTD is not fetched, and an entity-expansion attack
("billion laughs") stays a handful of unexpanded references, which are then dropped.
Trees are limited in depth and size by libxml2's defaults (`huge_tree` stays off).

Chapters that are not well-formed XML (hand-edited EPUBs, `.html` members written as
HTML) are parsed again with lxml's HTML parser, which knows no entities but HTML's own.
Every tree handed on has plain tag names (`p`, not `{http://www.w3.org/1999/xhtml}p`),
the way lxml.html gives them, so the HTML reader sees one kind of tree.
"""

from __future__ import annotations

import codecs
import re
from html.entities import html5

from lxml import etree, html

from ...errors import InputError

_XML = {"resolve_entities": False, "no_network": True, "load_dtd": False, "dtd_validation": False,
        "huge_tree": False, "remove_comments": True, "remove_pis": True}


def _xml_parser() -> etree.XMLParser:
    # A new parser a document: lxml parsers keep state and are not shared across threads.
    return etree.XMLParser(**_XML)


def _html_parser() -> html.HTMLParser:
    return html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, default_doctype=False)


def parse_xml(data: bytes, member: str, path: str) -> etree._Element:
    """A package file (container.xml, OPF, NCX) as a tree; refuses what does not parse."""
    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as error:
        raise InputError(
            f"{member} inside the EPUB is not readable XML ({error.msg}); download the EPUB again", path
        ) from None
    if root is None:
        raise InputError(f"{member} inside the EPUB is empty; download the EPUB again", path)
    drop_entities(root)
    return root


def parse_chapter(data: bytes, member: str, path: str) -> etree._Element:
    """A chapter (XHTML, or HTML in an EPUB) as an HTML-shaped tree with plain tag names."""
    root: etree._Element | None
    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        try:
            root = html.fromstring(_as_html_text(data), parser=_html_parser())
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            raise InputError(f"{member} inside the EPUB cannot be read as a web page; download the EPUB again",
                             path) from None
    drop_entities(root)
    plain_names(root)
    return root


# The prolog the HTML parser must not see: an XML declaration (lxml refuses one in a
# str) and a DOCTYPE, whose internal subset it would print as text.
_PROLOG = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!DOCTYPE(?:[^\[>]|\[[^\]]*\])*>)?", re.IGNORECASE)
_ENTITY_REFERENCE = re.compile(r"&([A-Za-z][A-Za-z0-9]{0,31});")
_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})[\"']")


def _as_html_text(data: bytes) -> str:
    """A chapter's text for the HTML parser: decoded by its BOM or declaration (UTF-8
    otherwise), prolog removed, and references to entities HTML does not define removed
    (they could only come from the DTD that was never read)."""
    encoding = "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif declared := _DECLARED_ENCODING.match(data):
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            pass
    text = data.decode(encoding, errors="replace").lstrip("\ufeff")
    text = _PROLOG.sub("", text, count=1)
    return _ENTITY_REFERENCE.sub(lambda m: m.group(0) if f"{m.group(1)};" in html5 else "", text)


def remove_keeping_tail(element: etree._Element) -> None:
    """Take an element out of its tree, keeping the text after it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def drop_entities(root: etree._Element) -> None:
    """Replace entity references the parser left unexpanded: HTML's named characters
    (`&nbsp;` in XHTML whose DTD was not loaded) by their character, anything else (a
    DTD's own entities, never trusted) by nothing, keeping the text that follows."""
    for entity in list(root.iter(etree.Entity)):
        if entity.getparent() is not None:
            entity.tail = html5.get(f"{entity.name};", "") + (entity.tail or "")
            remove_keeping_tail(entity)


def plain_names(root: etree._Element) -> None:
    """`{http://www.w3.org/1999/xhtml}p` -> `p`, for elements and attributes alike
    (`epub:type` becomes `type`'s neighbour `epub-type`, kept apart from HTML's own)."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.startswith("{"):
            element.tag = etree.QName(element).localname
        for name in [n for n in element.attrib if n.startswith("{")]:
            qname = etree.QName(name)
            local = "epub-" + qname.localname if qname.namespace == "http://www.idpf.org/2007/ops" else qname.localname
            value = element.attrib.pop(name)
            if local not in element.attrib:
                element.attrib[local] = value
    etree.cleanup_namespaces(root)


def local(element: etree._Element) -> str:
    """An element's tag without its namespace (`{…opf}item` -> `item`)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def text_of(element: etree._Element | None) -> str:
    """An element's text content, whitespace collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())

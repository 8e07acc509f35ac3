"""A saved web page's bytes -> an lxml tree, parsed so that nothing in it can act.

The parser is lxml's (libxml2's) HTML parser, lenient as a browser is, with the network
off and no DTD loaded: an entity declared in the page stays the literal text `&name;`
(no entity expansion, however deeply the declarations nest), and nothing is ever fetched.
Comments and processing instructions are dropped while parsing. Scripts, frames and the
like are left in the tree and skipped by blocks.py, which reads text, never markup.

libxml2 stops at 256 levels of nesting and silently loses the rest of the page: such a
page is refused with one line rather than bound with its end missing.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree, html

from ...errors import InputError
from ..decoding import decode, drop_non_text

# `<meta charset="shift_jis">`, `content="text/html; charset=windows-1251"`, and an XML
# declaration's `encoding="…"`, looked for in the page's first bytes as browsers do.
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_PRESCAN = 4096
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def declared_encoding(data: bytes) -> str | None:
    """The encoding a page declares for itself, if Python knows it."""
    match = _DECLARED.search(data[:_PRESCAN])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_page(data: bytes, path: str) -> str:
    """A page's text. Pages that declare an encoding other than UTF-8 (Shift JIS, GBK,
    Windows-1251) and are not valid UTF-8 are decoded as they declare; every other page
    as a text file is (UTF-8, a BOM, or Windows-1252, and mojibake mended)."""
    declared = declared_encoding(data)
    if declared and declared not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1",
                                     "iso8859-1", "ascii"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return drop_non_text(data.decode(declared, errors="replace").replace("\r\n", "\n"))
    return decode(data, path)


def _parser() -> html.HTMLParser:
    # A new parser each time: its error log belongs to one page.
    return html.HTMLParser(
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
        collect_ids=False,
        default_doctype=False,
        compact=True,
    )


def parse_page(data: bytes, path: str) -> etree._Element:
    """The `<html>` element of a page (a fragment gets one around it). Raises InputError
    for a page nested too deeply to read whole."""
    text = _XML_DECLARATION.sub("", decode_page(data, path), count=1)
    if not text.strip():
        raise InputError("the file is empty (only blank space); save the page again", path)
    parser = _parser()
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise InputError(f"cannot read the page ({error}); save it from the browser again", path) from None
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or entry.level_name == "FATAL":
            raise InputError(
                f"the page nests its markup too deeply to read (line {entry.line}: {entry.message.strip()}); "
                "save the story's text as a .txt file instead",
                path,
            )
    return root

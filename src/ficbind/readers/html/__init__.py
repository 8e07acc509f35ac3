"""Readers for web pages: AO3 downloads and work pages, FanFiction.net pages, forum
posts, and any other HTML or XHTML file.

bytes -> Story. The page is parsed safely (parse.py), its kind told from its own
markup (never from its file name), and its content mapped onto the model by
blocks.py, the core every HTML-based reader shares (the EPUB reader too):

    blocks_from_html(element, *, picture=None) -> list[Block]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...model import Block, Inline, Story

if TYPE_CHECKING:
    from lxml import etree

    from .blocks import Picture

__all__ = ["PAGE_KINDS", "blocks_from_elements", "blocks_from_html", "describe", "inlines_from_html", "page_kind",
           "parse_page", "read", "read_ao3_chapters", "read_ao3_preface", "text_of"]

# lxml and the readers load when a page is first read (the package's rule for heavy
# libraries: nothing heavy at the top of a package's __init__).


def blocks_from_html(element: etree._Element, *, picture: Picture | None = None) -> list[Block]:
    """The blocks of an element's content; see blocks.py."""
    from . import blocks

    return blocks.blocks_from_html(element, picture=picture)


def blocks_from_elements(elements: list[etree._Element], *, picture: Picture | None = None) -> list[Block]:
    """The blocks of several elements read as one run of content; see blocks.py."""
    from . import blocks

    return blocks.blocks_from_elements(elements, picture=picture)


def inlines_from_html(element: etree._Element) -> list[Inline]:
    from . import blocks

    return blocks.inlines_from_html(element)


def text_of(element: etree._Element) -> str:
    from . import blocks

    return blocks.text_of(element)


def parse_page(data: bytes, path: str) -> etree._Element:
    """A page's bytes parsed with the network off; see parse.py."""
    from . import parse

    return parse.parse_page(data, path)


def read_ao3_preface(elements: list[etree._Element]) -> Any:
    """AO3's preface (tags, title, byline, summary, notes) from the elements holding it:
    an `ao3.Preface`; `ao3.meta_from_preface` turns it into StoryMeta."""
    from . import ao3

    return ao3.read_preface(elements)


def read_ao3_chapters(elements: list[etree._Element]) -> Any:
    """AO3's chapters and the work's end notes from the elements holding them; see ao3.py."""
    from . import ao3

    return ao3.read_chapters(elements)


def _ao3_download(root: etree._Element, path: str) -> Story:
    from . import ao3

    return ao3.read_download(root, path)


def _ao3_work_page(root: etree._Element, path: str) -> Story:
    from . import ao3

    return ao3.read_work_page(root, path)


def _is_ao3_download(root: etree._Element) -> bool:
    from . import ao3

    return ao3.is_download(root)


def _is_ao3_work_page(root: etree._Element) -> bool:
    from . import ao3

    return ao3.is_work_page(root)


def _ffn_page(root: etree._Element, path: str) -> Story:
    from . import ffn

    return ffn.read_page(root, path)


def _is_ffn_page(root: etree._Element) -> bool:
    from . import ffn

    return ffn.is_page(root)


def _forum_post(root: etree._Element, path: str) -> Story:
    from . import forum

    return forum.read_post(root, path)


def _is_forum_post(root: etree._Element) -> bool:
    from . import forum

    return forum.is_post(root)


def _web_page(root: etree._Element, path: str) -> Story:
    from . import generic

    return generic.read_page(root, path)


PageReader = Callable[[Any, str], Story]  # (the page's root element, its path) -> Story
# (what the page is, as `ficbind inspect` names it; how to tell; how to read it), tried
# in order: the kind of page is told from its own markup, never from its file name.
PAGE_KINDS: list[tuple[str, Callable[[Any], bool], PageReader]] = [
    ("AO3 HTML download", _is_ao3_download, _ao3_download),
    ("AO3 work page", _is_ao3_work_page, _ao3_work_page),
    ("FanFiction.net page", _is_ffn_page, _ffn_page),
    ("forum post", _is_forum_post, _forum_post),
    ("web page (HTML)", lambda root: True, _web_page),
]


def page_kind(root: etree._Element) -> tuple[str, PageReader]:
    """What a parsed page is, and its reader."""
    for name, test, reader in PAGE_KINDS:
        if test(root):
            return name, reader
    raise AssertionError("the last kind takes any page")


def describe(data: bytes, path: str) -> str:
    """What kind of page a file holds (`AO3 HTML download`), for `ficbind inspect`."""
    return page_kind(parse_page(data, path))[0]


def read(data: bytes, path: str) -> Story:
    """A Story from the bytes of a web page, by the reader for its kind."""
    root = parse_page(data, path)
    _name, reader = page_kind(root)
    return reader(root, path)

"""Readers for web pages: AO3 downloads and work pages, FanFiction.net pages, forum
posts, and any other HTML or XHTML file.

bytes -> Story. The page is parsed safely (parse.py), its kind told from its own
markup (never from its file name), and its content mapped onto the model by
blocks.py, the core every HTML-based reader shares (the EPUB reader too):

    blocks_from_html(element, *, picture=None) -> list[Block]
"""

from __future__ import annotations

from .blocks import (
    blocks_from_elements,
    blocks_from_html,
    inlines_from_html,
    tag_name,
    text_of,
)
from .parse import parse_page

__all__ = ["blocks_from_elements", "blocks_from_html", "inlines_from_html", "parse_page", "tag_name", "text_of"]

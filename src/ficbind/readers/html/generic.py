"""Read any other web page or XHTML file: the body's text and structure.

Element tree -> Story. The title is the header's (header.py reads the page's text as
it reads a text file's), else the page's one top heading, else its `<title>`. The
headings that recur at the page's highest level are its chapters.
"""

from __future__ import annotations

from collections import Counter

from lxml import etree

from ...model import Block, Heading, Story, inline_text
from ..plaintext import title_from_file_name
from .blocks import blocks_from_html, tag_name, text_of
from .textheader import story_from_text_blocks


def _chapter_levels(blocks: list[Block]) -> list[Block]:
    """Headings renumbered so the page's chapter headings are level 1: the highest level
    used more than once (a page with one `<h1>` and several `<h2>`s has `<h2>` chapters)."""
    levels = Counter(b.level for b in blocks if isinstance(b, Heading))
    if not levels:
        return blocks
    recurring = [level for level, count in levels.items() if count > 1]
    top = min(recurring) if recurring else min(levels)
    return [Heading(max(1, b.level - top + 1), b.content) if isinstance(b, Heading) else b for b in blocks]


def read_page(root: etree._Element, path: str) -> Story:
    body = next((e for e in root if tag_name(e) == "body"), root)
    blocks = blocks_from_html(body)
    page_title = next((text_of(t) for t in root.iter() if tag_name(t) == "title"), None) or None
    # One top heading opening the page is the story's title, not a chapter.
    headings = [b for b in blocks if isinstance(b, Heading)]
    if blocks and isinstance(blocks[0], Heading) and sum(1 for h in headings if h.level <= blocks[0].level) == 1:
        page_title = " ".join(inline_text(blocks[0].content).split())
        blocks = blocks[1:]
    story = story_from_text_blocks(_chapter_levels(blocks), path)
    if page_title and story.meta.title == title_from_file_name(path) and not any(
            f.label.lower() == "title" for f in story.meta.fields):
        story.meta.title = page_title
    return story

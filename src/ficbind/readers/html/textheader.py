"""Read a fic header written in a page's text, with the text readers' header.py.

Blocks -> Story. Saved pages from FanFiction.net and forums, and HTML exports of text
fics, carry the same headers as text files, only inside the story's paragraphs
(`Title: …`, `Disclaimer: …`, a bare title and `by Name`, `A/N:` at the end). The
paragraphs are laid out as the lines of a text file (a blank line between paragraphs,
a line for each line break), header.py finds the header and the closing notes among
those lines, and the blocks they came from, formatting and all, become the body.
"""

from __future__ import annotations

from ...model import (
    Block,
    Field,
    Heading,
    Paragraph,
    SceneBreak,
    Story,
    inline_text,
    join_lines,
    split_lines,
)
from ..frontmatter import FrontMatter
from ..header import find_header
from ..paragraphs import paragraphs_from_lines
from ..plaintext import story_from_parts

# The line standing for a block that is not prose (a quotation, a list): header.py
# takes it as neither a field nor a title, so a header never runs past it.
_OPAQUE = "\ufffc."
# Paragraphs that may stand before the header (a series note on a forum post) and be
# kept as the story's notes. Beyond these, a header is not looked for.
_LEADING_PARAGRAPHS = 3
_LEADING_LENGTH = 400


def _lines(blocks: list[Block]) -> tuple[list[str], list[tuple[int, int] | None]]:
    """The blocks as text lines, and where each line came from (block, line in block)."""
    lines: list[str] = []
    where: list[tuple[int, int] | None] = []
    for index, block in enumerate(blocks):
        if lines:
            lines.append("")
            where.append(None)
        if isinstance(block, Paragraph):
            for k, line in enumerate(split_lines(block.content)):
                lines.append(inline_text(line))
                where.append((index, k))
        else:
            if isinstance(block, SceneBreak):
                text = "* * *"
            elif isinstance(block, Heading):
                text = ": ".join(part for part in inline_text(block.content).split("\n") if part)
            else:
                text = _OPAQUE
            lines.append(text)
            where.append((index, 0))
    return lines, where


def _blocks_between(blocks: list[Block], where: list[tuple[int, int] | None], start: int, end: int) -> list[Block]:
    chosen: dict[int, list[int]] = {}
    for place in where[start:end]:
        if place is not None:
            chosen.setdefault(place[0], []).append(place[1])
    out: list[Block] = []
    for index, kept in chosen.items():
        block = blocks[index]
        if isinstance(block, Paragraph):
            lines = split_lines(block.content)
            out.append(block if len(kept) == len(lines) else Paragraph(join_lines([lines[k] for k in kept])))
        else:
            out.append(block)
    return out


def _header_start(lines: list[str], where: list[tuple[int, int] | None]) -> int:
    """Where the header begins: at the top, or after a few short paragraphs of notes
    (a forum post's `This is story 3 in a series…`) when a header plainly follows."""
    first = find_header(lines)
    if first.fields or first.title_line:
        return 0
    starts = [k for k, place in enumerate(where) if place is not None and place[1] == 0]
    for count, start in enumerate(starts[1 : _LEADING_PARAGRAPHS + 1], 1):
        if sum(len(line) for line in lines[:start]) > _LEADING_LENGTH * count:
            break
        header = find_header(lines, start)
        if len(header.fields) >= 2 or (header.fields and header.title_line):
            return start
    return 0


def story_from_text_blocks(blocks: list[Block], path: str, fields: list[Field] | None = None,
                           lists: dict[int, list[str]] | None = None) -> Story:
    """A Story from a page's text blocks, its header and closing notes found as in a
    text file. `fields` are what the page's own markup says (a profile block): they
    come first, so they win over the same field in the text."""
    lines, where = _lines(blocks)
    start = _header_start(lines, where)
    header = find_header(lines, start)
    body = _blocks_between(blocks, where, header.body_start, header.body_end)
    page = FrontMatter(fields=list(fields or []), end=0, lists=dict(lists or {}))
    story = story_from_parts(path, header, page, body, paragraphs_from_lines(header.end_notes))
    leading = _blocks_between(blocks, where, 0, start)
    if leading:
        story.meta.notes[:0] = leading
    # Line numbers of the laid-out text mean nothing in the page's source.
    story.header_lines = []
    return story

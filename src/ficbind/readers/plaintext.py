"""Read a plain-text story file (`.txt`) into a `Story`.

Bytes are decoded (decoding.py), the header and closing notes are found
(header.py, metadata.py), and the body becomes paragraphs. Two layouts are common:
one paragraph per line with no blank lines (as saved from LiveJournal and FFN), and
paragraphs separated by blank lines. Lines inside a blank-separated paragraph are
kept as line breaks here; the structure transform decides whether they were hard
wrapping (joined) or verse (kept).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Block, LineBreak, Paragraph, Story, Text
from .decoding import decode
from .header import find_header
from .metadata import meta_from_fields

# Lines this long were not hard-wrapped by an editor: each is a paragraph of its own.
_UNWRAPPED_LINE = 100


def _group_lines(lines: list[str]) -> list[list[str]]:
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def paragraphs_from_lines(lines: list[str]) -> list[Block]:
    """Paragraph blocks from body lines, whichever of the two layouts they use."""
    groups = _group_lines(lines)
    blocks: list[Block] = []
    one_per_line = len(groups) == 1 and len(groups[0]) > 1
    for group in groups:
        long_lines = sum(1 for line in group if len(line.strip()) >= _UNWRAPPED_LINE)
        if one_per_line or (len(group) > 1 and long_lines >= len(group) / 2):
            blocks.extend(Paragraph([Text(line.strip())]) for line in group)
            continue
        content: list = []
        for k, line in enumerate(group):
            if k:
                content.append(LineBreak())
            content.append(Text(line.strip()))
        blocks.append(Paragraph(content))
    return blocks


def title_from_file_name(path: str) -> str:
    """`the-long-way-round.txt` -> `The Long Way Round` (for files with no header at all)."""
    stem = Path(path).stem
    words = [w for w in re.split(r"[\s_\-.]+", stem) if w]
    if not words:
        return "Untitled"
    small = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to"}
    return " ".join(
        w if any(c.isupper() for c in w) else (w.capitalize() if k == 0 or w not in small else w)
        for k, w in enumerate(words)
    )


def read_text(text: str, path: str) -> Story:
    """A Story from already-decoded text."""
    lines = text.split("\n")
    header = find_header(lines)
    meta = meta_from_fields(header.fields)
    if meta.title is None and header.title_line:
        meta.title = header.title_line
    if header.byline and not meta.authors:
        meta.authors.append(header.byline)
    if meta.title is None:
        meta.title = title_from_file_name(path)
    meta.end_notes = paragraphs_from_lines(header.end_notes)
    blocks = paragraphs_from_lines(lines[header.body_start : header.body_end])
    return Story(path=path, meta=meta, blocks=blocks, header_lines=sorted(set(header.taken)))


def read(data: bytes, path: str) -> Story:
    """A Story from the bytes of a plain-text file."""
    return read_text(decode(data, path), path)

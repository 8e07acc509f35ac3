"""Read a plain-text story file (`.txt`) into a `Story`.

Bytes are decoded (decoding.py); YAML front matter, if the file opens with it, is
read first (frontmatter.py); a copy of an AO3 work page is read by ao3copy.py;
anything else has its header and closing notes found by header.py. Fields become
`StoryMeta` (metadata.py) and the body becomes paragraphs (paragraphs.py).
A file with no title anywhere is named after its file name, never its first sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Block, Story
from . import ao3copy
from .decoding import decode
from .frontmatter import FrontMatter, read_front_matter
from .header import Header, find_header, label_key
from .metadata import InlineParser, _plain_inlines, meta_from_fields
from .paragraphs import paragraphs_from_lines
from .repeated_header import take_repeated_headers

__all__ = ["paragraphs_from_lines", "read", "read_text", "story_from_parts", "title_from_file_name"]

# Words that stay lower case inside a title made from a file name.
_SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to"}
# `03_`, `000-`, `12. ` before the name: an ordering prefix, not part of the title.
_ORDER_PREFIX = re.compile(r"^\d{1,4}[\s_.-]+(?=\S)")
# A long run of hex digits (a hash or an archive id) carries no title.
_HASH = re.compile(r"^(?=[0-9a-f]*\d)[0-9a-f]{8,}$", re.IGNORECASE)


def title_from_file_name(path: str) -> str:
    """`the-long-way-round.txt` -> `The Long Way Round` (for files with no title at all)."""
    stem = Path(path).stem
    stem = _ORDER_PREFIX.sub("", stem) or stem
    words = [w for w in re.split(r"[\s_\-.]+", stem) if w and not _HASH.match(w)]
    if not words:
        words = [w for w in re.split(r"[\s_\-.]+", Path(path).stem) if w]
    if not words:
        return "Untitled"
    return " ".join(
        w if any(c.isupper() for c in w) else (w.capitalize() if k == 0 or w not in _SMALL_WORDS else w)
        for k, w in enumerate(words)
    )


def story_from_parts(
    path: str,
    header: Header,
    front: FrontMatter | None,
    blocks: list[Block],
    end_notes: list[Block],
    inline: InlineParser = _plain_inlines,
) -> Story:
    """Assemble a Story from what a reader found: front matter first, then the header."""
    fields = (front.fields if front else []) + header.fields
    meta = meta_from_fields(fields, front.lists if front else None, inline)
    if meta.title is None and header.title_line:
        meta.title = header.title_line
    if header.byline and not meta.authors:
        meta.authors.append(header.byline)
    if meta.title is None:
        meta.title = title_from_file_name(path)
    if end_notes:
        meta.end_notes.extend(end_notes)
    taken = (front.taken if front else []) + header.taken
    return Story(path=path, meta=meta, blocks=blocks, header_lines=sorted(set(taken)))


def read_text(text: str, path: str) -> Story:
    """A Story from already-decoded text."""
    lines = text.split("\n")
    front = read_front_matter(lines)
    if front is None and ao3copy.looks_like_ao3_copy(lines):
        return ao3copy.read_lines(lines, path)
    titled = bool(front and any(label_key(f.label) == "title" for f in front.fields))
    header = find_header(lines, front.end if front else 0, titled=titled)
    story = story_from_parts(
        path,
        header,
        front,
        paragraphs_from_lines(lines[header.body_start : header.body_end]),
        paragraphs_from_lines(header.end_notes),
    )
    return take_repeated_headers(story)


def read(data: bytes, path: str) -> Story:
    """A Story from the bytes of a plain-text file."""
    return read_text(decode(data, path), path)

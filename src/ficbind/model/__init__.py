"""The document model every reader produces and every writer consumes.

A `Book` is the anthology: its own metadata and an ordered list of `Story`s.
A `Story` is one work as the author posted it: `StoryMeta` read from its header
(and notes), and the body as a flat list of blocks. Chapters are not nested
objects; a chapter is a `Heading` in the block list, the way pandoc does it, so
transforms can walk one flat list and writers can split wherever they need to.

This module imports nothing from readers, transforms or writers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# --- inlines -----------------------------------------------------------------


@dataclass(slots=True)
class Text:
    """A run of plain text. Always escaped by writers; never markup."""

    text: str


@dataclass(slots=True)
class Emphasis:
    """Italics: `*word*` or `_word_` in plain text, `<em>`/`<i>` in HTML."""

    content: list[Inline]


@dataclass(slots=True)
class Strong:
    """Bold, from Markdown `**word**` or HTML `<strong>`/`<b>`."""

    content: list[Inline]


@dataclass(slots=True)
class LineBreak:
    """A line break the author meant (verse, letters, text messages)."""


@dataclass(slots=True)
class Footnote:
    """An author's footnote (`[^1]` in Markdown), standing where it is referenced and
    holding the note itself. Writers number the notes and set them apart from the text;
    the note is not part of the line's plain text (`inline_text`)."""

    blocks: list[Block]


Inline = Union[Text, Emphasis, Strong, LineBreak, Footnote]

# --- blocks ------------------------------------------------------------------


@dataclass(slots=True)
class Paragraph:
    content: list[Inline]


@dataclass(slots=True)
class Heading:
    """A heading inside a story: level 1 is a chapter (`Chapter 2: Ashes`, `Prologue`)."""

    level: int
    content: list[Inline]


@dataclass(slots=True)
class SceneBreak:
    """A change of scene (`* * *`, `oOo`, `~*~` in the source); writers draw an ornament."""


@dataclass(slots=True)
class Verse:
    """Song lyrics or poetry: lines kept as written, set line by line."""

    lines: list[list[Inline]]


@dataclass(slots=True)
class Epigraph:
    """A quotation set before a story, with its credit (a song quoted in a prompt)."""

    lines: list[list[Inline]]
    credit: list[Inline] = field(default_factory=list)


@dataclass(slots=True)
class Picture:
    """A picture in a story (fan art in an EPUB), re-encoded by the reader, with its alt text."""

    data: bytes
    media_type: str  # image/png or image/jpeg
    alt: str = ""


@dataclass(slots=True)
class BlockQuote:
    """A passage set apart from the prose (HTML's `<blockquote>`: a letter, a quoted article)."""

    blocks: list[Block]


@dataclass(slots=True)
class ItemList:
    """A list of items (HTML's `<ul>`/`<ol>`: a character's to-do list), each item its own blocks."""

    ordered: bool
    items: list[list[Block]]


@dataclass(slots=True)
class Note:
    """An author's note inside the body (`A/N:` between chapters), kept apart from the prose."""

    label: str
    blocks: list[Block]


Block = Union[Paragraph, Heading, SceneBreak, Verse, Epigraph, Picture, BlockQuote, ItemList, Note]

# --- metadata ----------------------------------------------------------------


@dataclass(slots=True)
class Field:
    """One header field exactly as the author wrote it, so nothing is ever lost."""

    label: str
    value: str
    line: int | None = None  # 1-based line in the source file


@dataclass(slots=True)
class StoryMeta:
    """What a fic header says about the story, in AO3's vocabulary plus what fic headers add.

    Rich fields (summary, notes, ...) are block lists so typography reaches them too.
    Ratings and the like stay as written (`PG-13`, `g`, `Teen And Up Audiences`).
    """

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    rating: str | None = None
    warnings: list[str] = field(default_factory=list)
    category: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    series: str | None = None
    summary: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    end_notes: list[Block] = field(default_factory=list)
    disclaimer: list[Block] = field(default_factory=list)
    prompt: list[Block] = field(default_factory=list)
    dedication: list[Block] = field(default_factory=list)
    spoilers: str | None = None
    stated_word_count: str | None = None
    source: str | None = None  # where the story was posted, a URL or archive name
    published: str | None = None
    epigraph: Epigraph | None = None
    epigraph_from: str | None = None  # the rich field the epigraph was quoted in ("prompt")
    # Header fields ficbind does not map to a known key: shown on the title page, never dropped.
    extra: list[Field] = field(default_factory=list)
    # Every header field as written, in order (known and unknown alike).
    fields: list[Field] = field(default_factory=list)


@dataclass(slots=True)
class Story:
    path: str  # the source file as the user named it; shown in messages and reports
    meta: StoryMeta
    blocks: list[Block]
    # 1-based source lines taken as header or notes, for `ficbind inspect`.
    header_lines: list[int] = field(default_factory=list)


@dataclass(slots=True)
class BookMeta:
    title: str
    compiler: str | None = None
    language: str = "en"
    date: str | None = None  # ISO date shown on the title page, if known
    description: str | None = None
    blurb: str | None = None  # the back cover's words (the cover wrap); else the description
    not_for_sale: bool = True


@dataclass(slots=True)
class Book:
    meta: BookMeta
    stories: list[Story]


RICH_META_FIELDS = ("summary", "notes", "end_notes", "disclaimer", "prompt", "dedication")


# The walks (map over every inline list, the plain text of blocks) live in walk.py.
from .walk import (  # noqa: E402  (walk.py uses the types above)
    block_footnotes,
    block_text,
    blocks_text,
    footnotes,
    inline_text,
    iter_chapters,
    join_lines,
    map_block_inlines,
    map_inline_lists,
    map_inlines,
    map_story,
    split_lines,
)

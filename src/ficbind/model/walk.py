"""Walking the document, written once (pandoc's Walk): the maps that rebuild every inline
list of blocks and of a story's metadata, and the queries that read their plain text.
Every transform walks through these, so a new kind of block is taught here alone."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from . import (
    RICH_META_FIELDS,
    Block,
    BlockQuote,
    Emphasis,
    Epigraph,
    Footnote,
    Heading,
    Inline,
    ItemList,
    LineBreak,
    Note,
    Paragraph,
    Story,
    Strong,
    Text,
    Verse,
)

InlineMap = Callable[[list[Inline]], list[Inline]]
BlockMap = Callable[[list[Block]], list[Block]]


def inline_text(inlines: Iterable[Inline]) -> str:
    """The plain text of inlines, line breaks as newlines."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, (Emphasis, Strong)):
            out.append(inline_text(node.content))
        # A footnote's note is not part of the line it is referenced in.
    return "".join(out)


def block_text(block: Block) -> str:
    """The plain text of one block (a scene break has none)."""
    if isinstance(block, (Paragraph, Heading)):
        return inline_text(block.content)
    if isinstance(block, Verse):
        return "\n".join(inline_text(line) for line in block.lines)
    if isinstance(block, Epigraph):
        text = "\n".join(inline_text(line) for line in block.lines)
        credit = inline_text(block.credit)
        return f"{text}\n{credit}" if credit else text
    if isinstance(block, (Note, BlockQuote)):
        return "\n\n".join(block_text(b) for b in block.blocks)
    if isinstance(block, ItemList):
        return "\n\n".join(block_text(b) for item in block.items for b in item)
    return ""


def blocks_text(blocks: Iterable[Block]) -> str:
    """Plain text of a block list, blocks separated by blank lines."""
    return "\n\n".join(t for t in (block_text(b) for b in blocks) if t)


def map_inlines(inlines: list[Inline], fn: Callable[[list[Inline]], list[Inline]]) -> list[Inline]:
    """Apply `fn` to an inline list and, depth first, to every nested inline list."""
    rebuilt: list[Inline] = []
    for node in inlines:
        if isinstance(node, (Emphasis, Strong)):
            node = type(node)(map_inlines(node.content, fn))
        elif isinstance(node, Footnote):
            node = Footnote(map_block_inlines(node.blocks, fn))
        rebuilt.append(node)
    return fn(rebuilt)


def map_block_inlines(blocks: list[Block], fn: InlineMap) -> list[Block]:
    """Apply an inline-list transform to every inline list inside `blocks`, and, depth
    first, to every list nested in them (the content of an emphasis)."""
    return map_inline_lists(blocks, lambda inlines: map_inlines(inlines, fn))


def footnotes(inlines: Iterable[Inline]) -> Iterator[Footnote]:
    """The footnotes referenced in an inline list, in reading order."""
    for node in inlines:
        if isinstance(node, Footnote):
            yield node
        elif isinstance(node, (Emphasis, Strong)):
            yield from footnotes(node.content)


def block_footnotes(block: Block) -> Iterator[Footnote]:
    """The footnotes referenced in a block (not those inside the notes themselves)."""
    if isinstance(block, (Paragraph, Heading)):
        yield from footnotes(block.content)
    elif isinstance(block, (Verse, Epigraph)):
        for line in block.lines:
            yield from footnotes(line)
        if isinstance(block, Epigraph):
            yield from footnotes(block.credit)
    elif isinstance(block, (Note, BlockQuote)):
        for inner in block.blocks:
            yield from block_footnotes(inner)
    elif isinstance(block, ItemList):
        for item in block.items:
            for inner in item:
                yield from block_footnotes(inner)


def split_lines(inlines: list[Inline]) -> list[list[Inline]]:
    """The lines of an inline list, split at its LineBreaks; empty lines dropped."""
    lines: list[list[Inline]] = [[]]
    for node in inlines:
        if isinstance(node, LineBreak):
            lines.append([])
        else:
            lines[-1].append(node)
    return [line for line in lines if line]


def join_lines(lines: list[list[Inline]]) -> list[Inline]:
    """The inverse of `split_lines`: lines joined with LineBreaks."""
    content: list[Inline] = []
    for k, line in enumerate(lines):
        if k:
            content.append(LineBreak())
        content.extend(line)
    return content


def map_inline_lists(blocks: list[Block], fn: InlineMap) -> list[Block]:
    """Apply `fn` to every inline list inside `blocks`, each as a whole (a paragraph's
    content, each line of verse, an epigraph's credit), notes included; `fn` sees the
    emphasis nested in a list and may look across it. A footnote's blocks are `fn`'s
    to set (typography sets them on their own, as a separate text)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            block = Paragraph(fn(block.content))
        elif isinstance(block, Heading):
            block = Heading(block.level, fn(block.content))
        elif isinstance(block, Verse):
            block = Verse([fn(line) for line in block.lines])
        elif isinstance(block, Epigraph):
            block = Epigraph([fn(line) for line in block.lines], fn(block.credit))
        elif isinstance(block, Note):
            block = Note(block.label, map_inline_lists(block.blocks, fn))
        elif isinstance(block, BlockQuote):
            block = BlockQuote(map_inline_lists(block.blocks, fn))
        elif isinstance(block, ItemList):
            block = ItemList(block.ordered, [map_inline_lists(item, fn) for item in block.items])
        out.append(block)
    return out


def map_story(story: Story, fn: BlockMap) -> Story:
    """Apply a block-list transform to the story's body and to every block list of its
    metadata that readers see (summary, notes, … and the epigraph)."""
    meta = story.meta
    changes: dict[str, Any] = {name: fn(getattr(meta, name)) for name in RICH_META_FIELDS}
    if meta.epigraph is not None:
        (epigraph,) = fn([meta.epigraph])
        assert isinstance(epigraph, Epigraph)
        changes["epigraph"] = epigraph
    return replace(story, meta=replace(meta, **changes), blocks=fn(story.blocks))


def iter_chapters(blocks: list[Block]) -> Iterator[tuple[int, Heading]]:
    """(index, heading) for every chapter heading in a story body."""
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and block.level == 1:
            yield index, block

"""Turn chapter headings written as paragraphs into chapters, and authors' notes in the
body into notes.

Story -> Story. Runs first, on the paragraphs the reader produced: a paragraph that is
a chapter heading (`Chapter 1: Ashes`, `Chapter Two: The First Winter`, `Chapter 3 -
Thaw`, `Part 1`, `Prologue`, `Epilogue`; see chapter_headings.py) becomes a level-1
`Heading`, which the writers give a page and a contents entry under its story. The
heading keeps the label and the title on two lines (`Chapter 3` / `Thaw`), the way
books set them, whether the author typed `Chapter 3 - Thaw` or put the title on the
next line; contents entries join them again (`Chapter 3: Thaw`).

An author's note inside the body (`A/N: sorry this one is late`) becomes a `Note`, set
apart from the prose and never counted as story words; a `Notes:` paragraph counts as
one only right after a chapter heading or right before the next, since elsewhere it may
be a note in the story (`Note: back at six`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Block, Heading, Inline, LineBreak, Note, Paragraph, Story, Text, inline_text
from ..text.chapter_headings import chapter_heading, is_bare_label, is_chapter_heading, split_heading

# `A/N: …`, `(A/N: …)`, `Author's note: …`, `Author's Endnote: …`: always the author speaking.
_AUTHOR_NOTE = re.compile(r"^\s*\(?\s*(?:A/N|Author[’']?s[’']? ?(?:end ?)?notes?)\s*\)?\s*[:.\-–—]?\s*", re.IGNORECASE)
# `Notes: …` / `Note: …`: the author speaking only when next to a chapter heading.
_PLAIN_NOTE = re.compile(r"^\s*(?:Chapter )?Notes?\s*[:.\-–—]\s*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?,;:…]['’\"”]?$")


def _lines(paragraph: Paragraph) -> list[str]:
    return [line.strip() for line in inline_text(paragraph.content).split("\n") if line.strip()]


def _is_chapter_title(text: str) -> bool:
    """The title line under a bare `Chapter 1`: short, not prose, not dialogue."""
    return (
        0 < len(text) <= 60
        and len(text.split()) <= 8
        and not _SENTENCE_END.search(text)
        and text[0] not in "\"“‘'(*~-=#_[<"
        and not is_chapter_heading(text)
    )


def _heading(label: str, title: str | None = None) -> Heading:
    """A chapter heading set as books set it: the label, then the title on a line of its own."""
    if title is None:
        label, title = split_heading(label)
    else:
        # `Interlude II:` over its title: the colon stood for the line break.
        label = label.rstrip(" :.–—-")
    content: list[Inline] = [Text(label)]
    if title:
        content += [LineBreak(), Text(title)]
    return Heading(1, content)


def _heading_at(blocks: list[Block], k: int) -> tuple[Heading | None, int]:
    """The chapter heading starting at blocks[k], and how many blocks it used."""
    block = blocks[k]
    if not isinstance(block, Paragraph):
        return None, 0
    lines = _lines(block)
    if not lines or len(lines) > 2:
        return None, 0
    heading = chapter_heading(lines[0])
    if heading is None:
        return None, 0
    if len(lines) == 2:
        # `Chapter 1` / `Ashes` in one paragraph (blank-line-separated files).
        if is_bare_label(heading) and _is_chapter_title(lines[1]):
            return _heading(heading, lines[1]), 1
        return None, 0
    following = blocks[k + 1] if k + 1 < len(blocks) else None
    if is_bare_label(heading) and isinstance(following, Paragraph):
        # `Chapter 1` / `Ashes` as two paragraphs (one-paragraph-per-line files).
        next_lines = _lines(following)
        if len(next_lines) == 1 and _is_chapter_title(next_lines[0]) and k + 2 < len(blocks):
            return _heading(heading, next_lines[0]), 2
    return _heading(heading), 1


def mark_chapters(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    k = 0
    while k < len(blocks):
        heading, used = _heading_at(blocks, k)
        if heading is not None:
            out.append(heading)
            k += used
            continue
        out.append(blocks[k])
        k += 1
    return out


def _note_from(paragraph: Paragraph, pattern: re.Pattern[str], label: str) -> Note | None:
    text = inline_text(paragraph.content)
    m = pattern.match(text)
    if m is None:
        return None
    rest = _strip_prefix(paragraph.content, m.end())
    if rest and isinstance(rest[-1], Text) and text.lstrip().startswith("(") and rest[-1].text.rstrip().endswith(")"):
        rest[-1] = Text(rest[-1].text.rstrip()[:-1])  # `(A/N: …)`: the brackets go with the label
    return Note(label, [Paragraph(rest)] if rest else [])


def _strip_prefix(content: list[Inline], length: int) -> list[Inline]:
    """The inlines after the first `length` characters (the note's label)."""
    out: list[Inline] = []
    remaining = length
    for node in content:
        if remaining and isinstance(node, Text):
            if len(node.text) <= remaining:
                remaining -= len(node.text)
                continue
            node = Text(node.text[remaining:])
            remaining = 0
        elif remaining and isinstance(node, LineBreak):
            remaining -= 1
            continue
        elif remaining and len(inline_text([node])) <= remaining:
            # A label set in bold (`**Author's Endnote:**`): it goes whole, as the label.
            remaining -= len(inline_text([node]))
            continue
        elif remaining:
            # The label ends inside emphasis: keep the node whole rather than cut it.
            remaining = 0
        out.append(node)
    return out


# How many paragraphs an author's note set under a label of its own may run to, closing a
# chapter (fof_text.md: `Author's Endnote:`, then thanks, news, `Please read and review.`;
# its first chapter's note, the longest, has nineteen).
_CLOSING_PARAGRAPHS = 24
_DIALOGUE = ("\"", "“", "‘", "'", "«", "„")


def _is_chapter(block: Block) -> bool:
    return isinstance(block, Heading) and block.level == 1


def _closing_note(blocks: list[Block], k: int) -> int:
    """How many paragraphs after a label standing alone at blocks[k] are its note: all of
    them up to the next chapter heading, if they are few and none is dialogue (0 if not)."""
    end = k + 1
    while end < len(blocks) and not _is_chapter(blocks[end]):
        block = blocks[end]
        if not isinstance(block, Paragraph) or inline_text(block.content).lstrip().startswith(_DIALOGUE):
            return 0
        end += 1
    if end == len(blocks) or not 0 < end - (k + 1) <= _CLOSING_PARAGRAPHS:
        return 0
    # The chapter's story before the label is longer than the note, as a closing note's is.
    start = k
    while start > 0 and not _is_chapter(blocks[start - 1]):
        start -= 1
    if sum(isinstance(b, Paragraph) for b in blocks[start:k]) <= end - (k + 1):
        return 0
    return end - (k + 1)


def mark_notes(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    skip = 0
    for k, block in enumerate(blocks):
        if skip:
            skip -= 1
            continue
        if isinstance(block, Paragraph):
            note = _note_from(block, _AUTHOR_NOTE, "Author’s note")
            beside_heading = (k > 0 and isinstance(blocks[k - 1], Heading)) or (
                k + 1 < len(blocks) and isinstance(blocks[k + 1], Heading)
            )
            if note is None and beside_heading:
                note = _note_from(block, _PLAIN_NOTE, "Notes")
            if note is not None:
                closing = _closing_note(blocks, k) if not note.blocks and note.label == "Author’s note" else 0
                if closing:
                    # The label alone, then the author's paragraphs to the chapter's end.
                    out.append(Note(note.label, list(blocks[k + 1 : k + 1 + closing])))
                    skip = closing
                    continue
                if not note.blocks and k + 1 < len(blocks) and isinstance(blocks[k + 1], Paragraph):
                    note = None  # a label alone, elsewhere: too unsure what it covers; leave the text be
                elif note.blocks:
                    out.append(note)
                    continue
        out.append(block)
    return out


def apply(story: Story) -> Story:
    return replace(story, blocks=mark_notes(mark_chapters(story.blocks)))

"""Authors' notes and disclaimers typed into a chapter's text, taken out of the story.

On FanFiction.net (and so in fichub and WebToEpub EPUBs of it, and in saved pages), in
AO3 chapters and in FanFicFare EPUBs, authors type their notes into the chapter itself:

    a/n : Okay so this is my first fic…          (the chapter's opening)
    Disclaimer: Not mine.
    * * *
    …the story…
    * * *
    a/n: Hope you enjoyed the chapter!           (the chapter's close, to its end)
    Bex-chan

A text file's reader takes such lines as the header and the closing notes (header.py)
and as notes between chapters (transforms/chapters.py); a download's reader gets the
same notes inside each chapter's blocks. `read_chapter` finds them there, and
`take_typed_notes` does it for every chapter of a story: each becomes a `Note` beside
its chapter, except the first chapter's opening notes, which go to the story's notes
and disclaimer, and the last chapter's closing notes, which go to its end notes — where
a text file's reader puts them.

Only paragraphs that start with a note's label (`A/N`, `AN:`, `Author's note`,
`Disclaimer`, bold or not) move, and only at a chapter's opening or close: a paragraph
that mentions an A/N mid-story, or one that starts a story's dialogue, stays story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import (
    Block,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Note,
    Paragraph,
    SceneBreak,
    Story,
    Strong,
    Text,
    inline_text,
)
from .header import _RULE

AUTHORS_NOTE = "Author’s note"
DISCLAIMER = "Disclaimer"

# A note's label at the start of a paragraph: `A/N:`, `a/n :`, `(A/N) …`, `A.N.:`, `AN:`,
# `Author's Note -`, `Author's Endnote:`, `Disclaimer:`. `AN` needs its colon and the others a separator (or
# nothing after them): `An hour later…` and `Disclaimers are…` open story paragraphs.
_LABEL = re.compile(
    r"""^\s*[(\[]?\s*(?:
        (?P<an>A\s?/\s?N\b\)?\s*[:.\-–—]?|A\.N\.\s*:?|AN\s*:|Author[’']?s?[’']?\s*(?:end\s?)?notes?\s*[:.\-–—]|Author[’']?s?[’']?\s*(?:end\s?)?notes?\s*$)
        |(?P<disclaimer>Disclaimers?\s*(?:[:.\-–—]|$))
    )\s*""",
    re.IGNORECASE | re.VERBOSE,
)
# The quotation marks a line of dialogue opens with: a paragraph opening with one is story.
_DIALOGUE = ("\"", "“", "‘", "'", "«", "„", "「", "『")
# Before a disclaimer the author may talk for a few paragraphs (`Chapter Two is up!`,
# replies to reviewers), and all of it is notes; story never comes before a disclaimer.
# An A/N must itself open the chapter: narration may well precede an A/N mid-scene.
_TALK_BEFORE_DISCLAIMER = 4
_TALK_LENGTH = 600
# How many paragraphs a closing note may run on for (thanks, review replies, a
# signature) before the label is taken for part of the story instead.
_CLOSING_PARAGRAPHS = 12
# Set off from the story by a scene break, a closing note may run on further: an answer
# to each reviewer by name takes a paragraph each (two dozen in one FFN chapter).
_CLOSING_AFTER_BREAK = 40


@dataclass(slots=True)
class TypedNotes:
    """A chapter's blocks, split around the notes typed into it (the heading excluded)."""

    before: list[Block] = field(default_factory=list)  # the site's own notes, a banner line (`HUNTED`)
    opening: list[Note] = field(default_factory=list)
    text: list[Block] = field(default_factory=list)
    closing: list[Note] = field(default_factory=list)
    after: list[Block] = field(default_factory=list)  # the site's own end notes


def _text(block: Block) -> str:
    return inline_text(block.content) if isinstance(block, Paragraph) else ""


def _label(block: Block) -> re.Match[str] | None:
    return _LABEL.match(_text(block)) if isinstance(block, Paragraph) else None


def _is_furniture(block: Block) -> bool:
    """A scene break or a line of ornament (`.`, `~.~`, `oOo`) around notes: dropped with them."""
    if isinstance(block, SceneBreak):
        return True
    if not isinstance(block, Paragraph):
        return False
    text = _text(block).strip()
    return not any(c.isalnum() for c in text) or bool(_RULE.match(text))


def _is_banner(block: Block) -> bool:
    """The story's name set over each chapter (`HUNTED`, `ISOLATED`): short, capitals or
    bold, no sentence. It stays in the text; the notes under it move."""
    if not isinstance(block, Paragraph) or _label(block) is not None:
        return False
    text = _text(block).strip()
    if not text or len(text.split()) > 4 or re.search(r"[.!?,;:]$", text):
        return False
    bold = len(block.content) == 1 and isinstance(block.content[0], Strong)
    return bold or (text.upper() == text and any(c.isalpha() for c in text))


def _is_dialogue(block: Block) -> bool:
    return _text(block).lstrip().startswith(_DIALOGUE)


def _strip(content: list[Inline], length: int) -> list[Inline]:
    """The inlines after the first `length` characters (the label), cutting inside bold
    or italics when the label ends there (`<b>A/N:</b> text`, `<b>A/N: text</b>`)."""
    out: list[Inline] = []
    remaining = length
    for node in content:
        if remaining <= 0:
            out.append(node)
            continue
        size = len(inline_text([node]))
        if size <= remaining:
            remaining -= size
            continue
        if isinstance(node, Text):
            out.append(Text(node.text[remaining:]))
        elif isinstance(node, (Strong, Emphasis)):
            inner = _strip(node.content, remaining)
            if inner:
                out.append(type(node)(inner))
        elif not isinstance(node, LineBreak):
            out.append(node)
        remaining = 0
    # The text after the label starts the note: no space or line break before it.
    while out and isinstance(out[0], LineBreak):
        out.pop(0)
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip())
        if not out[0].text:
            out.pop(0)
    return out


def _note_of(paragraph: Paragraph, match: re.Match[str]) -> Note:
    """The note a labelled paragraph opens, its label taken off the text."""
    label = DISCLAIMER if match.group("disclaimer") else AUTHORS_NOTE
    rest = _strip(paragraph.content, match.end())
    text = _text(paragraph).lstrip()
    if rest and isinstance(rest[-1], Text) and text[:1] in "([" and rest[-1].text.rstrip()[-1:] in ")]":
        rest[-1] = Text(rest[-1].text.rstrip()[:-1])  # `(A/N: …)`: the brackets go with the label
    return Note(label, [Paragraph(rest)] if rest else [])


def _notes(blocks: list[Block]) -> list[Note]:
    """Paragraphs of notes as Notes: each label starts one, the paragraphs under it go in
    it, and paragraphs before any label are the author's note they stand in."""
    notes: list[Note] = []
    for block in blocks:
        if _is_furniture(block):
            continue
        match = _label(block)
        if match is not None and isinstance(block, Paragraph):
            notes.append(_note_of(block, match))
        elif notes:
            notes[-1].blocks.append(block)
        else:
            notes.append(Note(AUTHORS_NOTE, [block]))
    return [note for note in notes if note.blocks]


def _opening_end(blocks: list[Block], start: int) -> int:
    """One past the chapter's opening notes, which begin at `start` (`start` if none)."""
    k, talk = start, 0
    while k < len(blocks):
        block = blocks[k]
        match = _label(block)
        if match is not None:
            if talk and not match.group("disclaimer"):
                return start  # talk, then an A/N: perhaps the story's narration, so leave it all
            break
        if _is_furniture(block):
            if talk:
                return start  # a scene break after the talk: that was the story
            k += 1
            continue
        if (isinstance(block, Paragraph) and not _is_dialogue(block) and talk < _TALK_BEFORE_DISCLAIMER
                and len(_text(block)) <= _TALK_LENGTH):
            talk += 1
            k += 1
            continue
        return start
    if k == len(blocks):
        return start
    # The labels and what stands between them, up to the first paragraph with no label.
    end = k
    while end < len(blocks) and (_label(blocks[end]) is not None or _is_furniture(blocks[end])):
        end += 1
    return end


def _closing_start(blocks: list[Block], start: int, end: int) -> int:
    """Where the chapter's closing notes begin, searching back from `end` no further
    than `start` (`end` if there are none)."""
    found = end
    paragraphs = 0
    for k in range(end - 1, start - 1, -1):
        block = blocks[k]
        if _is_furniture(block):
            continue
        if not isinstance(block, Paragraph) or _is_dialogue(block):
            break
        paragraphs += 1
        after_break = k > start and _is_furniture(blocks[k - 1])
        story_before = sum(1 for b in blocks[start:k] if isinstance(b, Paragraph) and not _is_furniture(b))
        # A note closes a chapter: the story before it is longer than the note, or the
        # label is a line in the story's own last scene.
        if (_label(block) is not None and paragraphs <= story_before
                and paragraphs <= (_CLOSING_AFTER_BREAK if after_break else _CLOSING_PARAGRAPHS)):
            found = k
        if paragraphs > _CLOSING_AFTER_BREAK:
            break
    # The scene break the author set before the notes goes with them.
    while start < found < end and _is_furniture(blocks[found - 1]):
        found -= 1
    return found


def read_chapter(blocks: list[Block]) -> TypedNotes:
    """Split a chapter's blocks (after its heading) into the notes typed at its opening
    and close and the story between them."""
    n = len(blocks)
    first = 0
    while first < n and (isinstance(blocks[first], Note) or _is_banner(blocks[first])):
        first += 1
    last = n
    while last > first and isinstance(blocks[last - 1], Note):
        last -= 1
    opening_end = _opening_end(blocks, first)
    closing_start = _closing_start(blocks, opening_end, last)
    if opening_end == first and closing_start == last:
        return TypedNotes(text=list(blocks))
    text_start = opening_end
    if opening_end > first:
        while text_start < closing_start and _is_furniture(blocks[text_start]):
            text_start += 1  # the break the author set after the notes
        before, opening = list(blocks[:first]), _notes(blocks[first:opening_end])
    else:
        before, opening = [], []
        text_start = 0
    return TypedNotes(before=before, opening=opening, text=list(blocks[text_start:closing_start]),
                      closing=_notes(blocks[closing_start:last]), after=list(blocks[last:]))


def _as_written(note: Note) -> list[Block]:
    """A note's paragraphs for the story's notes: a disclaimer keeps its label, since the
    story's notes are headed as notes."""
    if note.label == DISCLAIMER and note.blocks and isinstance(note.blocks[0], Paragraph):
        return [Paragraph([Text(f"{DISCLAIMER}: ")] + note.blocks[0].content)] + note.blocks[1:]
    return list(note.blocks)


def take_typed_notes(story: Story) -> Story:
    """The story with the notes typed into its chapters taken out of the text (in place)."""
    chapters: list[tuple[Heading | None, list[Block]]] = [(None, [])]
    for block in story.blocks:
        if isinstance(block, Heading) and block.level == 1:
            chapters.append((block, []))
        else:
            chapters[-1][1].append(block)
    if not chapters[0][1]:
        chapters.pop(0)
    blocks: list[Block] = []
    for number, (heading, chapter) in enumerate(chapters):
        notes = read_chapter(chapter)
        if heading is not None:
            blocks.append(heading)
        blocks.extend(notes.before)
        if number == 0:
            # The story's opening: its notes and disclaimer, as a text file's header gives them.
            for note in notes.opening:
                (story.meta.disclaimer if note.label == DISCLAIMER else story.meta.notes).extend(note.blocks)
        else:
            blocks.extend(notes.opening)
        blocks.extend(notes.text)
        if number == len(chapters) - 1 and not notes.after:
            # The story's close: its end notes, as a text file's closing notes are.
            story.meta.end_notes[:0] = [b for note in notes.closing for b in _as_written(note)]
        else:
            blocks.extend(notes.closing)
        blocks.extend(notes.after)
    story.blocks = blocks
    return story

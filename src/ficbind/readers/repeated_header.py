"""Take out the story's header where the author repeated it before each chapter.

Story -> Story, the last step of the text and Markdown readers. Authors who
post chapter by chapter often paste the whole header over every chapter: the
disclaimer, thanks, news for their readers, the title and `By Name`, a part line
(`Season I: …`), then the chapter heading. A file that keeps every chapter so holds
that block, again and again, at the end of each chapter's text. The reader took the
first copy as the story's header; this takes out the others:

    …the chapter's last line.               stays
    Disclaimer: Not mine.                    dropped (the story has its disclaimer)
    Thanks to my beta, Ann.                  dropped (as in the opening header)
    My next story is out in June!            the next chapter's note (not in the opening)
    The Tin Lighthouse                       dropped
    By Wren                                  dropped
    Part One: Spring                         dropped (as before the first chapter)
    Chapter 2: Thaw                          the heading

Only a block that holds the story's own title AND its byline, on lines of their own,
right before a chapter heading, is taken: a story that quotes its own title in the
text keeps that paragraph. Paragraphs before the title are taken only from the first
one that repeats the opening header (or is a disclaimer) on, so the previous
chapter's closing lines and notes stay where they are.
"""

from __future__ import annotations

import re

from ..model import Block, Heading, Paragraph, Story, inline_text
from ..text.chapter_headings import chapter_heading, is_bare_label
from .header import _BYLINE
from .typednotes import _LABEL, _notes

# How many paragraphs of the repeated header may stand before its title (fof_text.md
# has four: disclaimer, thanks, two of self-promotion), and between its byline and the
# chapter heading (a part line, `Season I: The Veil of Reality`).
_BEFORE_TITLE = 8
_AFTER_BYLINE = 3


def _words(text: str) -> str:
    """Text compared as words only: `**Disclaimer:**  Not mine…` and `Disclaimer: Not
    mine...` are the same paragraph, whatever the marks and spaces."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _paragraph_lines(block: Block) -> list[str]:
    if not isinstance(block, Paragraph):
        return []
    return [line.strip() for line in inline_text(block.content).split("\n") if line.strip()]


def _paragraph_words(block: Block) -> str:
    return _words(inline_text(block.content)) if isinstance(block, Paragraph) else ""


def _is_byline(line: str, authors: set[str]) -> bool:
    m = _BYLINE.match(line)
    return m is not None and _words(m.group("name")) in authors


def _title_and_byline(blocks: list[Block], k: int, title: str, authors: set[str]) -> int:
    """How many blocks from k hold the title and the byline (0 if they are not there):
    two paragraphs, or one with the byline on its second line."""
    lines = _paragraph_lines(blocks[k])
    if not lines or _words(lines[0]) != title:
        return 0
    if len(lines) == 2 and _is_byline(lines[1], authors):
        return 1
    if len(lines) == 1 and k + 1 < len(blocks):
        following = _paragraph_lines(blocks[k + 1])
        if len(following) == 1 and _is_byline(following[0], authors):
            return 2
    return 0


def _heading_text(block: Block) -> str | None:
    """The chapter heading a block is, as written: a heading, or (in a text file, before
    the chapters transform has made it one) a paragraph that is a chapter heading line."""
    if isinstance(block, Heading):
        return inline_text(block.content) if block.level == 1 else None
    lines = _paragraph_lines(block)
    return chapter_heading(lines[0]) if len(lines) == 1 else None


def _is_disclaimer(block: Block) -> bool:
    m = _LABEL.match(inline_text(block.content)) if isinstance(block, Paragraph) else None
    return bool(m and m.group("disclaimer"))


def _opening(story: Story) -> set[str]:
    """The paragraphs of the story's opening, as words: its disclaimer (with and without
    its label), its notes, and what stands before its first chapter heading."""
    seen: set[str] = set()
    for block in story.meta.disclaimer:
        if isinstance(block, Paragraph):
            text = inline_text(block.content)
            seen.update({_words(text), _words("Disclaimer: " + text)})
    for block in story.meta.notes:
        if isinstance(block, Paragraph):
            seen.add(_words(inline_text(block.content)))
    for block in story.blocks:
        if _heading_text(block) is not None:
            break
        if isinstance(block, Paragraph):
            seen.add(_words(inline_text(block.content)))
    seen.discard("")
    return seen


def take_repeated_headers(story: Story) -> Story:
    """The story without the copies of its header set before its chapters (in place)."""
    title = _words(story.meta.title or "")
    authors = {_words(a) for a in story.meta.authors}
    if not title or not authors:
        return story
    authors.add(_words(" and ".join(story.meta.authors)))
    opening = _opening(story)
    blocks = story.blocks
    out: list[Block] = []
    k = 0
    while k < len(blocks):
        used = _title_and_byline(blocks, k, title, authors) if isinstance(blocks[k], Paragraph) else 0
        if not used:
            out.append(blocks[k])
            k += 1
            continue
        # The block must end at a chapter heading, after at most a few paragraphs.
        heading_at = k + used
        while (heading_at < len(blocks) and heading_at - (k + used) <= _AFTER_BYLINE
               and _heading_text(blocks[heading_at]) is None and isinstance(blocks[heading_at], Paragraph)):
            heading_at += 1
        heading = _heading_text(blocks[heading_at]) if heading_at < len(blocks) else None
        if heading is None:
            out.append(blocks[k])
            k += 1
            continue
        # Where the repeated header begins: its first paragraph that repeats the opening
        # header (or is a disclaimer), among the paragraphs just before the title.
        start = len(out)
        for j in range(len(out) - 1, max(-1, len(out) - 1 - _BEFORE_TITLE), -1):
            if not isinstance(out[j], Paragraph) or _heading_text(out[j]) is not None:
                break
            if _paragraph_words(out[j]) in opening or _is_disclaimer(out[j]):
                start = j
        taken = out[start:] + list(blocks[k + used : heading_at])
        del out[start:]
        out.append(blocks[heading_at])
        k = heading_at + 1
        # `Chapter 2` with its title in the paragraph under it: the note goes after both.
        if (not isinstance(blocks[heading_at], Heading) and is_bare_label(heading) and k < len(blocks)
                and len(_paragraph_lines(blocks[k])) == 1 and _heading_text(blocks[k]) is None
                and len(_paragraph_lines(blocks[k])[0].split()) <= 8):
            out.append(blocks[k])
            k += 1
        # What repeats the opening goes; what the author changed is this chapter's note.
        out.extend(_notes([b for b in taken if _paragraph_words(b) not in opening]))
    story.blocks = out
    return story



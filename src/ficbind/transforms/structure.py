"""Recognise the structure plain text only hints at: scene breaks, indents and hard wrapping.

Story -> Story. Runs first, on the paragraphs the reader produced (a paragraph per
line, or blank-line paragraphs whose lines are kept as line breaks):

- a line made only of dinkus characters (`* * *`, `oOo`, `~*~`, `-x-x-`, `<><><>`,
  a centred `⁂`) becomes one `SceneBreak`, wherever it stands;
- leading spaces, no-break spaces and typed `&nbsp;` indents are dropped (the
  stylesheets indent paragraphs), and lines made only of them are blank lines;
- lines an editor broke at a fixed width (~70 columns) are joined again, while the
  line breaks an author meant (verse, a letter's sign-off, short lines) are kept.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import (
    Block,
    Heading,
    Inline,
    Paragraph,
    SceneBreak,
    Story,
    Text,
    inline_text,
    join_lines,
    split_lines,
)
from ..text.scene_breaks import is_scene_break

# Scene breaks: see text/scene_breaks.py (the HTML readers read the same markers).

# --- indents ---------------------------------------------------------------------

# Leading indentation: spaces, tabs, no-break and ideographic spaces, and `&nbsp;`
# typed out by an HTML export (`&nbsp;&nbsp;&nbsp;He walked`).
_INDENT = re.compile(r"^(?:[\s\u00a0\u3000]|&nbsp;?|&#160;|&#xa0;)+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:[\s\u00a0\u3000]|&nbsp;?|&#160;|&#xa0;)+$", re.IGNORECASE)


# First or last characters that may start an indent or end in trailing space.
_EDGE_CHARS = set(" \t\n\r\f\v\u00a0\u3000&;") | {""}


def _strip_line(line: list[Inline]) -> list[Inline]:
    """A line without its indent and trailing space; [] when nothing else is left."""
    if (
        len(line) == 1
        and isinstance(line[0], Text)
        and line[0].text[:1] not in _EDGE_CHARS
        and line[0].text[-1:] not in _EDGE_CHARS
    ):
        return line  # nothing to strip: the common case
    line = list(line)
    while line and isinstance(line[0], Text):
        text = _INDENT.sub("", line[0].text)
        if text:
            line[0] = Text(text)
            break
        line.pop(0)
    while line and isinstance(line[-1], Text):
        text = _TRAILING.sub("", line[-1].text)
        if text:
            line[-1] = Text(text)
            break
        line.pop()
    return line


def _lines(paragraph: Paragraph) -> list[list[Inline]]:
    """A paragraph's lines (split at its LineBreaks), stripped, blank ones dropped."""
    return [stripped for stripped in map(_strip_line, split_lines(paragraph.content)) if stripped]


def _join_lines(lines: list[list[Inline]]) -> Paragraph:
    return Paragraph(_merge_text(join_lines(lines)))


def _merge_text(inlines: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        elif not (isinstance(node, Text) and not node.text):
            out.append(node)
    return out


# --- hard wrapping -----------------------------------------------------------------

# An editor wraps at 60 to 80 columns (and never past 100: the reader keeps lines
# that long as paragraphs of their own).
_NARROWEST_WRAP = 55
_WIDEST_WRAP = 100
# How close to the wrap width most wrapped lines come (a long next word leaves a gap).
_WRAP_SLACK = 15


def _first_word(line: str) -> str:
    return line.split(" ", 1)[0]


def _is_wrap(line: str, following: str, width: int) -> bool:
    """Whether the break after `line` was made by an editor wrapping at `width`: the
    first word of the next line would not have fitted on this one."""
    if len(line) > width:
        return False
    if line.endswith("-") and not line.endswith(" -") and line[-2:-1].isalpha():
        return len(line) + len(_first_word(following)) > width  # `white-` / `knuckled`
    return len(line) + 1 + len(_first_word(following)) > width


def wrap_width(lines_before_breaks: list[str]) -> int | None:
    """The column a story was hard-wrapped at, judged from the lines that end in a
    break, or None when they do not look wrapped at a fixed width."""
    if len(lines_before_breaks) < 3:
        return None
    width = max(len(line) for line in lines_before_breaks)
    if not _NARROWEST_WRAP <= width <= _WIDEST_WRAP:
        return None
    # Wrapped lines cluster just short of the width; verse and dialogue are ragged.
    near = sum(1 for line in lines_before_breaks if len(line) >= width - _WRAP_SLACK)
    return width if near >= 3 and near >= 0.4 * len(lines_before_breaks) else None


def _glue(line: str) -> str:
    # A hyphen at a wrapped line's end belongs to the word (`self-` / `preservation`),
    # so no space goes after it; a spaced ` -` is a dash and keeps its space.
    return "" if line.endswith("-") and line[-2:-1].isalpha() else " "


def _join_wrapped(lines: list[list[Inline]], width: int) -> list[list[Inline]]:
    """Join the lines whose breaks were wrapping; keep the others as line breaks."""
    out = [list(lines[0])]
    for before, line in zip(lines, lines[1:]):
        before_text = inline_text(before)
        if _is_wrap(before_text, inline_text(line), width):
            out[-1] = _merge_text(out[-1] + [Text(_glue(before_text))] + line)
        else:
            out.append(list(line))
    return out


# --- the transform ---------------------------------------------------------------------


def _split_at_breaks(blocks: list[Block]) -> list[Block | list[list[Inline]]]:
    """Blocks with each paragraph as its stripped lines, and a SceneBreak wherever a
    line is a dinkus (also a dinkus line inside a blank-line paragraph)."""
    out: list[Block | list[list[Inline]]] = []
    for block in blocks:
        if not isinstance(block, Paragraph):
            out.append(block)
            continue
        current: list[list[Inline]] = []
        for line in _lines(block):
            if is_scene_break(inline_text(line)):
                if current:
                    out.append(current)
                    current = []
                out.append(SceneBreak())
            else:
                current.append(line)
        if current:
            out.append(current)
    return out


def _story_wrap_width(items: list[Block | list[list[Inline]]]) -> tuple[int | None, bool]:
    """The story's wrap width, and whether its wrapped lines are one-line paragraphs
    (a file with no blank lines, where the reader made every line a paragraph)."""
    ends = [inline_text(line) for item in items if isinstance(item, list) for line in item[:-1]]
    if ends:
        return wrap_width(ends), False
    singles = [inline_text(item[0]) for item in items if isinstance(item, list)]
    if len(singles) >= 10 and max(len(s) for s in singles) <= _WIDEST_WRAP:
        return wrap_width(singles), True
    return None, False


def _rejoin_single_lines(items: list[Block | list[list[Inline]]], width: int) -> list[Block | list[list[Inline]]]:
    """Join one-line paragraphs that are the wrapped lines of one paragraph."""
    out: list[Block | list[list[Inline]]] = []
    last_line: str | None = None  # the previous physical line, when it was a one-line paragraph
    for item in items:
        line = item[0] if isinstance(item, list) and len(item) == 1 else None  # a one-line paragraph's line
        text = inline_text(line) if line is not None else None
        previous = out[-1] if out else None
        if (
            line is not None
            and text is not None
            and last_line is not None
            and isinstance(previous, list)
            and _is_wrap(last_line, text, width)
        ):
            out[-1] = [_merge_text(previous[0] + [Text(_glue(last_line))] + line)]
        else:
            out.append(item)
        last_line = text
    return out


def _tidy_breaks(blocks: list[Block]) -> list[Block]:
    """One SceneBreak for a run of them, and none at the start or end of the story or
    next to a chapter heading (a break there separates nothing)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, SceneBreak) and (not out or isinstance(out[-1], (SceneBreak, Heading))):
            continue
        if isinstance(block, Heading) and out and isinstance(out[-1], SceneBreak):
            out.pop()
        out.append(block)
    while out and isinstance(out[-1], SceneBreak):
        out.pop()
    return out


def mark_structure(blocks: list[Block]) -> list[Block]:
    """Scene breaks, indents and hard wrapping for one block list."""
    items = _split_at_breaks(blocks)
    width, lines_are_paragraphs = _story_wrap_width(items)
    if width is not None and lines_are_paragraphs:
        items = _rejoin_single_lines(items, width)
    out: list[Block] = []
    for item in items:
        if not isinstance(item, list):
            out.append(item)
            continue
        lines = item
        if len(lines) > 1:
            line_width = width
            if line_width is None and len(lines) >= 3:
                # A lone wrapped paragraph in a story with few line breaks.
                line_width = wrap_width([inline_text(line) for line in lines[:-1]])
            if line_width is not None:
                lines = _join_wrapped(lines, line_width)
        out.append(_join_lines(lines))
    return _tidy_breaks(out)


def apply(story: Story) -> Story:
    return replace(story, blocks=mark_structure(story.blocks))

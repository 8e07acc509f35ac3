"""Recognise the structure plain text only hints at: scene breaks and hard-wrapped lines.

Story -> Story. Runs before typography, on the paragraphs the reader produced.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Block, LineBreak, Paragraph, SceneBreak, Story, Text, inline_text

# A line made only of dinkus characters: `* * *`, `***`, `~*~`, `oOo`, `xXx`,
# `-x-x-`, `<><><>`, `###`, `+++`, `•••`, `⁂`, `___`, `===`. At least three
# symbols (or one ⁂/❧), so a lone `*` or `-` stays text.
_SCENE_BREAK = re.compile(
    r"^\s*(?:"
    r"(?:[*~=#+_•·◊◆❖§⁂❧✽✻※-]\s*){3,}"
    r"|[⁂❧]"
    r"|(?:[-~=*_.]*\s*)?(?:[oO0]+[oO0xX]*[oO0]+|[xX](?:[-~=*_ ]*[xX]){2,}|(?:<>){2,}|(?:[oO]\s*){3,})(?:\s*[-~=*_.]*)?"
    r")\s*$"
)

# Lines no longer than this, most of them nearly as long, were wrapped by an editor.
_WRAP_WIDTH = 80


def is_scene_break(text: str) -> bool:
    return bool(_SCENE_BREAK.match(text))


def _is_hard_wrapped(lines: list[str]) -> bool:
    """True when a paragraph's lines were broken by an editor at a fixed width."""
    if len(lines) < 2:
        return False
    widest = max(len(line) for line in lines)
    if widest > _WRAP_WIDTH or widest < 40:
        return False
    # Every line but the last reaches most of the way to the wrap width.
    return all(len(line) >= 0.6 * widest for line in lines[:-1])


def _unwrap(paragraph: Paragraph) -> Paragraph:
    lines = inline_text(paragraph.content).split("\n")
    if not any(isinstance(node, LineBreak) for node in paragraph.content) or not _is_hard_wrapped(lines):
        return paragraph
    # Join the wrapped lines with spaces (a hyphen at a line end is kept: it may be a
    # real hyphen, and dropping it could change a word).
    return Paragraph([Text(" ".join(line.strip() for line in lines))])


def mark_scene_breaks(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph) and is_scene_break(inline_text(block.content)):
            if out and not isinstance(out[-1], SceneBreak):  # a break at the very start is noise
                out.append(SceneBreak())
            continue
        out.append(_unwrap(block) if isinstance(block, Paragraph) else block)
    while out and isinstance(out[-1], SceneBreak):  # nor is one at the very end
        out.pop()
    return out


def apply(story: Story) -> Story:
    return replace(story, blocks=mark_scene_breaks(story.blocks))

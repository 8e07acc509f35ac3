"""Turn the body lines of a plain-text story into paragraph blocks.

Lines -> [Paragraph]. Two layouts are common: one paragraph per line with no blank
lines (as saved from LiveJournal and FFN), and paragraphs separated by blank lines.
Lines inside a blank-separated paragraph are kept as line breaks here; the structure
transform decides whether they were hard wrapping (joined) or verse (kept).
"""

from __future__ import annotations

from ..model import Block, Inline, LineBreak, Paragraph, Text

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
        content: list[Inline] = []
        for k, line in enumerate(group):
            if k:
                content.append(LineBreak())
            content.append(Text(line.strip()))
        blocks.append(Paragraph(content))
    return blocks

"""Turn plain-text emphasis marks (`*word*`, `_a few words_`) into Emphasis inlines.

Story -> Story. Runs after typography, so the marks it consumes are never quotes.
Only a mark that hugs a word opens or closes emphasis: `2 * 3` and a lone `*` stay.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Emphasis, Inline, Story, Text, map_block_inlines

# `*word*` / `_a few words_`: the opening mark is not preceded by a word character
# and is followed by a non-space; the closing mark is preceded by a non-space and
# not followed by a word character (so `file_name.txt` keeps its underscore).
_EMPHASIS = re.compile(r"(?<![\w*_])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*_])")


def _split(text: str) -> list[Inline]:
    out: list[Inline] = []
    pos = 0
    for m in _EMPHASIS.finditer(text):
        if m.start() > pos:
            out.append(Text(text[pos : m.start()]))
        out.append(Emphasis([Text(m.group(2))]))
        pos = m.end()
    if pos == 0:
        return [Text(text)]
    if pos < len(text):
        out.append(Text(text[pos:]))
    return out


def _emphasise(inlines: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for node in inlines:
        out.extend(_split(node.text) if isinstance(node, Text) and ("*" in node.text or "_" in node.text) else [node])
    return out


def apply(story: Story) -> Story:
    return replace(story, blocks=map_block_inlines(story.blocks, _emphasise))

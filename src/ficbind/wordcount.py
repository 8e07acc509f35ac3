"""Count a story's words the way AO3 does, from the story body only.

AO3 counts runs of letters, digits and joining punctuation separated by whitespace
or dashes; header fields and notes are not part of the story, so they never count.
"""

from __future__ import annotations

import re

from .model import Block, blocks_text

# A word: letters or digits, joined by apostrophes, hyphens, periods or slashes
# (`don’t`, `self-preservation`, `4x04`, `a.m.`). Em dashes separate words, as on AO3.
_WORD = re.compile(r"[^\W_](?:[\w’'.\-/]*[^\W_])?")


def count_words(blocks: list[Block]) -> int:
    return len(_WORD.findall(blocks_text(blocks)))

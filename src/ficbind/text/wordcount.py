"""Count a story's words the way AO3 does, from the story body only.

Blocks -> a number. AO3 (otwarchive's WordCounter) counts, in each run of text,
after turning `--` into a dash and deleting apostrophes and hyphens: every Chinese,
Japanese or Thai character as a word, and every other run of word characters as a
word. So `don’t` and `self-preservation` are one word, `4x04` is one, while
`alex/izzie`, `a.m.` and `one—two` are two. Header fields, chapter headings and
authors' notes are not part of the story, so they never count.
"""

from __future__ import annotations

import re
import unicodedata

from ..model import Block, BlockQuote, Epigraph, ItemList, Paragraph, Verse, block_footnotes, block_text, blocks_text

# Scripts written without spaces between words: each character counts as a word.
_CHARACTER_SCRIPTS = (
    "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han
    "\U00020000-\U0003134f"
    "\u3041-\u309f"  # Hiragana
    "\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"  # Katakana
    "\u0e00-\u0e7f"  # Thai
)
# Ruby's [[:word:]] includes combining marks, which Python's \w does not: without
# them a word with a Devanagari vowel sign or a decomposed accent would split.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0963"
    "\u0966-\u0dff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
_WORD = re.compile(rf"[{_CHARACTER_SCRIPTS}]|(?:(?![{_CHARACTER_SCRIPTS}])[\w{_MARKS}])+")
# The same count for text with none of those scripts (nearly every fic), without the
# look-ahead at every letter: a third less time.
_CHARACTER_SCRIPT = re.compile(rf"[{_CHARACTER_SCRIPTS}]")
_PLAIN_WORD = re.compile(rf"[\w{_MARKS}]+")
_JOINERS = re.compile(r"['’‘-]")


def count_text(text: str) -> int:
    """AO3's count for one run of text."""
    if not text.isascii():  # ASCII is in NFC already
        text = unicodedata.normalize("NFC", text)
    text = _JOINERS.sub("", text.replace("--", "—"))
    words = _WORD if not text.isascii() and _CHARACTER_SCRIPT.search(text) else _PLAIN_WORD
    return len(words.findall(text))


def count_words(blocks: list[Block]) -> int:
    """Words in the story's prose: paragraphs, verse, epigraphs, quoted passages and lists,
    and the footnotes in them (AO3 counts a footnote written into the chapter too), not
    headings, notes or pictures."""
    prose = [b for b in blocks if isinstance(b, (Paragraph, Verse, Epigraph, BlockQuote, ItemList))]
    # Counted as one text, a block to a line: a line break ends a word and joins none
    # (no `--` or combining mark reaches across it), so the sum is the same, found faster.
    texts = [block_text(b) for b in prose]
    texts.extend(blocks_text(note.blocks) for b in prose for note in block_footnotes(b))
    return count_text("\n".join(texts))


__all__ = ["count_text", "count_words"]

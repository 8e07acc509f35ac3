"""Turn plain-text emphasis marks into Emphasis and Strong inlines.

Story -> Story. `*word*`, `_word_`, `/word/` and `~word~` (also around several words
within a paragraph) become Emphasis; `**word**` and `__word__` become Strong. Runs
after typography, so the marks it consumes are never quotes.

A mark opens only where a word could start (after a space, an opening quote or
bracket, or at the start) and closes only where a word could end, so `and/or`,
`24/7`, `1/2`, `file_name.txt`, `f**k`, `2 * 3` and a lone `*` stay as typed, and
web addresses (`http://example.com/~user/`) are never touched. Marks are removed
and nothing else: the text inside is kept as it was, and it is never markup.
"""

from __future__ import annotations

import re

from ..model import Emphasis, Inline, Story, Strong, Text, map_block_inlines, map_story

_MARKS = "*_/~"
# Characters a mark may follow when it opens, or precede when it closes.
_BEFORE_OPENER = set(" \t\n\u00a0([{\"'“‘—–…-")
_AFTER_CLOSER = set(" \t\n\u00a0)]}\"'”’—–….,;:!?-")
_CANDIDATE = re.compile(r"[*_/~]")
# Web and mail addresses, and bare domain names: slashes, tildes and underscores in
# them are part of the address.
_ADDRESS = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.|\b[\w.+-]+@)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|io|co|uk|info|me|tv|ly)(?:/\S*)?\b",
    re.IGNORECASE,
)
# Cheap to look for; only text that has one of these can hold an address.
_ADDRESS_HINT = re.compile(r"://|www\.|@|\.(?:com|org|net|edu|gov|io|co|uk|info|me|tv|ly)\b", re.IGNORECASE)


def _opens(text: str, i: int, mark: str) -> bool:
    if i > 0 and text[i - 1] not in _BEFORE_OPENER:
        return False  # `and/or`, `file_name`, `f**k`: glued to a word
    after = i + len(mark)
    return after < len(text) and not text[after].isspace() and text[after] != mark[0]


def _closes(text: str, j: int, mark: str) -> bool:
    if text[j - 1].isspace():
        return False
    after = j + len(mark)
    return after == len(text) or (text[after] in _AFTER_CLOSER and text[after] != mark[0])


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    return any(start <= i < end for start, end in spans)


def _find_closer(text: str, start: int, mark: str, addresses: list[tuple[int, int]]) -> int | None:
    j = text.find(mark, start)
    while j != -1:
        if not _inside(addresses, j):
            if _closes(text, j, mark):
                return j
            if len(mark) == 1 and text[j - 1] != mark and (j + 1 == len(text) or text[j + 1] != mark):
                return None  # a single mark may not contain its own mark character
        j = text.find(mark, j + 1)
    return None


def split_emphasis(text: str) -> list[Inline]:
    """Inlines for a run of text, with its emphasis marks turned into Emphasis/Strong."""
    if not _CANDIDATE.search(text):
        return [Text(text)] if text else []
    addresses = [m.span() for m in _ADDRESS.finditer(text)] if _ADDRESS_HINT.search(text) else []
    out: list[Inline] = []
    plain_from = 0
    i = 0
    for m in _CANDIDATE.finditer(text):
        i = m.start()
        if i < plain_from or _inside(addresses, i):
            continue
        mark = text[i : i + 2] if text[i : i + 2] in ("**", "__") else text[i]
        if not _opens(text, i, mark):
            continue
        j = _find_closer(text, i + len(mark), mark, addresses)
        body = text[i + len(mark) : j] if j is not None else ""
        if j is None or not any(c.isalnum() for c in body):
            continue
        if i > plain_from:
            out.append(Text(text[plain_from:i]))
        inner = split_emphasis(body)
        out.append(Strong(inner) if len(mark) == 2 else Emphasis(inner))
        plain_from = j + len(mark)
    if plain_from == 0:
        return [Text(text)]
    if plain_from < len(text):
        out.append(Text(text[plain_from:]))
    return out


def emphasise(inlines: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for node in inlines:
        out.extend(split_emphasis(node.text) if isinstance(node, Text) else [node])
    return out


def apply(story: Story) -> Story:
    return map_story(story, lambda blocks: map_block_inlines(blocks, emphasise))

"""Recognise a line of text that heads a chapter: `Chapter 1: Ashes`, `Prologue`, `Part Two`.

Text -> the heading as the author wrote it (decoration stripped), or None. The header
reader asks this so it never takes `Chapter 1: Ashes` for a header field or a bare
title; the chapters transform asks it to turn such paragraphs into chapter headings.

A chapter label is a keyword and a number (`Chapter 12`, `CHAPTER TWELVE`, `Ch. 3`,
`Part IV`, `Book 2`) or a word that names a part on its own (`Prologue`, `Epilogue`,
`Interlude`, `Coda`). After it comes nothing, or a separator and a title
(`Chapter 2 - Thaw`, `Prologue: Before`), or a short title with no separator
(`Chapter 1 The Commission`). A sentence that merely starts with the word
(`Chapter one was the hardest to write.`, `Part of me wanted to stay.`) is not a heading.
"""

from __future__ import annotations

import re

_UNITS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen"
    " eighteen nineteen"
)
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
_NUMBER_WORD = (
    rf"(?:(?:{'|'.join(_TENS.split())})(?:[- ](?:{'|'.join(_UNITS.split()[:9])}))?"
    rf"|{'|'.join(_UNITS.split())}|hundred)"
)
# Roman numerals only in capitals: `Part I`, `Chapter XIV` (`Chapter mix` is not a number).
_NUMBER = rf"(?:\d{{1,4}}(?:\.\d{{1,2}})?|(?-i:[IVXLC]{{1,7}})|{_NUMBER_WORD})"

_LABEL = re.compile(
    rf"^(?:(?:chapter|chap\.?|chp\.?|ch\.|ch|part|book|act|volume|vol\.)\s*{_NUMBER}(?:\s*(?:/|of)\s*\d+)?"
    # A part word may be numbered too (`Interlude II:`, as fof_text.md heads its interludes).
    rf"|(?:prologue|epilogue|interlude|intermission|coda)(?:\s+{_NUMBER}(?![\w’']))?)(?![\w’'])",
    re.IGNORECASE,
)
# Decoration fans put around headings: `~Chapter 1~`, `-Chapter 1-`, `**Chapter 1**`, `== 1 ==`.
_DECORATION = "*~=_-[]<>#•·+ \t"
_SEPARATOR = re.compile(r"^\s*(?:[:.|–—~-]+|\()\s*")
_SENTENCE_END = re.compile(r"[.!?,;:…]['’\"”]?$")

MAX_HEADING_LENGTH = 100


def chapter_heading(line: str) -> str | None:
    """The heading text if `line` heads a chapter, else None."""
    text = line.strip().strip(_DECORATION).strip()
    if not text or len(text) > MAX_HEADING_LENGTH:
        return None
    m = _LABEL.match(text)
    if m is None:
        return None
    rest = text[m.end() :]
    if not rest.strip():
        return text
    separated = _SEPARATOR.match(rest)
    if separated:
        title = rest[separated.end() :].strip()
        # `Chapter 2 - Thaw`, `Prologue: Before the Storm`, `Chapter 3: Who Goes There?`,
        # but not `Part 1. It began with a letter, as these things do.`
        if rest.lstrip().startswith("(") or (title and len(title.split()) <= 15 and not _is_sentence(title)):
            return text
        return text if not title else None
    # No separator: a short title without closing punctuation (`Chapter 1 The Commission`).
    words = rest.split()
    if len(words) <= 8 and not _SENTENCE_END.search(rest.strip()) and rest[:1].isspace():
        return text
    return None


def split_heading(heading: str) -> tuple[str, str | None]:
    """`Chapter 2 - Thaw` -> (`Chapter 2`, `Thaw`); `Prologue` -> (`Prologue`, None).

    Books set the label and the title on two lines; the separator the author typed
    between them (`:`, ` - `, `.`) is what the line break replaces.
    """
    m = _LABEL.match(heading)
    if m is None:
        return heading, None
    rest = heading[m.end() :]
    separated = _SEPARATOR.match(rest)
    if separated and not rest.lstrip().startswith("("):
        title = rest[separated.end() :].strip()
        return heading[: m.end()].strip(), title or None
    return heading, None


def is_chapter_heading(line: str) -> bool:
    return chapter_heading(line) is not None


def is_bare_label(heading: str) -> bool:
    """`Chapter 1` or `Prologue` with no title after it (the title may be on the next line)."""
    m = _LABEL.match(heading)
    return m is not None and not heading[m.end() :].strip(_DECORATION + ".:")


def _is_sentence(title: str) -> bool:
    # A title may end in `?` or `!`; a run of prose ends in a full stop after several words,
    # or has a full stop in the middle of it.
    words = title.split()
    return (title.endswith(".") and not title.endswith("...") and len(words) > 4) or bool(
        re.search(r"\w[.;]\s+\w", title) and len(words) > 6
    )

"""Find song lyrics in a story: the epigraph quoted in its header, and verse in its body.

Story -> Story. Runs after the structure transform (so scene breaks and hard
wrapping are settled) and before typography and emphasis (so the `~`, `*` and `_`
that wrap a lyric line are still there to be read).

- A lyric quoted in a header field with its credit (seed 000's `Prompt:` quotes
  "Swans" by Unkle Bob) becomes the story's `Epigraph`, set line by line, and leaves
  the field with what else it said (`From miss_blanche`).
- In the body, lines marked with ♪ or ♫, runs of lines wrapped in `~`, `*` or `_`,
  lines that repeat the header's lyric, and (in a story whose header names a song)
  runs of short unpunctuated lines become `Verse` blocks. A single `*line*` in an
  ordinary story stays a paragraph: it is an italic thought, left to emphasis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..model import (
    Block,
    Epigraph,
    Inline,
    Paragraph,
    Story,
    StoryMeta,
    Text,
    Verse,
    inline_text,
    join_lines,
    split_lines,
)

# --- the header's lyric ---------------------------------------------------------------

_SONG_TITLE = r"(?P<song>\"[^\"]+\"|“[^”]+”|‘[^’]+’)"
# `From the song "Swans" by Unkle Bob.`, `lyrics from "Swans" by Unkle Bob`,
# `— "Swans", Unkle Bob` / `- Unkle Bob, "Swans"` at the end of a field.
_CREDITS = (
    re.compile(
        r"(?:(?<=[\s,;:.–—~-])|^)\s*"
        r"(?:(?:lyrics?|title|words|quote)\s+(?:are\s+|is\s+)?(?:taken\s+)?from|from|taken from|inspired by)?"
        rf"\s*(?:the\s+)?song\s+{_SONG_TITLE},?\s+by\s+(?P<artist>[^.;\n]+?)\s*[.!]?\s*$",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?:\s[–—~-]+|^[–—~-]+|\s(?:from|lyrics from))\s*{_SONG_TITLE},?\s+by\s+(?P<artist>[^.;\n]+?)\s*[.!]?\s*$",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?:\s[–—~-]+|^[–—~-]+)\s*(?P<artist>[^,\"“‘\n]+?),\s*{_SONG_TITLE}\s*[.!]?\s*$",
    ),
)
# `Lyrics from "Swans" by Unkle Bob: Cause I'm fake…`: the credit before the lyric.
_CREDIT_FIRST = re.compile(
    rf"^\s*(?:(?:lyrics?|words|quote)\s+(?:are\s+|is\s+)?(?:taken\s+)?from|from\s+the\s+song|song)\s*:?\s*{_SONG_TITLE},?"
    r"\s+by\s+(?P<artist>[^:;.\n]+?)\s*[:;.–—-]\s*(?P<lyric>\S.*)$",
    re.IGNORECASE,
)
# `From miss_blanche , Cause I’m fake…`, `Prompted by ember: The tide…`: who gave the
# prompt, before the lyric. Only taken when it is plainly a name (a user name, the space
# a journal link leaves before its comma, a colon, or `prompt` said outright), so a
# lyric that opens `For you, I’d walk…` keeps its first words.
_PROMPT_SOURCE = re.compile(
    r"^(?P<source>(?P<prompted>prompt(?:ed)?\s+)?(?:from|by|for)\s+(?P<name>\S+))(?P<separator>\s*[,:])\s*(?=\S)",
    re.IGNORECASE,
)


def _prompt_source(text: str) -> re.Match[str] | None:
    m = _PROMPT_SOURCE.match(text)
    if m is None:
        return None
    separator = m.group("separator")
    username = re.search(r"[_\d@.]", m.group("name")) is not None
    return m if m.group("prompted") or username or separator.startswith(" ") or separator == ":" else None
# Header labels that hold lyrics or name a song.
_SONG_LABELS = re.compile(r"^(?:songs?|lyrics?|soundtrack|music|song ?fic|epigraph|quote)$", re.IGNORECASE)
_SONGFIC_TAG = re.compile(r"\bsong ?fic\b", re.IGNORECASE)
_QUOTED = re.compile(r"^[\"“‘'](?P<inner>[^\"“”]+)[\"”’']$")
_LINE_SEPARATOR = re.compile(r"\s+/{1,2}\s+")
_CLAUSE_END = re.compile(r"(?<=[,.;!?…])\s+(?=\S)")


def _words(text: str) -> list[str]:
    """The words of a line, for comparing lyrics: case, quotes and punctuation ignored."""
    return re.findall(r"[^\W_]+(?:['’][^\W_]+)*", text.casefold().replace("’", "'"))


def lyric_lines(lyric: str) -> list[str]:
    """A lyric quoted on one line, split back into its lines: at ` / ` if the author
    marked them, else at the commas and full stops that end each sung phrase."""
    if _LINE_SEPARATOR.search(lyric):
        return [part.strip() for part in _LINE_SEPARATOR.split(lyric) if part.strip()]
    lines: list[str] = []
    for phrase in _CLAUSE_END.split(lyric):
        if lines and len(_words(phrase)) < 2:
            lines[-1] = f"{lines[-1]} {phrase}"  # `Oh, baby, I…` keeps `Oh,` with its phrase
        else:
            lines.append(phrase)
    return lines


@dataclass(slots=True)
class _Found:
    epigraph: Epigraph
    rest: str  # what else the field said, e.g. `From miss_blanche`


def _epigraph_from(text: str) -> _Found | None:
    first = _CREDIT_FIRST.match(text)
    if first is not None:
        return _lyric_found(first.group("lyric"), f"{first.group('song')} by {first.group('artist').strip()}", "")
    for pattern in _CREDITS:
        m = pattern.search(text)
        if m is None:
            continue
        song, artist = m.group("song"), m.group("artist").strip()
        credit = f"{artist}, {song}" if pattern is _CREDITS[2] else f"{song} by {artist}"
        before = text[: m.start()].strip().rstrip(",;:–—~-").strip()
        rest = ""
        source = _prompt_source(before)
        if source:
            rest = source.group("source")
            before = before[source.end():]
        return _lyric_found(before, credit, rest)
    return None


def _lyric_found(lyric: str, credit: str, rest: str) -> _Found | None:
    quoted = _QUOTED.match(lyric.strip())
    if quoted:
        lyric = quoted.group("inner")
    lyric = lyric.strip()
    if len(_words(lyric)) < 3:
        return None  # a credit with no lyric: the header names a song, no more
    lines: list[list[Inline]] = [[Text(line)] for line in lyric_lines(lyric)]
    return _Found(Epigraph(lines, [Text(credit)]), rest)


_EPIGRAPH_FIELDS = ("prompt", "notes")


def find_epigraph(meta: StoryMeta) -> tuple[StoryMeta, bool]:
    """The meta with its header lyric taken out as an epigraph, and whether the header
    names a song at all (which makes runs of short body lines lyrics)."""
    names_song = any(_SONG_LABELS.match(f.label.strip()) for f in meta.fields) or any(
        _SONGFIC_TAG.search(item) for item in meta.tags + meta.category
    )
    if meta.epigraph is not None:
        return meta, True
    for name in _EPIGRAPH_FIELDS:
        blocks: list[Block] = getattr(meta, name)
        for index, block in enumerate(blocks):
            if not isinstance(block, Paragraph) or not all(isinstance(n, Text) for n in block.content):
                continue
            found = _epigraph_from(inline_text(block.content))
            if found is None:
                if any(p.search(inline_text(block.content)) for p in _CREDITS):
                    names_song = True
                continue
            rest = [Paragraph([Text(found.rest)])] if found.rest else []
            changes: dict[str, Any] = {name: blocks[:index] + rest + blocks[index + 1 :]}
            return replace(meta, epigraph=found.epigraph, epigraph_from=name, **changes), True
    return meta, names_song


# --- verse in the body ------------------------------------------------------------------

_NOTES = "♪♫♬♩🎵🎶"
_MARKED = re.compile(rf"^[{_NOTES}\s]+|[{_NOTES}\s]+$")
_WRAPPED = re.compile(r"^(?P<mark>[~*_])(?P=mark)?(?=\S)(?P<inner>[^~*_]*?[^\s~*_])(?P=mark)(?P=mark)?$")
# Lines longer than this are prose, however they are marked.
_SHORT_LINE = 60
_SENTENCE_END = re.compile(r"[.!?…)\]\"”’]$")


def _strip_notes(line: list[Inline]) -> list[Inline] | None:
    """The line without its ♪ marks, or None when it has none."""
    text = inline_text(line)
    if not text or (text[0] not in _NOTES and text[-1] not in _NOTES):
        return None
    return _edit_ends(line, lambda t: _MARKED.sub("", t))


def _unwrap(line: list[Inline]) -> list[Inline] | None:
    """The line without the `~`, `*` or `_` wrapped round it, or None when it is not wrapped."""
    if len(line) != 1 or not isinstance(line[0], Text):
        return None
    text = line[0].text
    for _ in range(2):  # `~*line*~`
        m = _WRAPPED.match(text)
        if m is None:
            break
        text = m.group("inner")
    return [Text(text)] if text != line[0].text else None


def _edit_ends(line: list[Inline], edit) -> list[Inline]:
    line = list(line)
    if line and isinstance(line[0], Text):
        line[0] = Text(edit(line[0].text))
    if line and isinstance(line[-1], Text):
        line[-1] = Text(edit(line[-1].text))
    return [n for n in line if not (isinstance(n, Text) and not n.text)]


@dataclass(slots=True)
class _Line:
    inlines: list[Inline]
    verse: list[Inline] | None = None  # the line as verse, when it is surely a lyric
    wrapped: list[Inline] | None = None  # the line unwrapped, when it is wrapped in marks
    bare: bool = False  # short and unpunctuated, like a lyric line


class _Lyrics:
    def __init__(self, epigraph: Epigraph | None, names_song: bool):
        self.names_song = names_song
        self.lines = [_words(inline_text(line)) for line in epigraph.lines] if epigraph else []
        # A body line longer than the whole lyric (with room for punctuation) is not it.
        self.longest = 2 * sum(len(" ".join(words)) + 1 for words in self.lines)

    def repeats(self, text: str) -> bool:
        """Whether a body line is one or more whole lines of the header's lyric."""
        if not self.lines or len(text) > self.longest:
            return False
        words = _words(text)
        if len(words) < 3:
            return False
        for start in range(len(self.lines)):
            run: list[str] = []
            for line in self.lines[start:]:
                run = run + line
                if run == words:
                    return True
                if len(run) >= len(words):
                    break
        return False

    def classify(self, line: list[Inline]) -> _Line:
        text = inline_text(line)
        item = _Line(line)
        notes = _strip_notes(line)
        wrapped = _unwrap(line)
        short = len(text) <= _SHORT_LINE
        if notes is not None:
            item.verse = _unwrap(notes) or notes
        elif self.repeats(text):
            item.verse = wrapped or line
        elif wrapped is not None and short:
            item.wrapped = wrapped
            if self.names_song:
                item.verse = wrapped
        item.bare = short and not _SENTENCE_END.search(text) and text[:1] not in "\"“‘'(["
        return item

    def verse_runs(self, lines: list[_Line], kept_breaks: bool) -> list[list[Inline] | None]:
        """For each line, its verse form if it belongs to a run of verse, else None.

        `kept_breaks` says the lines come from one paragraph whose line breaks the
        author kept (a stanza in a blank-line file) rather than one line each."""
        out: list[list[Inline] | None] = [item.verse for item in lines]
        # Runs of two or more wrapped lines are verse (`~line~` / `~line~`).
        k = 0
        while k < len(lines):
            end = k
            while end < len(lines) and (lines[end].wrapped is not None or lines[end].verse is not None):
                end += 1
            if end - k >= 2:
                for j in range(k, end):
                    out[j] = out[j] or lines[j].wrapped
            k = max(end, k + 1)
        if self.names_song:
            shorts = [len(inline_text(item.inlines)) <= _SHORT_LINE for item in lines]
            if kept_breaks and len(lines) >= 2 and all(shorts) and sum(item.bare for item in lines) * 2 >= len(lines):
                return [o or item.wrapped or item.inlines for o, item in zip(out, lines)]
            k = 0
            while k < len(lines):
                end = k
                while end < len(lines) and lines[end].bare:
                    end += 1
                if end - k >= 2:
                    for j in range(k, end):
                        out[j] = out[j] or lines[j].inlines
                k = max(end, k + 1)
        return out


def _paragraph(lines: list[list[Inline]]) -> Paragraph:
    return Paragraph(join_lines(lines))


def _set_lines(paragraphs: list[list[list[Inline]]], lyrics: _Lyrics, kept_breaks: bool) -> list[Block]:
    """Blocks for some paragraphs' lines: runs of verse become Verse, every other line
    stays in the paragraph it came from."""
    lines = [(number, line) for number, paragraph in enumerate(paragraphs) for line in paragraph]
    forms = lyrics.verse_runs([lyrics.classify(line) for _, line in lines], kept_breaks)
    out: list[Block] = []
    verse: list[list[Inline]] = []
    prose: list[list[Inline]] = []
    prose_from = -1
    for (number, line), form in zip(lines, forms):
        if form is not None:
            if prose:
                out.append(_paragraph(prose))
                prose = []
            verse.append(form)
            continue
        if verse:
            out.append(Verse(verse))
            verse = []
        if prose and number != prose_from:
            out.append(_paragraph(prose))
            prose = []
        prose.append(line)
        prose_from = number
    if prose:
        out.append(_paragraph(prose))
    if verse:
        out.append(Verse(verse))
    return out


def mark_verse(blocks: list[Block], lyrics: _Lyrics) -> list[Block]:
    """The blocks with verse marked. One-line paragraphs next to each other are judged
    together (in a one-paragraph-per-line file a song's lines are separate paragraphs);
    a paragraph of several lines is a stanza of its own, ended by its blank line."""
    out: list[Block] = []
    run: list[list[Inline]] = []  # lines of consecutive one-line paragraphs
    for block in [*blocks, None]:
        lines = split_lines(block.content) if isinstance(block, Paragraph) else None
        if lines is not None and len(lines) == 1:
            run.append(lines[0])
            continue
        if run:
            out.extend(_set_lines([[line] for line in run], lyrics, kept_breaks=False))
            run = []
        if lines:
            out.extend(_set_lines([lines], lyrics, kept_breaks=True))
        elif block is not None and lines is None:
            out.append(block)
    return out


def apply(story: Story) -> Story:
    meta, names_song = find_epigraph(story.meta)
    lyrics = _Lyrics(meta.epigraph, names_song)
    return replace(story, meta=meta, blocks=mark_verse(story.blocks, lyrics))

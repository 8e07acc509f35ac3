"""Read the text of an AO3 work page copied from a browser (or saved as text) into a Story.

Lines -> Story. A copy of a work page has a shape of its own, unlike any fic header:

    Rating:                          <- tag labels on their own lines,
    Teen And Up Audiences               values on the lines below (one tag a line,
    Characters:                         or several on one line with commas)
    Mara
    Josie
    Stats:                           <- then the stats, on one line or one a line
    Published: 2021-12-21 Words: 214 Chapters: 1/1 Kudos: 88
    The Longest Night                <- the title, then the author(s)
    wrenfield
    Summary:                         <- the preface: summary and notes
    ...
    Notes:
    ...
    Work Text:                       <- the story; in a multi-chapter work,
    ...                                 `Chapter 1: Title`, chapter notes,
    Notes:                              `Chapter Text`, `Chapter End Notes`
    ...                              <- the work's end notes

AO3's own words (`Work Text:`, `Chapter Text`, `(See the end of the work for more
notes.)`) are page furniture: they are taken as header lines and never reach the book.
Chapter notes and chapter end notes become `Note` blocks beside their chapter; the
notes at the end of the last chapter are the work's end notes.
"""

from __future__ import annotations

import re

from ..model import (
    Block,
    Field,
    Heading,
    Inline,
    LineBreak,
    Note,
    Story,
    Text,
    blocks_text,
)
from ..text.ao3 import AO3_ONLY_LABELS, STAT_LABELS, STATS_IN_LINE, TAG_LABELS
from .header import normalise_label
from .metadata import meta_from_fields
from .paragraphs import paragraphs_from_lines

# Tags with one value: the line after the label is all of it.
_SINGLE_VALUED = {"rating", "ratings", "language"}
_LABEL_LINE = re.compile(r"^\s*(?P<label>[A-Za-z][A-Za-z ]{1,30}?)\s*:\s*(?P<value>.*)$")
# Landmarks of the page around and inside the story.
_SUMMARY = re.compile(r"^\s*(?:Chapter\s+)?Summary\s*:?\s*$", re.IGNORECASE)
_NOTES = re.compile(r"^\s*(?:Chapter\s+)?Notes\s*:?\s*$", re.IGNORECASE)
_END_NOTES = re.compile(r"^\s*(?:Chapter\s+)?End\s+Notes\s*:?\s*$|^\s*Afterword\s*$", re.IGNORECASE)
_WORK_TEXT = re.compile(r"^\s*(?:Work|Chapter)\s+Text\s*:?\s*$", re.IGNORECASE)
_SEE_MORE = re.compile(r"^\s*\(See the end of the (?:work|chapter) for (?:more )?notes\.?\)\s*$", re.IGNORECASE)
_AO3_CHAPTER = re.compile(r"^\s*Chapter\s+\d+(?:\s*:\s*.+)?\s*$")
_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)


def _tag_label(line: str) -> tuple[str, str] | None:
    m = _LABEL_LINE.match(line)
    if m and normalise_label(m.group("label")) in TAG_LABELS:
        return m.group("label"), m.group("value").strip()
    return None


def _stat_label(line: str) -> tuple[str, str] | None:
    m = _LABEL_LINE.match(line)
    if m and normalise_label(m.group("label")) in STAT_LABELS:
        return m.group("label"), m.group("value").strip()
    return None


def looks_like_ao3_copy(lines: list[str]) -> bool:
    """A work page copy: AO3's tag labels at the top, with `Stats:` or `Work Text:` after
    them, or in AO3's own shape without either; or a copy that starts at the title line."""
    top = [line for line in lines[:200] if line.strip()][:80]
    tags = [t for t in map(_tag_label, top) if t]
    labels = {normalise_label(label) for label, _ in tags}
    landmark = any(_WORK_TEXT.match(line) for line in lines)
    if len(labels - {"stats"}) >= 2 and ("stats" in labels or landmark):
        return True
    # A copy that stops short of `Stats:` (or of a page that hides them): AO3's labels
    # stand alone with their values below, which fic headers never do, and one of them
    # is a label only AO3 uses (`Archive Warning:`, `Additional Tags:`).
    alone = {normalise_label(label) for label, value in tags if not value}
    if len(alone - {"stats"}) >= 2 and alone & AO3_ONLY_LABELS:
        return True
    # A copy that starts at the title line: title, author, then the preface's `Summary:`
    # or `Notes:`, with `Work Text:` where the story starts.
    return landmark and len(top) >= 3 and bool(_SUMMARY.match(top[2]) or _NOTES.match(top[2])) and not any(
        _is_landmark(line) or _tag_label(line) for line in top[:2]
    )


class _Page:
    """A cursor over the copied page, collecting fields and the lines it has taken."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.i = 0
        self.fields: list[Field] = []
        self.taken: list[int] = []

    def at_end(self) -> bool:
        return self.i >= len(self.lines)

    def line(self) -> str:
        return self.lines[self.i]

    def take(self) -> str:
        self.taken.append(self.i + 1)
        self.i += 1
        return self.lines[self.i - 1]

    def skip_blank(self) -> None:
        while not self.at_end() and not self.line().strip():
            self.i += 1


def _read_tags(page: _Page) -> None:
    """The tag block: each label, then its values up to the next label."""
    page.skip_blank()
    while not page.at_end():
        tag = _tag_label(page.line())
        if tag is None:
            break
        label, value = tag
        line_no = page.i + 1
        page.take()
        if normalise_label(label) == "stats":
            _read_stats(page, value)
            continue
        values = [value] if value else []
        single = normalise_label(label) in _SINGLE_VALUED
        indented = False
        page.skip_blank()
        while not page.at_end() and _tag_label(page.line()) is None and not (single and values):
            line = page.line()
            # Without a `Stats:` line to close the block, the title ends the last tag's
            # values: it is not indented where the values were, or it is the line two
            # above the preface (title, author, `Summary:`).
            if values and indented and not line[:1].isspace() or _is_title_of_preface(page):
                break
            indented = indented or line[:1].isspace()
            values.append(page.take().strip())
            page.skip_blank()
        page.fields.append(Field(label, ", ".join(values), line_no))


def _is_title_of_preface(page: _Page) -> bool:
    """Whether the line at the cursor is a work's title: the author's line, then a
    `Summary:`, `Notes:` or `Work Text:` landmark follow it."""
    following = [line for line in page.lines[page.i + 1 : page.i + 6] if line.strip()][:2]
    return len(following) == 2 and not _is_landmark(following[0]) and _is_landmark(following[1]) and not (
        _AO3_CHAPTER.match(following[1])
    )


def _read_stats(page: _Page, value: str) -> None:
    """`Published: 2020-03-01 Words: 260 Chapters: 2/2` on one line, or one label a line."""
    if value:
        _stats_in_line(page, value, page.i)
        return
    page.skip_blank()
    while not page.at_end():
        line = page.line()
        if STATS_IN_LINE.match(line.strip()) and len(STATS_IN_LINE.findall(line)) > 1:
            _stats_in_line(page, line, page.i + 1)
            page.take()
            page.skip_blank()
            continue
        stat = _stat_label(line)
        if stat is None:
            break
        label, stat_value = stat
        line_no = page.i + 1
        page.take()
        if not stat_value:
            page.skip_blank()
            if not page.at_end() and _stat_label(page.line()) is None:
                stat_value = page.take().strip()
        page.fields.append(Field(label, stat_value, line_no))
        page.skip_blank()


def _stats_in_line(page: _Page, text: str, line_no: int) -> None:
    for m in STATS_IN_LINE.finditer(text.strip()):
        if m.group("label"):
            page.fields.append(Field(m.group("label"), m.group("value"), line_no))


def _is_landmark(line: str) -> bool:
    return bool(
        _SUMMARY.match(line) or _NOTES.match(line) or _END_NOTES.match(line) or _WORK_TEXT.match(line)
        or _AO3_CHAPTER.match(line)
    )


def _read_section(page: _Page, one_paragraph: bool = False) -> list[str]:
    """Lines of a preface section or a run of story text, up to the next landmark
    (or, with `one_paragraph`, up to the first blank line after some text)."""
    out: list[str] = []
    while not page.at_end() and not _is_landmark(page.line()):
        line = page.line()
        if one_paragraph and not line.strip() and any(text.strip() for text in out):
            break
        if _SEE_MORE.match(line):
            page.take()
            continue
        out.append(line)
        page.i += 1
    while out and not out[-1].strip():
        out.pop()
    while out and not out[0].strip():
        out.pop(0)
    return out


def _prose(lines: list[str]) -> str:
    """Section lines as a field value: paragraphs separated by a blank line."""
    return blocks_text(paragraphs_from_lines(lines))


def read_lines(lines: list[str], path: str) -> Story:
    """A Story from the lines of an AO3 page copy (`looks_like_ao3_copy` is true)."""
    page = _Page(lines)
    _read_tags(page)
    page.skip_blank()

    # The title and author lines stand between the stats and the preface.
    title = authors = None
    if not page.at_end() and not _is_landmark(page.line()):
        title = page.take().strip()
        page.skip_blank()
        if not page.at_end() and not _is_landmark(page.line()):
            authors = _BY.sub("", page.take().strip())
    page.skip_blank()

    # The preface: `Summary:` and `Notes:` before the story begins.
    marked = any(_WORK_TEXT.match(line) for line in lines)
    while not page.at_end() and (_SUMMARY.match(page.line()) or _NOTES.match(page.line())):
        label = page.line().strip().rstrip(":")
        line_no = page.i + 1
        page.take()
        # Without AO3's `Work Text:` landmark nothing marks where the preface ends:
        # take one paragraph rather than risk taking the story as notes.
        section = _read_section(page, one_paragraph=not marked)
        page.taken.extend(line_no + 1 + k for k, text in enumerate(page.lines[line_no:page.i]) if text.strip())
        page.fields.append(Field(label, _prose(section), line_no))
        page.skip_blank()

    # The story, chapter by chapter.
    blocks: list[Block] = []
    end_notes: list[Block] = []
    chapter_part = "text"  # "preface" between a chapter's heading and its `Chapter Text`
    while not page.at_end():
        line = page.line()
        if not line.strip():
            page.i += 1
            continue
        if _WORK_TEXT.match(line):
            page.take()
            chapter_part = "text"
            continue
        if _AO3_CHAPTER.match(line):
            # AO3 titles every chapter `Chapter N: Title`: the label and the title on two lines.
            page.i += 1
            number, chapter_title = line.strip().split(":", 1) if ":" in line else (line.strip(), "")
            content: list[Inline] = [Text(number.strip())]
            if chapter_title.strip():
                content += [LineBreak(), Text(chapter_title.strip())]
            blocks.append(Heading(1, content))
            chapter_part = "preface"
            continue
        if _SUMMARY.match(line) or _NOTES.match(line) or _END_NOTES.match(line):
            start = page.i
            page.take()
            section = _read_section(page)
            page.taken.extend(start + 1 + k for k, text in enumerate(page.lines[start:page.i]) if text.strip())
            notes = paragraphs_from_lines(section)
            if not notes:
                continue
            if chapter_part == "preface":
                label = "Chapter summary" if _SUMMARY.match(line) else "Chapter notes"
                blocks.append(Note(label, notes))
            elif page.at_end():
                end_notes = notes  # the notes after the last chapter close the work
            else:
                blocks.append(Note("Chapter end notes", notes))
            continue
        chapter_part = "text"
        start = page.i
        section = _read_section(page)
        blocks.extend(paragraphs_from_lines(section))
        if page.i == start:  # a line _read_section cannot move past
            page.i += 1

    meta = meta_from_fields(page.fields)
    if title and meta.title is None:
        meta.title = title
    if authors and not meta.authors:
        meta.authors = [a.strip() for a in re.split(r",\s*|\s+and\s+", authors) if a.strip()]
    meta.end_notes = end_notes
    if meta.source is None:
        meta.source = "Archive of Our Own"
    return Story(path=path, meta=meta, blocks=blocks, header_lines=sorted(set(page.taken)))

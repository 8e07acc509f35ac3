"""Find a fic's header, its notes and its title among the lines of a plain-text file.

Input: the decoded lines of a story file. Output: a `Header` naming every field the
author wrote (label and value, as written), the line range of the story body, and
the notes found after the story. Turning fields into `StoryMeta` is `metadata.py`'s job.

Fans have written headers in every style their archive or journal used:

    Title: Echoes            title. spend all your spare time.      Rating:
    Rating: PG-13            fandom. grey’s anatomy.                 Teen And Up Audiences
    Prompt: From             written for.
    miss_blanche , Cause…    pretty_stickers‘                        (an AO3 page copy)
                             drabbles. prompt is underneath the cut.

A value runs on over the following lines while it is plainly unfinished (no closing
punctuation, or an empty value whose text sits on the next line). Line breaks inside
values are artefacts of journal links (`miss_blanche` was an LJ user link) or of
hard wrapping, so continuation lines are joined with spaces; a list field whose
label stands alone (`Characters:` then one name a line) joins its lines with commas.

Fields may sit before a bare title line (seed 002 opens with its note and disclaimer)
and after it (`Title` / `by Name` / `Rating: T`). A chapter heading (`Chapter 1: Ashes`)
is never a field or a title: it ends the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Field
from ..text.chapter_headings import is_chapter_heading

# Normalised header label -> StoryMeta attribute. Labels not listed here are matched
# allowing a typo (`Raiting`, `Auther`) and otherwise kept as extra fields.
KNOWN_LABELS: dict[str, str] = {
    "title": "title",
    "story title": "title",
    "fic title": "title",
    "name": "title",
    "author": "authors",
    "authors": "authors",
    "by": "authors",
    "writer": "authors",
    "written by": "authors",
    "pen name": "authors",
    "fandom": "fandoms",
    "fandoms": "fandoms",
    "series": "series",
    "pairing": "relationships",
    "pairings": "relationships",
    "relationship": "relationships",
    "relationships": "relationships",
    "ship": "relationships",
    "ships": "relationships",
    "character": "characters",
    "characters": "characters",
    "characters/pairings": "characters+relationships",
    "character/pairing": "characters+relationships",
    "pairings/characters": "characters+relationships",
    "pairing/character": "characters+relationships",
    "pairing/characters": "characters+relationships",
    "characters/pairing": "characters+relationships",
    "rating": "rating",
    "rated": "rating",
    "warning": "warnings",
    "warnings": "warnings",
    "archive warning": "warnings",
    "archive warnings": "warnings",
    "content warning": "warnings",
    "content warnings": "warnings",
    "trigger warning": "warnings",
    "trigger warnings": "warnings",
    "spoilers/warnings": "spoilers+warnings",
    "warnings/spoilers": "spoilers+warnings",
    "spoiler": "spoilers",
    "spoilers": "spoilers",
    "category": "category",
    "categories": "category",
    "genre": "tags",
    "genres": "tags",
    "tags": "tags",
    "additional tags": "tags",
    "freeform": "tags",
    "language": "language",
    "summary": "summary",
    "description": "summary",
    "blurb": "summary",
    "notes": "notes",
    "note": "notes",
    "author's note": "notes",
    "author's notes": "notes",
    "authors note": "notes",
    "authors notes": "notes",
    "a/n": "notes",
    "an": "notes",
    "end notes": "end_notes",
    "endnotes": "end_notes",
    "disclaimer": "disclaimer",
    "disclaimers": "disclaimer",
    "prompt": "prompt",
    "prompts": "prompt",
    "written for": "dedication",
    "dedication": "dedication",
    "dedicated to": "dedication",
    "for": "dedication",
    "gift": "dedication",
    "word count": "stated_word_count",
    "stated word count": "stated_word_count",
    "wordcount": "stated_word_count",
    "words": "stated_word_count",
    "length": "stated_word_count",
    "beta": "beta",
    "betas": "beta",
    "beta reader": "beta",
    "beta'd by": "beta",
    "source": "source",
    "url": "source",
    "link": "source",
    "date": "published",
    "posted": "published",
    "published": "published",
    # AO3's own labels, as they appear in a copy of a work's page.
    "additional tag": "tags",
    "updated": "updated",
    "completed": "updated",
    "chapters": "chapters",
    "collections": "collections",
    # Readers' reactions counted on the day the page was copied: kept in `fields`,
    # never printed on a title page (they describe the page, not the work).
    "comments": "archive_stat",
    "kudos": "archive_stat",
    "bookmarks": "archive_stat",
    "hits": "archive_stat",
}

# Attributes whose values are lists of names or tags.
LIST_KEYS = {"authors", "fandoms", "relationships", "characters", "characters+relationships", "warnings",
             "category", "tags"}

# `Key: value`, `Key - value`, `Key | value`. The label is short and starts with a letter.
# (Values are taken greedily and stripped in code: a lazy value before `\s*$` would be
# quadratic in a long run of spaces.)
_COLON_FIELD = re.compile(
    r"^\s*(?P<label>[A-Za-z][\w '’()/&.-]{0,38}?)\s*(?P<sep>:|\s[|–-]\s|\|)\s*(?P<value>.*)$"
)
# A label set in Markdown bold or italics: `**Title:** X`, `**Rating**: G`, `_Fandom:_ X`.
_WRAPPED_LABEL = re.compile(
    r"^\s*(?P<mark>\*\*|__|\*|_)(?P<label>[A-Za-z][^*_:]{0,38}?)\s*(?P<inner>:?)\s*(?P=mark)\s*(?P<outer>:?)\s*(?P<value>.*)$"
)
# Lowercase LiveJournal style: `title. value.` Only taken when the label is a known key,
# so an opening sentence such as `Rain. It fell all night.` is never a header.
_DOT_FIELD = re.compile(r"^\s*(?P<label>[a-z][a-z '’/()&-]{0,38}?)\.(?:\s+(?P<value>.*))?$")
# `by Name` under a bare title (also `By: Name`, `written by Name`, `~ by Name ~`, `*by Name*`).
_BYLINE = re.compile(
    r"^\s*[~*_-]*\s*(?:by|written by|a story by|a fic by)\s*:?\s+(?P<name>[^*_~\s](?:.{0,60}?[^*_~\s])?)\s*[~*_-]*\s*$",
    re.IGNORECASE,
)
# Where the author's closing notes begin: `A/N:`, `Author's note:`, `End notes`, `Notes:`,
# and `Author's Endnote:` (fof_text.md closes each chapter so), the label alone set in
# bold (`**Author\'s Endnote:**`, the apostrophe escaped as pandoc writes it) or not.
_END_NOTE = re.compile(
    r"^\s*(?P<bold>\*\*|__)?\s*(?:\(?A/N\)?|AN|Author\\?[’']?s?\\?[’']? ?(?:end ?)?notes?|End ?notes?|Notes?)"
    r"\s*(?:[:.\-–—]\s*(?(bold)(?P=bold))|(?(bold)(?P=bold))\s*$)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# A closing `END` / `The End` / `Fin` line: whatever follows it is notes, not story
# (the line itself is the story's last).
_THE_END = re.compile(r"^\s*[~*_=-]*\s*(?:the\s+)?(?:end|fin)\s*[.!~*_=-]*\s*$", re.IGNORECASE)
# A value that ends like a finished sentence or phrase: closing punctuation, maybe
# followed by closing quotes or brackets.
_FINISHED = re.compile(r"[.!?…。！？)\]]['’\"”」』)\]]*$")
# _FINISHED is only tried on a value's last characters: searching a whole value that
# grows line by line would take time quadratic in its length (found by bench/fuzz.py).
_FINISHED_TAIL = 64
# Fields whose values are prose and may run on over several lines. Short fields
# (`Rating: PG-13`) end at their line unless their value is on the next line.
_PROSE_FIELDS = {"summary", "notes", "disclaimer", "prompt", "dedication", "spoilers", "spoilers+warnings", None}
# A line of decoration between header and story: `-----`, `~~~~`, `* * *`, `oOo`.
_RULE = re.compile(r"^\s*(?:[-=~*_#+•·]\s*){3,}$|^\s*(?:[oOxX0]{3,}|~\*~)\s*$")


@dataclass(slots=True)
class Header:
    fields: list[Field] = field(default_factory=list)
    title_line: str | None = None  # a bare title line (`A Little Bit of Goodbye`)
    byline: str | None = None  # `by Name` under a bare title
    body_start: int = 0  # 0-based index of the first body line
    body_end: int = 0  # one past the last body line
    end_notes: list[str] = field(default_factory=list)  # the lines of the notes after the story
    taken: list[int] = field(default_factory=list)  # 1-based lines read as header or notes


def normalise_label(label: str) -> str:
    """`Pairing(s)` -> `pairings`, `Author’s Note` -> `author's note`, `TITLE` -> `title`."""
    text = label.lower().replace("’", "'").replace("(s)", "s").replace("_", " ")
    text = re.sub(r"\s*/\s*", "/", text)
    return re.sub(r"\s+", " ", text).strip(" .-")


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) turning a into b, capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[-1]


@lru_cache(maxsize=4096)
def label_key(label: str) -> str | None:
    """The StoryMeta attribute a label stands for, allowing a typo (`Raiting`, `Sumary`, `Auther`).

    One slip is allowed in labels of five letters or more, two in labels of nine or
    more; shorter labels must match exactly, since one letter is all that tells `Note`
    from `Vote`.
    """
    norm = normalise_label(label)
    if norm in KNOWN_LABELS:
        return KNOWN_LABELS[norm]
    if len(norm) < 5:
        return None
    limit = 1 if len(norm) < 9 else 2
    best: tuple[int, str] | None = None
    for known, key in KNOWN_LABELS.items():
        if len(known) < 5:
            continue
        distance = _edit_distance(norm, known, limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, key)
    return best[1] if best else None


def _unwrap_label(line: str) -> str:
    """`**Title:** X` -> `Title: X`, so Markdown-bold labels read like plain ones."""
    m = _WRAPPED_LABEL.match(line)
    if m and (m.group("inner") or m.group("outer")):
        return f"{m.group('label').strip()}: {m.group('value').strip()}"
    return line


def _match_field(line: str, allow_unknown: bool) -> tuple[str, str] | None:
    """(label, value) if the line opens a header field."""
    if is_chapter_heading(line):
        return None  # `Chapter 1: Ashes` heads the story; it is not a field called `Chapter 1`
    m = _DOT_FIELD.match(line)
    if m and label_key(m.group("label")) is not None:
        return m.group("label").strip(), (m.group("value") or "").strip()
    m = _COLON_FIELD.match(_unwrap_label(line))
    if m is None:
        return None
    label = m.group("label").strip()
    if label_key(label) is not None:
        return label, m.group("value").strip()
    # An unknown label is a field only inside a header already begun, only in the
    # `Key: value` form, and only when it is short enough to be a label (`Beta: Ann`),
    # not a sentence with a colon in it.
    if allow_unknown and m.group("sep") == ":" and len(label.split()) <= 3 and not label.endswith("."):
        return label, m.group("value").strip()
    return None


def _is_tag_like(line: str) -> bool:
    """One more item of a list field written one item per line (`Mara`, `Hurt/Comfort`)."""
    text = line.strip()
    return 0 < len(text) <= 80 and len(text.split()) <= 10 and not re.search(r"[.!?]['’\"”]?$", text)


class _RunOn:
    """A field's value while its lines are read. The lines are joined once, when the
    field ends: joining at every line takes time quadratic in the value's length, and a
    label above a long unpunctuated run of lines made that minutes (found by bench/fuzz.py)."""

    def __init__(self, field: Field, open_list: bool) -> None:
        self.field = field
        self.open_list = open_list
        self.pieces = [field.value] if field.value else []

    def add(self, line: str) -> None:
        self.pieces.append(line.strip())

    def tail(self) -> str:
        """The value's last characters, enough for _FINISHED."""
        tail = ""
        for piece in reversed(self.pieces):
            tail = piece + " " + tail if tail else piece
            if len(tail) >= _FINISHED_TAIL:
                break
        return tail[-_FINISHED_TAIL:]

    def settle(self) -> None:
        self.field.value = (", " if self.open_list else " ").join(self.pieces)

    def runs_on(self, line: str, blank_separated: bool) -> bool:
        """Whether `line`, just after the field, continues its value."""
        if not self.pieces:
            return True  # `Rating:` with the value on the next line (AO3 copies, LJ links)
        if self.open_list:
            return _is_tag_like(line)
        if label_key(self.field.label) not in _PROSE_FIELDS:
            return False
        # A prose value runs on while unfinished; in files that separate paragraphs with
        # blank lines, it runs on to the next blank line (hard-wrapped summaries).
        return blank_separated or not _FINISHED.search(self.tail())


def _is_title_like(line: str) -> bool:
    """A line that could be a bare title: short, not a sentence, not dialogue, not a chapter."""
    text = line.strip()
    if not text or len(text) > 90 or len(text.split()) > 14:
        return False
    if text[0] in "\"“‘'(*~-=#_>" or _RULE.match(text) or is_chapter_heading(text):
        return False
    if re.search(r"[.,;:!?]['’\"”]?$", text) and not text.endswith("..."):
        return False
    return True


def _skip_blank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _read_fields(lines: list[str], i: int, header: Header, blank_separated: bool) -> int:
    """Read a block of header fields starting at line i; return the index of the first
    line not read (i itself when there are no fields there)."""
    n = len(lines)
    current: _RunOn | None = None
    found_here = 0
    after_blank = False
    end = i
    while i < n:
        line = lines[i]
        if not line.strip():
            # A blank line ends a field, unless its label stood alone and its value is below.
            if current is not None and current.pieces:
                current.settle()
                current = None
            after_blank = True
            i += 1
            continue
        # Past a blank line only known labels go on the header: `Dean: where are you`
        # opening a chat-style story is not a field called `Dean`.
        found = _match_field(line, allow_unknown=found_here > 0 and not after_blank)
        after_blank = False
        if found is not None:
            if current is not None:
                current.settle()
            label, value = found
            field_here = Field(label=label, value=value, line=i + 1)
            current = _RunOn(field_here, open_list=value == "" and label_key(label) in LIST_KEYS)
            header.fields.append(field_here)
            header.taken.append(i + 1)
            found_here += 1
            i += 1
            end = i
            continue
        # A line that carries on the field above it (blank lines end every field).
        if current is not None and not is_chapter_heading(line) and current.runs_on(line, blank_separated):
            current.add(line)
            header.taken.append(i + 1)
            i += 1
            end = i
            continue
        break
    if current is not None:
        current.settle()
    return end


def _read_bare_title(lines: list[str], i: int, header: Header) -> int:
    """A bare title line at i (and a `by Name` line under it); return the index after them."""
    n = len(lines)
    if i >= n or not _is_title_like(lines[i]):
        return i
    nxt = i + 1
    following = lines[nxt] if nxt < n else ""
    # A title stands alone: a blank line or a byline follows, or the next line is longer
    # (prose), as in one-paragraph-per-line files (seed 003).
    stands_alone = not following.strip() or _BYLINE.match(following) or len(following.strip()) > len(lines[i].strip())
    if not stands_alone or nxt >= n:
        return i
    header.title_line = lines[i].strip()
    header.taken.append(i + 1)
    i = _skip_blank(lines, i + 1)
    m = _BYLINE.match(lines[i]) if i < n else None
    if m:
        header.byline = m.group("name")
        header.taken.append(i + 1)
        i += 1
    return i


# How many paragraphs of author's preamble may stand between a header's first fields
# and a bare title with its byline (fof_text.md has three: thanks, two of self-promotion).
_PREAMBLE_PARAGRAPHS = 8


def _paragraph_starts(lines: list[str], i: int, limit: int) -> list[int]:
    """The first lines of the next `limit` paragraphs from line i (blank-line separated)."""
    starts: list[int] = []
    i = _skip_blank(lines, i)
    while i < len(lines) and len(starts) < limit:
        starts.append(i)
        while i < len(lines) and lines[i].strip():
            i += 1
        i = _skip_blank(lines, i)
    return starts


def _read_preamble_and_title(lines: list[str], i: int, header: Header, blank_separated: bool) -> int:
    """Paragraphs of notes between a header's first fields and a bare title that a byline
    confirms; return the index after the byline (i itself when there is no such title).

    Authors open with a disclaimer, then thanks and news for their readers with no label
    or one ficbind does not know (`Acknowledgements:`, `Self-Promotion:`), and only then
    the title and `By Name` (fof_text.md). Only a title-like line with a byline under it
    ends such a preamble, so a story that opens straight after its fields never loses
    its first paragraphs to the notes.
    """
    starts = _paragraph_starts(lines, i, _PREAMBLE_PARAGRAPHS + 1)
    for k, start in enumerate(starts[1:], 1):
        if is_chapter_heading(lines[start]) or _RULE.match(lines[start]):
            return i  # the story has begun
        after = _skip_blank(lines, start + 1)
        byline = lines[after] if after < len(lines) else ""
        if not (_is_title_like(lines[start]) and _BYLINE.match(byline)):
            continue
        read_to = i
        for note_start in starts[:k]:
            if note_start < read_to:
                continue  # read with the field above it
            # A known field (a second `Disclaimer:`) is read as one; anything else is a note.
            read_to = _read_fields(lines[:start], note_start, header, blank_separated)
            if read_to != note_start:
                continue
            end = note_start
            while end < start and lines[end].strip():
                end += 1
            header.fields.append(
                Field(label="Notes", value=" ".join(line.strip() for line in lines[note_start:end]),
                      line=note_start + 1)
            )
            header.taken.extend(range(note_start + 1, end + 1))
        return _read_bare_title(lines, start, header)
    return i


# Fields whose closing full stop, in `title. value.` headers, belongs to the style.
_DOT_TRIMMED = {"title", "fandoms", "rating", "stated_word_count", "characters+relationships", "characters",
                "relationships", "authors", "language", "series", "spoilers+warnings", "spoilers"}


def find_header(lines: list[str], start: int = 0, titled: bool = False) -> Header:
    """Split a story file's lines into header fields, body range and end notes.

    `start` skips lines already read (front matter); `titled` says the front matter
    named the title, so no line after it is taken for a bare title: in hard-wrapped
    Markdown the story's first line, shorter than the next, looks like one.
    """
    header = Header(body_start=start, body_end=len(lines))
    body_lines = lines[start:]
    blank_separated = sum(1 for line in body_lines if not line.strip()) >= 0.2 * max(1, len(body_lines))
    i = _read_fields(lines, _skip_blank(lines, start), header, blank_separated)
    i = _skip_blank(lines, i)
    if not titled and not any(label_key(f.label) == "title" for f in header.fields):
        after_title = _read_bare_title(lines, i, header)
        if after_title == i and header.fields:
            after_title = _read_preamble_and_title(lines, i, header, blank_separated)
        if after_title != i:
            # Fields may follow the title too: `Title` / `by Name` / `Rating: T`.
            i = _read_fields(lines, _skip_blank(lines, after_title), header, blank_separated)
    _trim_dot_style(lines, header)
    i = _skip_blank(lines, i)
    # A rule between the header and the story (`-----`, `~*~`) belongs to the header.
    if header.fields or header.title_line:
        while i < len(lines) and (_RULE.match(lines[i]) or not lines[i].strip()):
            if lines[i].strip():
                header.taken.append(i + 1)
            i += 1
    header.body_start = i
    _find_end_notes(lines, header)
    return header


def _trim_dot_style(lines: list[str], header: Header) -> None:
    dotted = any(_DOT_FIELD.match(lines[f.line - 1]) and label_key(f.label) for f in header.fields if f.line)
    if not dotted:
        return
    for f in header.fields:
        # In `title. value.` headers the closing full stop is punctuation of the
        # style, not of the value; keep ellipses and prose fields' own full stops.
        if label_key(f.label) in _DOT_TRIMMED:
            f.value = re.sub(r"(?<!\.)\.$", "", f.value)


def _find_end_notes(lines: list[str], header: Header) -> None:
    """Take the author's closing notes off the end of the body.

    Only the last stretch of the story is searched (the final third, at least a few
    lines), so a `Notes:` line early in a story is never mistaken for an afterword.
    """
    body = [k for k in range(header.body_start, header.body_end) if lines[k].strip()]
    if len(body) < 2:
        return
    window = body[max(1, len(body) - max(6, len(body) // 3)) :]
    # Notes close the story's last chapter: a label before a later chapter heading closes
    # only its own chapter (fof_text.md ends every chapter with `Author's Endnote:`), and
    # taking it would put the chapters after it into the end notes.
    last_heading = next((k for k in reversed(window) if is_chapter_heading(lines[k])), None)
    if last_heading is not None:
        window = [k for k in window if k > last_heading]
    first: int | None = None  # the first line of notes
    rest: str | None = None  # notes text on the label line itself
    for k in window:
        m = _END_NOTE.match(lines[k])
        if m and (m.group("rest") or k != body[-1]):
            first, rest = k, m.group("rest")
            break
        if _THE_END.match(lines[k]) and k != body[-1]:
            # `The End` itself is the author's last line of the story and stays in it.
            first = k + 1
            # `The End` then `Notes: ...`: the label is not part of the notes.
            following = [j for j in body if j > k]
            m = _END_NOTE.match(lines[following[0]]) if following else None
            if m:
                first, rest = following[0], m.group("rest")
            break
    if first is None:
        return
    notes = [rest.strip()] if rest else []
    notes.extend(lines[first + 1 if rest is not None else first : header.body_end])
    header.end_notes = notes
    header.taken.extend(k + 1 for k in range(first, header.body_end) if lines[k].strip())
    end = first
    while end > header.body_start and not lines[end - 1].strip():
        end -= 1
    header.body_end = end


def read_field_block(lines: list[str], start: int, header: Header) -> int:
    """Read a block of `Key: value` fields from lines[start:] into `header` (YAML front
    matter YAML could not parse); return the index of the first line not read."""
    return _read_fields(lines, start, header, blank_separated=True)

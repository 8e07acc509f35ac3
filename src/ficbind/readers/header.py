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
hard wrapping, so continuation lines are joined with spaces.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..model import Field

# Normalised header label -> StoryMeta attribute. Labels not listed here are
# matched fuzzily (typos such as `Raiting`) and otherwise kept as extra fields.
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
}

# `Key: value`, `Key - value`, `Key | value`. The label is short and starts with a letter.
_COLON_FIELD = re.compile(
    r"^\s*(?P<label>[A-Za-z][\w '’()/&.-]{0,38}?)\s*(?::|\s[|–-]\s|\|)\s*(?P<value>.*?)\s*$"
)
# Lowercase LiveJournal style: `title. value.` Only taken when the label is a known key,
# so an opening sentence such as `Rain. It fell all night.` is never a header.
_DOT_FIELD = re.compile(r"^\s*(?P<label>[a-z][a-z '’/()&-]{0,38}?)\.(?:\s+(?P<value>.*?))?\s*$")
_BYLINE = re.compile(r"^\s*(?:by|written by)\s+(?P<name>\S.{0,60}?)\s*$", re.IGNORECASE)
# Where the author's closing notes begin: `A/N:`, `Author's note:`, `End notes`, `Notes:`.
_END_NOTE = re.compile(
    r"^\s*(?:\(?A/N\)?|AN|Author[’']?s?[’']? ?notes?|End ?notes?|Notes?)\s*(?:[:.\-–—]|$)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# A closing `END` / `The End` line: whatever follows it is notes, not story.
_THE_END = re.compile(r"^\s*[~*_-]*\s*(?:the\s+)?end\s*[.!~*_-]*\s*$", re.IGNORECASE)
# A value that ends like a finished sentence or phrase: closing punctuation, maybe
# followed by closing quotes or brackets.
_FINISHED = re.compile(r"[.!?…)\]]['’\"”)\]]*$")
# Fields whose values are prose and may run on over several lines. Short fields
# (`Rating: PG-13`) end at their line unless their value is on the next line.
_PROSE_FIELDS = {"summary", "notes", "disclaimer", "prompt", "dedication", "spoilers", "spoilers+warnings", None}


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
    text = label.lower().replace("’", "'").replace("(s)", "s")
    text = re.sub(r"\s*/\s*", "/", text)
    return re.sub(r"\s+", " ", text).strip(" .-")


def label_key(label: str) -> str | None:
    """The StoryMeta attribute a label stands for, allowing small typos (`Raiting`, `Sumary`)."""
    norm = normalise_label(label)
    if norm in KNOWN_LABELS:
        return KNOWN_LABELS[norm]
    if len(norm) >= 5:
        close = difflib.get_close_matches(norm, [k for k in KNOWN_LABELS if len(k) >= 5], n=1, cutoff=0.85)
        if close:
            return KNOWN_LABELS[close[0]]
    return None


def _match_field(line: str, in_header: bool) -> tuple[str, str, bool] | None:
    """(label, value, dot_style) if the line opens a header field."""
    m = _DOT_FIELD.match(line)
    if m and label_key(m.group("label")) is not None:
        return m.group("label").strip(), (m.group("value") or "").strip(), True
    m = _COLON_FIELD.match(line)
    if m is None:
        return None
    label = m.group("label").strip()
    if label_key(label) is not None:
        return label, m.group("value"), False
    # An unknown label is a field only inside a header already begun, and only when it
    # is short enough to be a label (`Beta: Ann`), not a sentence with a colon in it.
    if in_header and len(label.split()) <= 3 and not label.endswith("."):
        return label, m.group("value"), False
    return None


def _runs_on(f: Field, blank_separated: bool) -> bool:
    """Whether the line after field `f` continues its value."""
    if f.value == "":
        return True  # `Rating:` with the value on the next line (AO3 copies, LJ links)
    if label_key(f.label) not in _PROSE_FIELDS:
        return False
    # A prose value runs on while unfinished; in files that separate paragraphs with
    # blank lines, it runs on to the next blank line (hard-wrapped summaries).
    return blank_separated or not _FINISHED.search(f.value)


def _is_title_like(line: str) -> bool:
    """A line that could be a bare title: short, not a sentence, not dialogue."""
    text = line.strip()
    if not text or len(text) > 90 or len(text.split()) > 14:
        return False
    if text[0] in "\"“‘'(*~-=#_":
        return False
    if re.search(r"[.,;:!?]['’\"”]?$", text) and not text.endswith("..."):
        return False
    return True


def find_header(lines: list[str]) -> Header:
    """Split a story file's lines into header fields, body range and end notes."""
    header = Header(body_end=len(lines))
    blank_separated = sum(1 for line in lines if not line.strip()) >= 0.2 * max(1, len(lines))
    i = 0
    n = len(lines)
    while i < n and not lines[i].strip():
        i += 1
    current: Field | None = None
    current_dot = False
    while i < n:
        line = lines[i]
        if not line.strip():
            current = None
            i += 1
            continue
        found = _match_field(line, in_header=bool(header.fields))
        if found is not None:
            label, value, dot = found
            current = Field(label=label, value=value, line=i + 1)
            current_dot = dot
            header.fields.append(current)
            header.taken.append(i + 1)
            i += 1
            continue
        # A line that carries on the field above it (blank lines end every field).
        if current is not None and _runs_on(current, blank_separated):
            current.value = f"{current.value} {line.strip()}".strip()
            header.taken.append(i + 1)
            i += 1
            continue
        break
    if current_dot or any(_DOT_FIELD.match(lines[f.line - 1]) and label_key(f.label) for f in header.fields):
        for f in header.fields:
            # In `title. value.` headers the closing full stop is punctuation of the
            # style, not of the value; keep ellipses and prose fields' own full stops.
            if label_key(f.label) in ("title", "fandoms", "rating", "stated_word_count", "characters+relationships",
                                     "characters", "relationships", "authors", "language", "series",
                                     "spoilers+warnings", "spoilers"):
                f.value = re.sub(r"(?<!\.)\.$", "", f.value)
    if not header.fields:
        i = 0
        while i < n and not lines[i].strip():
            i += 1
    title_known = any(label_key(f.label) == "title" for f in header.fields)
    # A bare title line after the header (or at the top when there is none): seed 002
    # puts its notes and disclaimer first, seed 003 opens with the title alone.
    if not title_known and i < n and _is_title_like(lines[i]):
        nxt = i + 1
        following = lines[nxt] if nxt < n else ""
        stands_alone = not following.strip() or _BYLINE.match(following) or len(following.strip()) > len(lines[i].strip())
        if stands_alone and nxt < n:
            header.title_line = lines[i].strip()
            header.taken.append(i + 1)
            i += 1
            while i < n and not lines[i].strip():
                i += 1
            m = _BYLINE.match(lines[i]) if i < n else None
            if m:
                header.byline = m.group("name")
                header.taken.append(i + 1)
                i += 1
    while i < n and not lines[i].strip():
        i += 1
    header.body_start = i
    _find_end_notes(lines, header)
    return header


def _find_end_notes(lines: list[str], header: Header) -> None:
    """Take the author's closing notes off the end of the body.

    Only the last stretch of the story is searched (the final third, at least a few
    lines), so a `Notes:` line early in a story is never mistaken for an afterword.
    """
    body = [k for k in range(header.body_start, header.body_end) if lines[k].strip()]
    if len(body) < 2:
        return
    window = body[max(1, len(body) - max(6, len(body) // 3)) :]
    start = None
    for k in window:
        m = _END_NOTE.match(lines[k])
        if m and (m.group("rest") or k != body[-1]):
            start = (k, m.group("rest"))
            break
        if _THE_END.match(lines[k]) and k != body[-1]:
            start = (k + 1, None)
            break
    if start is None:
        return
    first, rest = start
    notes = [rest.strip()] if rest else []
    notes.extend(lines[first + 1 if rest is not None else first : header.body_end])
    header.end_notes = notes
    header.taken.extend(k + 1 for k in range(first, header.body_end) if lines[k].strip())
    end = first
    while end > header.body_start and not lines[end - 1].strip():
        end -= 1
    header.body_end = end

"""`ficbind inspect`: what was read from a story file, as a dict for JSON or a table.

Story file -> one object per story with a fixed set of keys (lists empty and strings
null when a field is absent), so scripts can rely on the shape; or, on a terminal, a
table of what was read followed by the source lines taken as header and notes, so a
user can see at a glance whether the story begins where it should.

A folder stands for its story files, as in a build. A file that cannot be read is
reported in its turn (`{"path", "error"}` in JSON) and the others are still shown:
one bad file must not hide what was read from the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..binding import read_source
from ..errors import FicbindError, InputError
from ..model import Heading, Note, Story, StoryMeta, blocks_text, inline_text
from ..project.gather import StorySource, folder_stories, story_suffixes
from ..readers import describe_format
from ..readers.decoding import decode
from ..text.wordcount import count_words

# The keys of `ficbind inspect --json`, in order. Scripts rely on exactly these.
KEYS = (
    "path", "read_as", "title", "authors", "fandoms", "relationships", "characters", "rating", "warnings", "category",
    "tags", "language", "series", "summary", "notes", "end_notes", "disclaimer", "prompt", "dedication",
    "spoilers", "stated_word_count", "word_count", "chapters", "fields", "opening",
)
OPENING_LENGTH = 80


def _text(blocks: list) -> str | None:
    return blocks_text(blocks) or None


def chapter_titles(story: Story) -> list[str]:
    """Each chapter heading on one line: `Chapter 3` / `Thaw` -> `Chapter 3: Thaw`."""
    return [
        ": ".join(part.strip() for part in inline_text(b.content).split("\n") if part.strip())
        for b in story.blocks
        if isinstance(b, Heading) and b.level == 1
    ]


def opening(story: Story) -> str:
    """The first characters of the story's prose (chapter headings and notes skipped)."""
    prose = blocks_text([b for b in story.blocks if not isinstance(b, (Heading, Note))])
    return " ".join(prose.split())[:OPENING_LENGTH]


def _field_text(meta: StoryMeta, name: str) -> str | None:
    """A rich field's text as the author gave it: a lyric the field quoted (set apart as
    the story's epigraph) is shown back in it, with its credit."""
    blocks = list(getattr(meta, name))
    if meta.epigraph is not None and meta.epigraph_from == name:
        blocks.append(meta.epigraph)
    return _text(blocks)


def read_as(path: Path) -> str | None:
    """What a file was read as (`AO3 HTML download`, `plain text`), told as the build tells it."""
    try:
        return describe_format(path.read_bytes(), path, str(path))
    except (OSError, FicbindError):
        return None


def describe_story(story: Story, path: str, format_name: str | None = None) -> dict[str, Any]:
    meta = story.meta
    return {
        "path": path,
        "read_as": format_name,
        "title": meta.title,
        "authors": meta.authors,
        "fandoms": meta.fandoms,
        "relationships": meta.relationships,
        "characters": meta.characters,
        "rating": meta.rating,
        "warnings": meta.warnings,
        "category": meta.category,
        "tags": meta.tags,
        "language": meta.language,
        "series": meta.series,
        "summary": _field_text(meta, "summary"),
        "notes": _field_text(meta, "notes"),
        "end_notes": _field_text(meta, "end_notes"),
        "disclaimer": _field_text(meta, "disclaimer"),
        "prompt": _field_text(meta, "prompt"),
        "dedication": _field_text(meta, "dedication"),
        "spoilers": meta.spoilers,
        "stated_word_count": meta.stated_word_count,
        "word_count": count_words(story.blocks),
        "chapters": chapter_titles(story),
        "fields": [{"label": f.label, "value": f.value} for f in meta.fields],
        "opening": opening(story),
    }


def describe(path: Path) -> dict[str, Any]:
    """What ficbind reads from one story file (the `--json` object)."""
    return describe_story(read_source(StorySource(path, str(path))), str(path), read_as(path))


@dataclass
class Unreadable:
    """A file (or a folder without stories) that could not be inspected, and why."""

    path: str
    error: FicbindError

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "error": str(self.error)}


def story_files(paths: list[Path]) -> list[Path | Unreadable]:
    """The files to inspect: each file named, and the story files of each folder named."""
    files: list[Path | Unreadable] = []
    for path in paths:
        if not path.exists():
            files.append(Unreadable(str(path), InputError("no such file or folder; check the path", path)))
            continue
        if not path.is_dir():
            files.append(path)
            continue
        stories = folder_stories(path)
        if not stories:
            files.append(Unreadable(str(path), InputError(f"the folder holds no story files ({story_suffixes()})",
                                                          path)))
        files.extend(stories)
    return files


def describe_each(paths: list[Path]) -> list[dict[str, Any] | Unreadable]:
    """The `--json` objects, one per story file, with the files that could not be read in their place."""
    described: list[dict[str, Any] | Unreadable] = []
    for path in story_files(paths):
        if isinstance(path, Unreadable):
            described.append(path)
            continue
        try:
            described.append(describe(path))
        except FicbindError as error:
            described.append(Unreadable(str(path), error))
    return described


def taken_lines(path: Path, story_lines: list[int]) -> list[tuple[int, str]]:
    """(line number, text) of each source line taken as header or notes."""
    if not story_lines:
        return []  # an EPUB or a web page has no such lines, and is not text to decode
    try:
        text = decode(path.read_bytes(), str(path))
    except (OSError, InputError):
        return []
    lines = text.split("\n")
    return [(n, lines[n - 1]) for n in story_lines if 0 < n <= len(lines)]


@dataclass
class Inspected:
    """What the table shows for one file."""

    described: dict[str, Any]
    extra: list[tuple[str, str]]  # header fields ficbind keeps but does not map, as written
    taken: list[tuple[int, str]]  # source lines read as header or notes


def inspect_files(paths: list[Path]) -> list[Inspected | Unreadable]:
    out: list[Inspected | Unreadable] = []
    for path in story_files(paths):
        if isinstance(path, Unreadable):
            out.append(path)
            continue
        try:
            story = read_source(StorySource(path, str(path)))
        except FicbindError as error:
            out.append(Unreadable(str(path), error))
            continue
        out.append(
            Inspected(
                describe_story(story, str(path), read_as(path)),
                [(f.label, f.value) for f in story.meta.extra],
                taken_lines(path, story.header_lines),
            )
        )
    return out


def render_table(inspected: list[Inspected | Unreadable], stream: TextIO, errors: TextIO) -> None:
    """Each file's table on `stream`; a file that could not be read as ficbind's error line on `errors`,
    in its turn."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .console import printable

    console = Console(file=stream, highlight=False, soft_wrap=False)
    for item in inspected:
        if isinstance(item, Unreadable):
            stream.flush()
            print(f"ficbind: error: {printable(str(item.error))}", file=errors, flush=True)
            continue
        table = Table(title=item.described["path"], show_header=False, title_justify="left")
        table.add_column("field", style="bold")
        table.add_column("value", overflow="fold")
        for key, value in item.described.items():
            if key in ("path", "fields") or value in (None, [], ""):
                continue
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            # Text(), not str: story text must never be read as rich markup.
            table.add_row(Text(key.replace("_", " ")), Text(str(value)))
        for label, value in item.extra:
            table.add_row(Text(f"{label} (kept as written)"), Text(value))
        console.print(table)
        if item.taken:
            lines = Table(title="Lines read as header and notes", show_header=False, title_justify="left",
                          box=None, padding=(0, 1))
            lines.add_column("line", justify="right", style="dim", no_wrap=True, min_width=4)
            lines.add_column("text", overflow="ellipsis", no_wrap=True)
            for number, text in item.taken:
                lines.add_row(Text(str(number)), Text(text.strip()))
            console.print(lines)
        console.print()

"""Read a book manifest (TOML): the book's details, its stories in order, which of
them to keep and in what order, and output settings.

    [book]
    title = "Road and River"
    author = "A Reader"          # the compiler
    language = "en"

    [[story]]                    # in order; a path or a glob, relative to the manifest
    path = "stories/*"
    [[story]]
    path = "extra/northbound.txt"
    title = "Northbound (revised)"   # any metadata field may be overridden here

    [select]                     # any-of within a key, all keys must hold
    fandoms = ["Supernatural", "Good Omens"]
    ratings = ["G", "PG", "Teen And Up Audiences"]
    exclude_tags = ["major character death"]
    sort = "manifest"            # or "title", "author", "words", "date"

    [output]
    formats = ["epub", "pdf"]
    name = "road-and-river"
    page_size = "a5"
    notes = "end"                # authors' notes: "before", "end" or "omit" (default: as placed)
    cover_page = false           # the PDF without its cover picture (a print shop prints it apart)
    pdf_standard = "x-4"         # the PDF standard the book claims: x-4, ua-1, a-2b, a-2u

    [input]
    max_size = "64MB"            # the largest story file read (default 32MB)

TOML text -> `Manifest`. Every mistake (bad TOML, an unknown key, a wrong type) is
a ManifestError naming the manifest and the line (toml_lines.py finds the lines,
since tomllib keeps none).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import ManifestError, unreadable
from ..readers import parse_size
from ..text.languages import language_tag
from .selection import SORT_KEYS, Selection
from .toml_lines import KeyPath, key_lines

# The manifest `ficbind init` writes and `ficbind build` uses when given no INPUT.
MANIFEST_NAME = "ficbind.toml"


class _Kind:
    """What a manifest value must be, and how to say so in an error."""

    def __init__(self, name: str, example: str) -> None:
        self.name = name
        self.example = example


TEXT = _Kind("a string", '"like this"')
FLAG = _Kind("true or false", "true")
TEXTS = _Kind("a list of strings", '["like", "this"]')
DATE = _Kind("a date", "2026-11-21")

BOOK_KEYS = {
    "title": TEXT, "author": TEXT, "language": TEXT, "date": DATE, "description": TEXT, "not_for_sale": FLAG,
    "cover": TEXT, "blurb": TEXT,
}
OUTPUT_KEYS = {
    "formats": TEXTS, "name": TEXT, "page_size": TEXT, "font": TEXT, "bleed": TEXT, "marks": TEXT, "notes": TEXT,
    "cover_page": FLAG, "pdf_standard": TEXT, "pdf_tags": FLAG,
}
SELECT_KEYS = {"fandoms": TEXTS, "ratings": TEXTS, "exclude_tags": TEXTS, "sort": TEXT}
INPUT_KEYS = {"max_size": TEXT}
# Metadata a [[story]] entry may override (the entry wins over what the header says).
STORY_OVERRIDES = {
    "title": TEXT,
    "authors": TEXTS,
    "fandoms": TEXTS,
    "relationships": TEXTS,
    "characters": TEXTS,
    "rating": TEXT,
    "warnings": TEXTS,
    "category": TEXTS,
    "tags": TEXTS,
    "language": TEXT,
    "series": TEXT,
    "summary": TEXT,
    "notes": TEXT,
    "end_notes": TEXT,
    "disclaimer": TEXT,
    "prompt": TEXT,
    "dedication": TEXT,
    "spoilers": TEXT,
    "stated_word_count": TEXT,
    "source": TEXT,
    "published": DATE,
}
TABLES = {"book": BOOK_KEYS, "story": {"path": TEXT, **STORY_OVERRIDES}, "select": SELECT_KEYS, "output": OUTPUT_KEYS,
          "input": INPUT_KEYS}


@dataclass
class StoryEntry:
    path: str  # a file, a folder or a glob, relative to the manifest
    overrides: dict[str, Any] = field(default_factory=dict)
    number: int = 1  # 1-based position among the [[story]] entries
    line: int | None = None  # where its `path` is written


@dataclass
class Manifest:
    path: Path
    book: dict[str, Any]
    stories: list[StoryEntry]
    output: dict[str, Any]
    select: Selection = Selection()
    max_bytes: int | None = None  # [input] max_size: the largest story file read
    lines: dict[KeyPath, int] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.path.parent

    def line_of(self, *key: str | int) -> int | None:
        """The line of a table or key, or of the nearest enclosing one that was found."""
        path: KeyPath = tuple(key)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    def error(self, message: str, *key: str | int) -> ManifestError:
        return ManifestError(message, self.path, self.line_of(*key))


def _where(key: KeyPath) -> str:
    """How a user would name the place: `[book]`, `[[story]] #2`."""
    if key[0] == "story" and len(key) > 1:
        return f"[[story]] #{key[1] + 1}"
    return f"[{key[0]}]"


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (date, datetime)):
        return "a date"
    return f"a {type(value).__name__}"


class _Checker:
    def __init__(self, manifest: Manifest) -> None:
        self.manifest = manifest

    def value(self, value: Any, kind: _Kind, key: KeyPath) -> Any:
        """The value as ficbind uses it, or a ManifestError at its line."""
        name = key[-1]
        wrong = self.manifest.error(
            f"{name} in {_where(key)} should be {kind.name}, like {name} = {kind.example}, not {_type_name(value)}",
            *key,
        )
        if kind is TEXT:
            if not isinstance(value, str):
                raise wrong
            return value
        if kind is FLAG:
            if not isinstance(value, bool):
                raise wrong
            return value
        if kind is TEXTS:
            if not isinstance(value, list):
                raise wrong
            for index, item in enumerate(value):
                if not isinstance(item, str):
                    raise self.manifest.error(
                        f"{name} in {_where(key)} should list strings, but item {index + 1} is {_type_name(item)}",
                        *key, index,
                    )
            return list(value)
        if kind is DATE:
            if isinstance(value, datetime):
                return value.date().isoformat()
            if isinstance(value, date):
                return value.isoformat()
            if not isinstance(value, str):
                raise wrong
            if name == "date":  # the book's date must be exact; a story's may be loose
                try:
                    return date.fromisoformat(value).isoformat()
                except ValueError:
                    raise self.manifest.error(
                        f"{name} in {_where(key)} is {value!r}; write an ISO date such as 2026-11-21", *key
                    ) from None
            return value
        raise AssertionError(kind.name)

    def table(self, table: Any, allowed: dict[str, _Kind], key: KeyPath) -> dict[str, Any]:
        if not isinstance(table, dict):
            raise self.manifest.error(f"{_where(key)} should be a table, not {_type_name(table)}", *key)
        checked = {}
        for name, value in table.items():
            if name not in allowed:
                raise self.manifest.error(_unknown(f"key {name!r} in {_where(key)}", name, allowed), *key, name)
            checked[name] = self.value(value, allowed[name], (*key, name))
        return checked


def _unknown(what: str, name: str, allowed) -> str:
    close = difflib.get_close_matches(name, list(allowed), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown {what}; {hint}known: {', '.join(allowed)}"


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def parse_manifest(text: str, path: Path) -> Manifest:
    """Check a manifest's text; every mistake is reported with the file name and line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        line = int(position.group(1)) if position else None
        if position:
            message = message[: position.start()]
        raise ManifestError(f"not valid TOML: {message}; check the quotes and brackets", path, line) from None
    manifest = Manifest(path=path, book={}, stories=[], output={}, lines=key_lines(text))
    check = _Checker(manifest)
    for name in data:
        if name not in TABLES:
            raise manifest.error(
                _unknown(f"table [{name}]", name, TABLES)
                + " (a manifest has [book], [[story]], [select], [output], [input])",
                name,
            )
    manifest.book = check.table(data.get("book", {}), BOOK_KEYS, ("book",))
    if "language" in manifest.book:
        # The book's language goes into every file of the EPUB: `English` is read as `en`,
        # and what is no language at all is an error here, not an invalid book later.
        tag = language_tag(manifest.book["language"])
        if tag is None:
            raise manifest.error(
                f"language in [book] is {manifest.book['language']!r}; write a language tag such as \"en\" "
                "or \"pt-BR\", or a name such as \"English\"", "book", "language")
        manifest.book["language"] = tag
    manifest.output = check.table(data.get("output", {}), OUTPUT_KEYS, ("output",))
    inputs = check.table(data.get("input", {}), INPUT_KEYS, ("input",))
    if "max_size" in inputs:
        try:
            manifest.max_bytes = parse_size(inputs["max_size"])
        except ValueError as error:
            raise manifest.error(f"max_size in [input]: {error}", "input", "max_size") from None
    if manifest.output.get("formats") == []:
        raise manifest.error("formats in [output] is empty; name at least one format", "output", "formats")
    select = check.table(data.get("select", {}), SELECT_KEYS, ("select",))
    sort = select.get("sort", "manifest")
    if sort not in SORT_KEYS:
        raise manifest.error(f"sort in [select] is {sort!r}; choose one of {', '.join(SORT_KEYS)}", "select", "sort")
    manifest.select = Selection(
        fandoms=tuple(select.get("fandoms", ())),
        ratings=tuple(select.get("ratings", ())),
        exclude_tags=tuple(select.get("exclude_tags", ())),
        sort=sort,
    )

    raw_stories = data.get("story")
    if raw_stories is None:
        raise ManifestError("a manifest needs at least one [[story]] with a path", path)
    if not isinstance(raw_stories, list):
        raise manifest.error("write each story as its own [[story]] table (double brackets)", "story")
    for index, raw in enumerate(raw_stories):
        entry = check.table(raw, TABLES["story"], ("story", index))
        if "path" not in entry:
            raise manifest.error(f"[[story]] #{index + 1} has no path; add path = \"story.txt\"", "story", index)
        story_path = entry.pop("path")
        if not story_path.strip():
            raise manifest.error(f"[[story]] #{index + 1} has an empty path", "story", index, "path")
        manifest.stories.append(
            StoryEntry(story_path, entry, number=index + 1, line=manifest.line_of("story", index, "path"))
        )
    return manifest


def load_manifest(path: Path) -> Manifest:
    """Read and check a manifest file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise unreadable(error, path, "manifest", "a manifest", permission_hint=False) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ManifestError("a manifest must be UTF-8; save it as UTF-8 and try again", path, line) from None
    return parse_manifest(text, path)

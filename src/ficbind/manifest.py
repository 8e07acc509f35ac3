"""Read a book manifest (TOML): the book's details, its stories in order, and output settings.

    [book]
    title = "Road and River"
    author = "A Reader"          # the compiler
    language = "en"

    [[story]]                    # in order; a path or a glob, relative to the manifest
    path = "stories/*"
    [[story]]
    path = "extra/northbound.txt"
    title = "Northbound (revised)"   # any metadata field may be overridden here

    [output]
    formats = ["epub", "pdf"]
    name = "road-and-river"
    page_size = "a5"
    notes = "end"                # authors' notes: "before", "end" or "omit" (default: as placed)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, ManifestError

BOOK_KEYS = {"title": str, "author": str, "language": str, "date": str, "description": str, "not_for_sale": bool}
OUTPUT_KEYS = {"formats": list, "name": str, "page_size": str, "font": str, "notes": str}
# Metadata a [[story]] entry may override (the entry wins over what the header says).
STORY_OVERRIDES = {
    "title": str,
    "authors": list,
    "fandoms": list,
    "relationships": list,
    "characters": list,
    "rating": str,
    "warnings": list,
    "category": list,
    "tags": list,
    "language": str,
    "series": str,
    "summary": str,
    "notes": str,
    "end_notes": str,
    "disclaimer": str,
    "prompt": str,
    "dedication": str,
    "spoilers": str,
    "stated_word_count": str,
    "source": str,
    "published": str,
}


@dataclass
class StoryEntry:
    path: str
    overrides: dict[str, Any] = field(default_factory=dict)


@dataclass
class Manifest:
    path: Path
    book: dict[str, Any]
    stories: list[StoryEntry]
    output: dict[str, Any]

    @property
    def folder(self) -> Path:
        return self.path.parent


def _check_table(table: Any, allowed: dict[str, type], where: str, path: Path) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ManifestError(f"[{where}] must be a table", path)
    for key, value in table.items():
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise ManifestError(f"unknown key {key!r} in [{where}]; known keys: {known}", path)
        expected = allowed[key]
        if not isinstance(value, expected):
            raise ManifestError(
                f"{where}.{key} should be {'a list' if expected is list else 'a ' + expected.__name__}, "
                f"not {type(value).__name__}",
                path,
            )
        if expected is list and not all(isinstance(item, str) for item in value):
            raise ManifestError(f"{where}.{key} should be a list of strings", path)
    return dict(table)


def load_manifest(path: Path) -> Manifest:
    """Parse and check a manifest; every mistake is reported with the manifest's name."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such manifest; check the path", path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the manifest ({error})", path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        raise ManifestError(f"not valid TOML: {error.msg if hasattr(error, 'msg') else error}", path, line) from None
    allowed_top = {"book", "story", "output"}
    for key in data:
        if key not in allowed_top:
            raise ManifestError(f"unknown table [{key}]; a manifest has [book], [[story]] and [output]", path)
    book = _check_table(data.get("book", {}), BOOK_KEYS, "book", path)
    output = _check_table(data.get("output", {}), OUTPUT_KEYS, "output", path)
    raw_stories = data.get("story", [])
    if not isinstance(raw_stories, list) or not raw_stories:
        raise ManifestError("a manifest needs at least one [[story]] with a path", path)
    stories = []
    for number, entry in enumerate(raw_stories, 1):
        entry = _check_table(entry, {"path": str, **STORY_OVERRIDES}, f"story #{number}", path)
        if "path" not in entry:
            raise ManifestError(f"[[story]] #{number} has no path", path)
        story_path = entry.pop("path")
        stories.append(StoryEntry(path=story_path, overrides=entry))
    return Manifest(path=path, book=book, stories=stories, output=output)

"""Turn what the user named on the command line into the list of story files to bind.

INPUT is a story file, a folder of stories, or a manifest `.toml` (with no INPUT,
`ficbind.toml` in the current folder). Folders give their story files in name
order; manifest entries are paths, folders or globs relative to the manifest, taken
in manifest order. A file named twice is bound once, where it first appears; the
overrides of every entry naming it apply, later entries winning.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError
from .manifest import MANIFEST_NAME, Manifest, load_manifest
from ..readers import is_story_file


@dataclass
class StorySource:
    path: Path
    display: str  # the path as the user would recognise it, for messages and reports
    overrides: dict[str, Any] = field(default_factory=dict)


@dataclass
class Unmatched:
    """A manifest entry that names no story file: refused, while the others are bound."""

    pattern: str
    error: InputError


@dataclass
class Gathered:
    sources: list[StorySource]
    manifest: Manifest | None = None
    # A default book title when neither --title nor the manifest gives one.
    fallback_title: str = "Anthology"
    unmatched: list[Unmatched] = field(default_factory=list)

    @property
    def watched_files(self) -> list[Path]:
        """Every file whose change changes the book: the manifest and the stories."""
        files = [self.manifest.path] if self.manifest else []
        return files + [source.path for source in self.sources]


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _folder_stories(folder: Path) -> list[Path]:
    return sorted((p for p in folder.iterdir() if p.is_file() and is_story_file(p)), key=lambda p: p.name)


def _entry_files(manifest: Manifest, entry_path: str) -> list[Path]:
    target = manifest.folder / entry_path
    # A file whose name merely looks like a glob (`notes [draft].txt`) is that file.
    if target.is_file():
        return [target]
    if target.is_dir():
        return _folder_stories(target)
    if glob.has_magic(entry_path):
        matches = sorted(Path(p) for p in glob.glob(str(target), recursive=True))
        return [p for p in matches if p.is_file() and is_story_file(p)]
    return []


def _from_manifest(manifest: Manifest) -> tuple[list[StorySource], list[Unmatched]]:
    sources: list[StorySource] = []
    unmatched: list[Unmatched] = []
    itself = manifest.path.resolve()
    for entry in manifest.stories:
        files = _entry_files(manifest, entry.path)
        if files and all(_same_file(f, itself) for f in files):
            error = InputError(f"[[story]] #{entry.number}: {entry.path} is this manifest, not a story; "
                               "name the story files", manifest.path, entry.line)
            unmatched.append(Unmatched(entry.path, error))
            continue
        files = [f for f in files if not _same_file(f, itself)]
        if not files:
            what = "matches no story file" if glob.has_magic(entry.path) else "does not exist"
            if (manifest.folder / entry.path).is_dir():
                what = "is a folder with no story files (.txt)"
            error = InputError(f"[[story]] #{entry.number}: {entry.path} {what}; check the path",
                               manifest.path, entry.line)
            unmatched.append(Unmatched(entry.path, error))
            continue
        sources.extend(StorySource(p, _display(p), dict(entry.overrides)) for p in files)
    return sources, unmatched


def _same_file(path: Path, other: Path) -> bool:
    try:
        return path.resolve() == other
    except OSError:
        return False


def _without_duplicates(sources: list[StorySource]) -> list[StorySource]:
    kept: dict[Path, StorySource] = {}
    for source in sources:
        try:
            identity = source.path.resolve()
        except OSError:
            identity = source.path.absolute()
        if identity in kept:
            kept[identity].overrides.update(source.overrides)
        else:
            kept[identity] = source
    return list(kept.values())


def gather(inputs: list[str]) -> Gathered:
    """Expand INPUT arguments into story sources, failing early on anything missing."""
    if not inputs:
        if Path(MANIFEST_NAME).is_file():
            inputs = [MANIFEST_NAME]
        else:
            raise UsageError(
                f"name at least one story file, folder or manifest .toml "
                f"(or run `ficbind init` to write a {MANIFEST_NAME} here)"
            )
    sources: list[StorySource] = []
    unmatched: list[Unmatched] = []
    manifest: Manifest | None = None
    fallback = "Anthology"
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            raise InputError("no such file or folder; check the path", raw)
        if path.is_dir():
            stories = _folder_stories(path)
            if not stories:
                raise InputError("the folder holds no story files (.txt)", raw)
            sources.extend(StorySource(p, _display(p)) for p in stories)
            fallback = path.resolve().name.replace("-", " ").replace("_", " ").title() or fallback
        elif path.suffix.lower() == ".toml":
            if manifest is not None:
                raise UsageError("give one manifest per build", raw)
            manifest = load_manifest(path)
            found, missing = _from_manifest(manifest)
            sources.extend(found)
            unmatched.extend(missing)
        else:
            sources.append(StorySource(path, raw))
    return Gathered(sources=_without_duplicates(sources), manifest=manifest, fallback_title=fallback,
                    unmatched=unmatched)

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
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError
from ..readers import READERS, is_story_file, why_not_read
from .manifest import MANIFEST_NAME, Manifest, load_manifest


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
class NotRead:
    """A file in a folder that ficbind does not read, said in the build's summary."""

    display: str
    reason: str  # why, and what to do instead: `PDF is not read; download the EPUB or HTML`

    def __str__(self) -> str:
        return f"{self.display}: {self.reason}"


@dataclass
class Gathered:
    sources: list[StorySource]
    manifest: Manifest | None = None
    # A default book title when neither --title nor the manifest gives one.
    fallback_title: str = "Anthology"
    unmatched: list[Unmatched] = field(default_factory=list)
    not_read: list[NotRead] = field(default_factory=list)  # files the folders hold that are not read

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


def story_suffixes() -> str:
    """The suffixes ficbind reads, for messages: `.txt, .text, .md, .markdown`."""
    return ", ".join(READERS)


# A second download or a copy made by hand: `story (1).txt` (browsers), `story - Copy.txt`,
# `story - Copy (2).txt` (Windows), `story copy.txt`, `story copy 2.txt` (macOS).
_COPY_MARK = re.compile(r"^(?P<original>.+?)(?: \((?P<n>\d+)\)| - copy(?: \((?P<m>\d+)\))?| copy(?: (?P<k>\d+))?)$",
                        re.IGNORECASE)


def _reading_order(path: Path) -> tuple[tuple[str, ...], int, str]:
    """Path order, with a copy straight after its original (`story.txt`, `story (1).txt`), not
    before it as a plain sort puts it (a space sorts before the dot): when two files hold the
    same text, the first is bound and the second skipped, and the one to skip is the copy."""
    copy = _COPY_MARK.match(path.stem)
    if copy is None:
        return path.parts, 0, path.name
    number = int(copy.group("n") or copy.group("m") or copy.group("k") or 1)
    return (*path.parent.parts, copy.group("original") + path.suffix), number, path.name


def in_reading_order(paths: list[Path]) -> list[Path]:
    return sorted(paths, key=_reading_order)


def folder_stories(folder: Path) -> list[Path]:
    """The story files in a folder, in name order (a copy after its original)."""
    return in_reading_order([p for p in folder.iterdir() if p.is_file() and is_story_file(p)])


def folder_not_read(folder: Path) -> list[NotRead]:
    """The files in a folder that are not story files, each with why it is left out
    (hidden files, pictures and a manifest are not mentioned)."""
    found = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        reason = why_not_read(path)
        if reason is not None:
            found.append(NotRead(_display(path), reason))
    return found


def _entry_files(manifest: Manifest, entry_path: str) -> list[Path]:
    target = manifest.folder / entry_path
    # A file whose name merely looks like a glob (`notes [draft].txt`) is that file.
    if target.is_file():
        return [target]
    if target.is_dir():
        return folder_stories(target)
    if glob.has_magic(entry_path):
        matches = sorted(Path(p) for p in glob.glob(str(target), recursive=True))
        stories = [p for p in matches if p.is_file() and is_story_file(p)]
        return in_reading_order(stories)
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
                what = f"is a folder with no story files ({story_suffixes()})"
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
    not_read: list[NotRead] = []
    manifest: Manifest | None = None
    fallback = "Anthology"
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            raise InputError("no such file or folder; check the path", raw)
        if path.is_dir():
            stories = folder_stories(path)
            left = folder_not_read(path)
            if not stories:
                shown = "; ".join(str(n) for n in left[:3]) + ("; …" if len(left) > 3 else "")
                raise InputError(f"the folder holds no story files ({story_suffixes()})"
                                 + (f"; left out {shown}" if left else ""), raw)
            not_read.extend(left)
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
                    unmatched=unmatched, not_read=not_read)

"""Turn what the user named on the command line into the list of story files to bind.

INPUT is a story file, a folder of stories, or a manifest `.toml`. Folders give
their story files in name order; manifest entries are paths or globs relative to
the manifest, taken in manifest order.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, UsageError
from .manifest import Manifest, load_manifest
from .readers import is_story_file


@dataclass
class StorySource:
    path: Path
    display: str  # the path as the user would recognise it, for messages and reports
    overrides: dict[str, Any] = field(default_factory=dict)


@dataclass
class Gathered:
    sources: list[StorySource]
    manifest: Manifest | None = None
    # A default book title when neither --title nor the manifest gives one.
    fallback_title: str = "Anthology"


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _folder_stories(folder: Path) -> list[Path]:
    return sorted((p for p in folder.iterdir() if p.is_file() and is_story_file(p)), key=lambda p: p.name)


def _from_manifest(manifest: Manifest) -> list[StorySource]:
    sources: list[StorySource] = []
    for number, entry in enumerate(manifest.stories, 1):
        pattern = manifest.folder / entry.path
        if glob.has_magic(entry.path):
            matches = sorted(Path(p) for p in glob.glob(str(pattern)))
            files = [p for p in matches if p.is_file() and is_story_file(p)]
            if not files:
                raise InputError(f"[[story]] #{number}: no story files match {entry.path!r}", manifest.path)
        elif pattern.is_dir():
            files = _folder_stories(pattern)
        else:
            if not pattern.exists():
                raise InputError(f"[[story]] #{number}: {entry.path} does not exist; check the path", manifest.path)
            files = [pattern]
        sources.extend(StorySource(p, _display(p), dict(entry.overrides)) for p in files)
    return sources


def gather(inputs: list[str]) -> Gathered:
    """Expand INPUT arguments into story sources, failing early on anything missing."""
    if not inputs:
        raise UsageError("name at least one story file, folder or manifest .toml")
    sources: list[StorySource] = []
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
            sources.extend(_from_manifest(manifest))
        else:
            sources.append(StorySource(path, raw))
    return Gathered(sources=sources, manifest=manifest, fallback_title=fallback)

"""Readers turn one input file into a `Story`; this module picks the reader for a file.

A flat registry, as in pandoc: file suffix -> reader function `read(data, path) -> Story`.
Plain text (`.txt`, `.text`) and Markdown (`.md`, `.markdown`); both read YAML front
matter and every fic header style (see header.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import InputError
from ..model import Heading, SceneBreak, Story, blocks_text
from . import markdown, plaintext

Reader = Callable[[bytes, str], Story]

READERS: dict[str, Reader] = {
    ".txt": plaintext.read,
    ".text": plaintext.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
}

# Files larger than this are refused rather than read into memory (`--max-size` changes it).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def is_story_file(path: Path) -> bool:
    return path.suffix.lower() in READERS and not path.name.startswith(".")


def read_story(path: Path, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Story:
    """Read one story file. Raises InputError naming the file when it cannot be read."""
    name = display or str(path)
    return parse_story(load_story_bytes(path, name, max_bytes), path, name)


def load_story_bytes(path: Path, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A story file's bytes, refusing what no reader reads and files over the size limit.

    Kept apart from parsing so the build's cache can fingerprint exactly the bytes it parses."""
    if path.suffix.lower() not in READERS:
        known = ", ".join(sorted(READERS))
        raise InputError(f"ficbind cannot read {path.suffix or 'files without a suffix'}; use one of {known}", name)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit; "
                "split it or raise --max-size",
                name,
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file; check the path", name) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a story file", name) from None
    except PermissionError:
        raise InputError("permission denied; check the file's permissions", name) from None
    except OSError as error:
        raise InputError(f"cannot read the file ({error.strerror})", name) from None


def parse_story(data: bytes, path: Path, name: str) -> Story:
    """The Story in a story file's bytes, by the reader for its suffix. Raises InputError
    for a file that is not text (see screening.py) or holds no story."""
    if not data:
        raise InputError("the file is empty (0 bytes); save the story into it, or leave it out", name)
    story = READERS[path.suffix.lower()](data, name)
    refuse_without_story(story, name)
    return story


def refuse_without_story(story: Story, name: str) -> None:
    """A file with nothing to read, or a header and no story under it (a save cut short),
    would bind as an empty title page: refuse it, saying which."""
    prose = [block for block in story.blocks if not isinstance(block, (Heading, SceneBreak))]
    if blocks_text(prose).strip():
        return
    labels = list(dict.fromkeys(f.label for f in story.meta.fields))
    if labels:
        shown = ", ".join(labels[:4]) + (", …" if len(labels) > 4 else "")
        raise InputError(f"the file has a header ({shown}) but no story after it; was it saved in full?", name)
    raise InputError("the file holds no story, only blank space; save the story into it, or leave it out", name)

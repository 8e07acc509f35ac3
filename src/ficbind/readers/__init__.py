"""Readers turn one input file into a `Story`; this module picks the reader for a file.

A flat registry, as in pandoc: file suffix -> reader function `read(data, path) -> Story`.
Plain text (`.txt`, `.text`) and Markdown (`.md`, `.markdown`); both read YAML front
matter and every fic header style (see header.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import InputError
from ..model import Story

Reader = Callable[[bytes, str], Story]


# Each reader module is imported when a file first needs it (Markdown brings in
# markdown-it and YAML): a build that recalls every story from its cache reads none.
def _read_plain_text(data: bytes, path: str) -> Story:
    from . import plaintext

    return plaintext.read(data, path)


def _read_markdown(data: bytes, path: str) -> Story:
    from . import markdown

    return markdown.read(data, path)


READERS: dict[str, Reader] = {
    ".txt": _read_plain_text,
    ".text": _read_plain_text,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
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
    """The Story in a story file's bytes, by the reader for its suffix."""
    return READERS[path.suffix.lower()](data, name)

"""Where books are written: safe file names and all-or-nothing writes.

An output is written to a temporary file beside its final name and renamed into
place, so a build killed at any moment leaves either the previous book or the new
one under the final name, never half of one.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from .errors import OutputError

_MAX_SLUG = 80


def slugify(title: str) -> str:
    """A file name from a book title: `Road & River: Vol. 2` -> `road-river-vol-2`.

    ASCII letters, digits and hyphens only, so a title with `/`, `..`, quotes or
    control characters can never name a path outside the output folder.
    """
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    slug = slug[:_MAX_SLUG].rstrip("-")
    return slug or "book"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same folder and a rename."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise OutputError(f"cannot write to this folder ({error.strerror}); choose another with -o", folder) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; give the book normal permissions
        os.replace(temp, path)
    except BaseException as error:
        temp.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"cannot write the file ({error.strerror})", path) from None
        raise

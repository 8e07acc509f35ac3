"""Where books are written: safe file names, all-or-nothing writes, one build at a time.

An output is written to a temporary file beside its final name and renamed into
place, so a build killed at any moment leaves either the previous book or the new
one under the final name, never half of one. A build holds a lock on the output
folder while it writes, so two builds into one folder take turns; the temporary
files of a build that was killed outright are removed by the next one.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import OutputError

LOCK_NAME = ".ficbind.lock"
# How long a build waits for another build writing into the same folder.
LOCK_WAIT_SECONDS = 15 * 60
# write_atomically's temporary names: `.<final name>.<8 random characters>.part`.
_TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.part$")

_MAX_SLUG = 80
# Names Windows keeps for devices, whatever the suffix (`aux.pdf` is the AUX device).
_WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                              *(f"lpt{n}" for n in range(1, 10))})


def slugify(title: str) -> str:
    """A file name from a book title: `Road & River: Vol. 2` -> `road-river-vol-2`.

    ASCII letters, digits and hyphens only, so a title with `/`, `..`, quotes or
    control characters can never name a path outside the output folder.
    """
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    slug = slug[:_MAX_SLUG].rstrip("-")
    if slug in _WINDOWS_DEVICES:
        return f"{slug}-book"  # `con.epub` cannot be created on Windows
    if not slug and title.strip():
        # A title with no Latin letters (`雪の夜`, `Ночь`) still needs a name of its own,
        # or two such books in one folder would overwrite each other.
        return "book-" + hashlib.sha256(title.strip().encode("utf-8")).hexdigest()[:8]
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
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a crash after it keeps the new book."""
    if sys.platform == "win32":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def file_sha256(path: Path) -> str | None:
    """The sha256 of a file's bytes, or None when there is no readable file."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files of builds killed outright (SIGKILL, power loss).

    Only call this while holding the folder's lock: then no other build is writing,
    and every `.<name>.<random>.part` file here belongs to a build that is gone."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if _TEMP_NAME.match(entry.name) and entry.is_file():
            try:
                entry.unlink()
                removed.append(entry)
            except OSError:
                pass
    return removed


def _try_lock(handle: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    return True


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return "another ficbind build"
    return f"another ficbind build (pid {pid})" if pid.isdigit() else "another ficbind build"


@contextmanager
def output_folder_lock(
    folder: Path, wait_seconds: float = LOCK_WAIT_SECONDS, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold `folder` for one build: a second build into it waits its turn, and refuses
    with a clear error if the first is still writing after `wait_seconds`.

    The lock is an OS lock (flock) on `.ficbind.lock`, so it dies with its process:
    a killed build never leaves the folder locked. The file is removed on release."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create the output folder ({error.strerror}); choose another with -o", folder) \
            from None
    lock_path = folder / LOCK_NAME
    deadline = time.monotonic() + wait_seconds
    told = False
    while True:
        try:
            handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise OutputError(f"cannot write to this folder ({error.strerror}); choose another with -o", folder) \
                from None
        if _try_lock(handle):
            # The build before us may have removed the file as we opened it: the lock
            # only counts if it is on the file that is at the path now.
            try:
                current = os.stat(lock_path)
                if os.path.samestat(os.fstat(handle), current):
                    break
            except FileNotFoundError:
                pass
            os.close(handle)
            continue
        os.close(handle)
        holder = _holder(lock_path)
        if time.monotonic() >= deadline:
            raise OutputError(
                f"{holder} is still writing into this folder after {wait_seconds / 60:.0f} minutes; "
                "wait for it to finish, or choose another folder with -o",
                folder,
            )
        if not told and on_wait is not None:
            on_wait(f"waiting for {holder} to finish writing into {folder}")
            told = True
        time.sleep(0.1)
    try:
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode("ascii"))
        yield
    finally:
        try:
            lock_path.unlink(missing_ok=True)
        except OSError:  # Windows cannot remove an open file; the next build reuses it
            pass
        os.close(handle)

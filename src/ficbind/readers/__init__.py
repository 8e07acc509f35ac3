"""Readers turn one input file into a `Story`; this module picks the reader for a file.

A flat table, as in pandoc: each input format with its name, its file suffixes, its
reader `read(data, path) -> Story`, and, for formats that can be told from their bytes,
a test. A file is read by the first format whose test its bytes pass (a web page saved
as `.txt` is read as a web page), else by its suffix. Plain text (`.txt`, `.text`) and
Markdown (`.md`, `.markdown`) read YAML front matter and every fic header style (see
header.py); web pages (`.html`, `.htm`, `.xhtml`) are told apart by their own markup
(AO3 download or work page, FanFiction.net page, forum post, any other page; see html/);
EPUB downloads by their zip's `mimetype`, whatever their name (AO3, FanFicFare, fichub,
WebToEpub, any other EPUB; see epub/).
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, unreadable
from ..model import Heading, SceneBreak, Story, blocks_text
from .screening import looks_like_html

Reader = Callable[[bytes, str], Story]


# Each reader module is imported when a file first needs it (Markdown brings in
# markdown-it and YAML, HTML lxml): a build that recalls every story from its cache reads none.
def _read_plain_text(data: bytes, path: str) -> Story:
    from . import plaintext

    return plaintext.read(data, path)


def _read_markdown(data: bytes, path: str) -> Story:
    from . import markdown

    return markdown.read(data, path)


def _read_epub(data: bytes, path: str) -> Story:
    from . import epub

    return epub.read(data, path)


def _looks_like_epub(data: bytes) -> bool:
    from .epub.container import looks_like_epub

    return looks_like_epub(data)


def _describe_epub(data: bytes, path: str) -> str:
    from . import epub

    return epub.describe(data, path)


def _read_web_page(data: bytes, path: str) -> Story:
    from . import html

    return html.read(data, path)


def _describe_web_page(data: bytes, path: str) -> str:
    from . import html

    return html.describe(data, path)


@dataclass(frozen=True)
class InputFormat:
    """A format ficbind reads."""

    name: str  # as `ficbind inspect` shows it
    suffixes: tuple[str, ...]
    read: Reader
    # True for bytes in this format whatever the file is called (None: known by suffix only).
    sniff: Callable[[bytes], bool] | None = None
    # The finer kind of a file in this format (`AO3 HTML download`), for `ficbind inspect`.
    describe: Callable[[bytes, str], str] | None = None


FORMATS: list[InputFormat] = [
    InputFormat("EPUB", (".epub",), _read_epub, _looks_like_epub, _describe_epub),
    InputFormat("web page (HTML)", (".html", ".htm", ".xhtml"), _read_web_page, looks_like_html,
                _describe_web_page),
    InputFormat("plain text", (".txt", ".text"), _read_plain_text),
    InputFormat("Markdown", (".md", ".markdown"), _read_markdown),
]

READERS: dict[str, Reader] = {suffix: f.read for f in FORMATS for suffix in f.suffixes}


def format_for(data: bytes, path: Path) -> InputFormat:
    """The format a story file is read as: told from its bytes where they say, else
    from its suffix (which `load_story_bytes` has checked is one ficbind reads)."""
    for candidate in FORMATS:
        if candidate.sniff is not None and candidate.sniff(data):
            return candidate
    suffix = path.suffix.lower()
    return next(f for f in FORMATS if suffix in f.suffixes)


def describe_format(data: bytes, path: Path, name: str) -> str:
    """What a story file was read as, in words (`AO3 HTML download`, `plain text`)."""
    found = format_for(data, path)
    return found.describe(data, name) if found.describe else found.name


# Files a folder holds that ficbind does not read: why, and what to do instead. Formats
# ficbind reads are never listed (the table above wins).
_NOT_READ: dict[str, str] = {
    ".pdf": "PDF is not read; download the EPUB or HTML",
    ".mobi": "Kindle books are not read; download the EPUB or HTML",
    ".azw": "Kindle books are not read; download the EPUB or HTML",
    ".azw3": "Kindle books are not read; download the EPUB or HTML",
    ".doc": "Word documents are not read; save it as plain text (.txt)",
    ".docx": "Word documents are not read; save it as plain text (.txt)",
    ".odt": "OpenDocument files are not read; save it as plain text (.txt)",
    ".rtf": "Rich Text is not read; save it as plain text (.txt)",
    ".zip": "archives are not read; unpack it into the folder",
    ".rar": "archives are not read; unpack it into the folder",
    ".7z": "archives are not read; unpack it into the folder",
    ".mhtml": "a web archive is not read; save the page as HTML (Web Page, HTML only)",
    ".mht": "a web archive is not read; save the page as HTML (Web Page, HTML only)",
    ".webarchive": "a web archive is not read; save the page as HTML (Web Page, HTML only)",
}
_PICTURES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg"}
# Files that belong with a book's sources and are not stories: never named.
_COMPANIONS = {".toml", ".css", ".js", ".json", ".yaml", ".yml", ".ini", ".cfg", ".log", ".lock", ".db", ".sqlite"}


def why_not_read(path: Path) -> str | None:
    """Why a file in a folder is left out of the book, with what to do instead; None
    for a story file, and for files that plainly are not meant as stories (hidden files,
    a manifest, pictures a folder keeps beside its stories)."""
    suffix = path.suffix.lower()
    if is_story_file(path) or path.name.startswith(".") or suffix in _COMPANIONS or suffix in _PICTURES:
        return None
    if suffix in _NOT_READ:
        return _NOT_READ[suffix]
    known = ", ".join(sorted(READERS))
    what = f"{suffix} files are" if suffix else "files without a suffix are"
    return f"{what} not read; ficbind reads {known}"


# Files larger than this are refused rather than read into memory (`--max-size` or the
# manifest's `[input] max_size` changes it). The longest fics posted (four or five
# million words) are some 25 to 30 MB; a bigger file is a mistake (an archive dump, a log)
# whose reading and laying out would take many gigabytes of memory.
DEFAULT_MAX_BYTES = 32_000_000

_SIZE = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[kmgt]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12,
          "ki": 2**10, "mi": 2**20, "gi": 2**30, "ti": 2**40}


def parse_size(text: str) -> int:
    """`64MB` -> 64000000 (also `500KB`, `1.5GB`, `64MiB`, or bytes alone). Raises ValueError."""
    match = _SIZE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a size such as 64MB, 500KB or 1GB")
    unit = match.group("unit") or ""
    unit = unit.lower().removesuffix("b")
    size = int(float(match.group("number")) * _UNITS[unit])
    if size <= 0:
        raise ValueError(f"{text!r} is not a size above zero")
    return size


def describe_size(size: int) -> str:
    """64000000 -> `64 MB`, for messages."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value >= 10 or value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def is_story_file(path: Path) -> bool:
    return path.suffix.lower() in READERS and not path.name.startswith(".")


def read_story(path: Path, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Story:
    """Read one story file. Raises InputError naming the file when it cannot be read."""
    name = display or str(path)
    return parse_story(load_story_bytes(path, name, max_bytes), path, name)


def load_story_bytes(path: Path, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A story file's bytes, refusing what no reader reads and files over the size limit.

    The file is opened read-only and never read past the limit, whatever its size claims
    to be (a pipe or a device has none). Kept apart from parsing so the build's cache can
    fingerprint exactly the bytes it parses."""
    if path.suffix.lower() not in READERS:
        known = ", ".join(sorted(READERS))
        raise InputError(f"ficbind cannot read {path.suffix or 'files without a suffix'}; use one of {known}", name)
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(status.st_mode):
            # A named pipe would wait for a writer forever; a device could be endless.
            raise InputError("is not a regular file (a pipe or a device); save the story as a file", name)
        if status.st_size > max_bytes:
            raise _too_big(status.st_size, max_bytes, name)
        chunks: list[bytes] = []
        total = 0
        with path.open("rb") as stream:
            # In pieces: one read of max_bytes would allocate all of it up front.
            while chunk := stream.read(min(1 << 20, max_bytes + 1 - total)):
                chunks.append(chunk)
                total += len(chunk)
                if total > max_bytes:  # it grew while we looked
                    raise _too_big(total, max_bytes, name)
        return b"".join(chunks)
    except OSError as error:
        raise unreadable(error, name) from None


def _too_big(size: int, max_bytes: int, name: str) -> InputError:
    suggested = describe_size(-(-size // 10**6) * 10**6 + 10**6)
    return InputError(
        f"the file is {describe_size(size)}, over the {describe_size(max_bytes)} limit for one story; "
        f"if it is one story, raise the limit with --max-size {suggested.replace(' ', '')} "
        "(or [input] max_size in the manifest)",
        name,
    )


def parse_story(data: bytes, path: Path, name: str) -> Story:
    """The Story in a story file's bytes, by the reader for its format (`format_for`).
    Raises InputError for a file that is not text (see screening.py) or holds no story."""
    if not data:
        raise InputError("the file is empty (0 bytes); save the story into it, or leave it out", name)
    story = format_for(data, path).read(data, name)
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

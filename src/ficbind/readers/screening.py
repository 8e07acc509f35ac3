"""Tell a story file from a file that only has a story's name: bytes -> nothing, or a
refusal saying what the file really is and what to do.

People save the wrong thing under `.txt`: a PDF, a Word document, a downloaded EPUB,
an image, a zip of a whole series. Read as text, such a file becomes pages of garbage
in the book. (A saved web page is read by the HTML readers, whatever its name: see
`looks_like_html`.) Known formats are recognised by their first bytes (their
"magic number"); anything else is judged by its control characters once decoded, since
text has almost none and binary data has one byte in eight or so.

A text file with a few stray NULs or control characters (a crashed editor, a copy from
a terminal) is still a story: decoding.py drops those characters.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import InputError

_SAVE_AS_TEXT = "open it in its program and save the story as plain text (.txt), or copy the text into a .txt file"
_UNPACK = "unpack it and give ficbind the story files inside"

# (first bytes, what the file is, what to do). Checked in order against the file's start.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF", "copy the story's text out of the PDF into a .txt file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word (.doc) or Office document", _SAVE_AS_TEXT),
    (b"{\\rtf", "a Rich Text (RTF) document", _SAVE_AS_TEXT),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "ficbind binds text; leave images out"),
    (b"\xff\xd8\xff", "a JPEG image", "ficbind binds text; leave images out"),
    (b"GIF87a", "a GIF image", "ficbind binds text; leave images out"),
    (b"GIF89a", "a GIF image", "ficbind binds text; leave images out"),
    (b"\x1f\x8b", "a gzip archive", _UNPACK),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", _UNPACK),
    (b"Rar!\x1a\x07", "a RAR archive", _UNPACK),
    (b"\x7fELF", "a program, not text", "check the path"),
    (b"SQLite format 3\x00", "an SQLite database", "check the path"),
)
_ZIP = b"PK\x03\x04"
# A Kindle book (MOBI, AZW) names itself at byte 60.
_MOBI = (60, b"BOOKMOBI")
# A saved web page, whatever its name: read by the HTML readers, never as text (its
# markup would be bound as words). Comments may come first (`<!-- saved from url=… -->`).
_HTML = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])",
                   re.IGNORECASE | re.DOTALL)

# Characters no text file means: C0 controls except tab, newlines, form feed, vertical
# tab and ESC (a terminal's colour codes), DEL, and the C1 controls a cp1252 file's
# undefined bytes decode to.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\x81\x8d\x8f\x90\x9d]")
# Text has next to none of them; random bytes have about one in eight. A handful in a
# short file is a stray byte or two, not binary data.
_BINARY_SHARE = 0.05
_BINARY_AT_LEAST = 8
_SAMPLE = 1 << 20  # characters judged: the first megabyte is enough to tell


# FanFicFare's "Saved Metadata" (a Calibre column, copied out as text or HTML) describes
# a story but holds none of its text: `Adapter_Classes:` opens it, with keys only
# FanFicFare writes near by. It is not paired with the story it describes: the story's
# own download (EPUB or HTML) carries the same details, and file names pair nothing safely.
_SAVED_METADATA = re.compile(rb"^\s*(?:<div>\s*<p>)?Adapter_Classes:\s*(?:</p>)?", re.IGNORECASE)
_SAVED_METADATA_KEYS = (b"Authorhtml:", b"I Bookmarked Story:", b"Chapters/Total Chapters:")


def refuse_saved_metadata(data: bytes, path: str) -> None:
    """Raise InputError for FanFicFare's saved metadata: a story's details with no story."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if _SAVED_METADATA.match(head) and any(key in head for key in _SAVED_METADATA_KEYS):
        raise InputError("this is FanFicFare's saved metadata for a story (its details, not its text); "
                         "bind the story's own download (EPUB or HTML) instead", path)


def refuse_known_formats(data: bytes, path: str) -> None:
    """Raise InputError when the bytes open like a known non-text format."""
    refuse_saved_metadata(data, path)
    for magic, what, advice in _SIGNATURES:
        if data.startswith(magic):
            raise InputError(f"this is {what}, not a text file; {advice}", path)
    offset, magic = _MOBI
    if data[offset : offset + len(magic)] == magic:
        raise InputError("this is a Kindle book (MOBI/AZW), not a text file; bind the stories' text files instead",
                         path)
    if data.startswith(_ZIP):
        what, advice = _zip_kind(data)
        raise InputError(f"this is {what}, not a text file; {advice}", path)


def looks_like_html(data: bytes) -> bool:
    """Whether the bytes open like a web page (a doctype or an `<html>` tag first)."""
    start = data[:4096].removeprefix(b"\xef\xbb\xbf")
    if start[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its mark
        start = start[2:].decode("utf-16-le" if start[:2] == b"\xff\xfe" else "utf-16-be", "ignore").encode()
    return bool(_HTML.match(start))


def _zip_kind(data: bytes) -> tuple[str, str]:
    """What a zip file holds: Office documents and e-books are zips too."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:64] if "mimetype" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return "a ZIP archive", _UNPACK
    if "word/document.xml" in names:
        return "a Word document (.docx)", "open it in Word or LibreOffice and save it as Plain Text (.txt)"
    if mimetype.startswith(b"application/epub+zip"):
        return "an EPUB e-book", "bind the stories' text files, or convert the EPUB to text first"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return "an OpenDocument file (.odt)", "open it in LibreOffice and save it as Text (.txt)"
    return "a ZIP archive", _UNPACK


def refuse_binary_text(text: str, path: str) -> None:
    """Raise InputError when decoded text is mostly control characters: binary data."""
    sample = text[:_SAMPLE].strip("\x00")  # a story padded with NULs by a crash is still a story
    if not sample and text:
        raise InputError("the file holds nothing but NUL bytes (it was never written in full); "
                         "save the story again", path)
    controls = sum(1 for _ in _CONTROL.finditer(sample))
    if controls >= _BINARY_AT_LEAST and controls > _BINARY_SHARE * len(sample):
        raise InputError(
            f"this looks like binary data, not text ({controls / len(sample):.0%} of it is control characters); "
            "check the path, or save the story as plain text (.txt)",
            path,
        )

"""Turn the bytes of a saved story into text, whatever encoding it was saved in.

Fic files come from two decades of editors: UTF-8 with and without a BOM, UTF-16
from Windows Notepad, cp1252 from old archives, and text that was already
mis-decoded once before it was saved (mojibake such as `Itâ€™s`).

Bytes that are not a story at all (a PDF, a Word document, an image, binary data) are
refused by screening.py. Characters that are not text are dropped from what is: NULs,
DOS end-of-file marks, a terminal's colour codes, and the like; a vertical tab (Word's
manual line break saved as text) and a form feed (a page break) become line breaks.
"""

from __future__ import annotations

import codecs
import re
from functools import cache

from ..errors import InputError
from .screening import refuse_binary_text, refuse_known_formats

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# cp1252 leaves five bytes undefined; Windows maps them to the C1 controls of the same
# number, and so do we, rather than refusing an otherwise readable file.
def _c1_control(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)  # registered for decoding cp1252 only
    return chr(error.object[error.start]), error.start + 1


codecs.register_error("ficbind-c1", _c1_control)



@cache
def _ftfy_settings():
    """ftfy's settings for fic: repair mojibake, but leave curly quotes curly, keep
    ligature-free text as it is, and leave HTML entities alone (`&amp;` in a story
    saved from a web page is fixed by the reader that knows it came from HTML).
    ftfy is imported only when a story needs it: a build that recalls every story
    from the cache, or reads only plain ASCII, never pays for importing it."""
    import ftfy

    return ftfy.TextFixerConfig(
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        unescape_html=False,
        explain=False,
    )

_NEWLINES = re.compile(r"\r\n?")
# A terminal's escape sequences (colours, cursor moves) in text copied from a terminal:
# CSI `ESC [ … letter` and OSC `ESC ] … BEL`; then any ESC left over.
_TERMINAL_CODES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b")
# Characters that are never text: C0 controls but tab and newline, DEL, C1 controls,
# a BOM in mid-text (files pasted together), noncharacters and lone surrogates.
_NOT_TEXT = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U000efffe\U000effff"
    "\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 saved without a BOM: ASCII text leaves a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return _utf16_by_line_ends(data)


def _utf16_by_line_ends(data: bytes) -> str | None:
    """UTF-16 without a BOM whose text is not ASCII (Chinese, Greek, Hebrew…) has few
    NULs, but its line ends are still `0A 00` (little-endian) or `00 0A` (big-endian)
    at even offsets; text in any 8-bit encoding has no NULs beside its line ends."""
    if len(data) % 2 or b"\x00" not in data:
        return None
    sample = data[: 1 << 16]
    little = sum(1 for k in range(0, len(sample) - 1, 2) if sample[k] == 0x0A and sample[k + 1] == 0)
    big = sum(1 for k in range(0, len(sample) - 1, 2) if sample[k] == 0 and sample[k + 1] == 0x0A)
    if little >= 2 and not big:
        encoding = "utf-16-le"
    elif big >= 2 and not little:
        encoding = "utf-16-be"
    else:
        return None
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding


def drop_non_text(text: str) -> str:
    """Text without the characters no story means (see the module's docstring); `\n`
    line ends are expected. Also used for values that were not decoded here (YAML)."""
    if not _NOT_TEXT.search(text) and "\x1b" not in text and "\x0b" not in text and "\x0c" not in text:
        return text  # the usual case, and cheap
    text = _TERMINAL_CODES.sub("", text)
    text = text.replace("\x0b", "\n").replace("\x0c", "\n\n")
    # A C1 control in text is a cp1252 character decoded as Latin-1 (0x92 is ’): mend
    # those ftfy knows; the rest, with every other non-text character, go.
    from ftfy.fixes import fix_c1_controls  # only here, when a file has such characters

    text = fix_c1_controls(text)
    return _NOT_TEXT.sub("", text)


def decode(data: bytes, path: str) -> str:
    """Decode a story file's bytes to text with `\\n` line ends.

    The result is never split with `str.splitlines()` by readers: that also breaks on
    U+0085, the character a mis-decoded cp1252 ellipsis (byte 0x85) turns into.
    """
    refuse_known_formats(data, path)
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is not None:
        bom_length = 4 if encoding.startswith("utf-32") else (3 if encoding == "utf-8" else 2)
        body = data[bom_length:]
    else:
        body = data
        encoding = _looks_utf16(data)
    try:
        if encoding is not None:
            text = body.decode(encoding)
        else:
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                # Not UTF-8: fic archives of the 2000s saved Windows-1252. Byte 0x85 is
                # "…" there; decoding it as Latin-1 would give U+0085, a line break.
                text = body.decode("cp1252", errors="ficbind-c1")
    except UnicodeDecodeError as error:
        raise InputError(
            f"cannot decode the file as {encoding} (byte {error.start}); save it as UTF-8 and try again",
            path,
        ) from None
    refuse_binary_text(text, path)
    text = _NEWLINES.sub("\n", text)
    # Mojibake is made of characters outside ASCII (every pattern ftfy looks for has
    # one): plain ASCII text is never mis-decoded, and needs no scan.
    if not text.isascii():
        import ftfy

        if ftfy.badness.is_bad(text):
            # Text that was mis-decoded before it was saved (`Itâ€™s` for `It’s`). Fixed before
            # non-text characters go, as ftfy needs the C1 control in `â€\x9d` to know it was `”`.
            text = ftfy.fix_text(text, _ftfy_settings())
    return drop_non_text(text)

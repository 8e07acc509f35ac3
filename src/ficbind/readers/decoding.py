"""Turn the bytes of a saved story into text, whatever encoding it was saved in.

Fic files come from two decades of editors: UTF-8 with and without a BOM, UTF-16
from Windows Notepad, cp1252 from old archives, and text that was already
mis-decoded once before it was saved (mojibake such as `Itâ€™s`).
"""

from __future__ import annotations

import codecs
import re
from functools import cache

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# cp1252 leaves five bytes undefined; Windows maps them to the C1 controls of the same
# number, and so do we, rather than refusing an otherwise readable file.
codecs.register_error("ficbind-c1", lambda error: (chr(error.object[error.start]), error.start + 1))



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
    return None


def decode(data: bytes, path: str) -> str:
    """Decode a story file's bytes to text with `\\n` line ends.

    The result is never split with `str.splitlines()` by readers: that also breaks on
    U+0085, the character a mis-decoded cp1252 ellipsis (byte 0x85) turns into.
    """
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
    text = _NEWLINES.sub("\n", text)
    # Mojibake is made of characters outside ASCII (every pattern ftfy looks for has
    # one): plain ASCII text is never mis-decoded, and needs no scan.
    if not text.isascii():
        import ftfy

        if ftfy.badness.is_bad(text):
            # Text that was mis-decoded before it was saved (`Itâ€™s` for `It’s`).
            text = ftfy.fix_text(text, _ftfy_settings())
    return text

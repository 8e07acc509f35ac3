"""Story files saved in the encodings fandom has used decode to the same text."""

from __future__ import annotations

import codecs

import pytest

from ficbind.readers.decoding import decode
from ficbind.readers.plaintext import read

pytestmark = pytest.mark.quick  # no PDF layout, no epubcheck: run on every save

TEXT = "Title: Café “Noir”\n\nShe waited… and waited—then left.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),  # Notepad without a BOM
        TEXT.encode("cp1252"),
        TEXT.replace("\n", "\r\n").encode("cp1252"),
        TEXT.replace("\n", "\r").encode("utf-8"),  # classic Mac line ends
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le-no-bom", "cp1252", "cp1252-crlf", "cr"],
)
def test_encodings_decode_to_the_same_text(data):
    assert decode(data, "story.txt") == TEXT


def test_cp1252_byte_0x85_is_an_ellipsis_not_a_line_break():
    data = "He paused… then spoke.\nNext line.".encode("cp1252")
    assert data.count(b"\x85") == 1
    story = read(b"Title: Pause\n\n" + data, "pause.txt")
    texts = [block.content[0].text for block in story.blocks]
    assert texts[0].startswith("He paused… then spoke.")
    assert "\x85" not in decode(data, "x.txt")


def test_undefined_cp1252_bytes_do_not_fail_the_read():
    # the undefined byte means nothing: it is read, then dropped as a control character
    assert decode(b"caf\xe9 \x81 ok", "x.txt") == "café  ok"


def test_mojibake_is_repaired_and_quotes_stay_curly():
    # UTF-8 read as cp1252 and saved again: `It’s` became `Itâ€™s`
    broken = "Itâ€™s â€œfineâ€\x9d, she said. “Already curly” stays.".encode()
    assert decode(broken, "x.txt") == "It’s “fine”, she said. “Already curly” stays."

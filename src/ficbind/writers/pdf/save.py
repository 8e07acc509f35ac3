"""Save a PDF that ficbind made with pikepdf: deterministic bytes that every PDF reader accepts.

pikepdf.Pdf -> bytes. Every PDF ficbind writes with pikepdf (the joined book, the
imposed sheets, the cover page, the cover wrap) is saved here, so each rule about
the saved file is written once:

- a file ID made from the content, so the same book gives the same bytes;
- streams compressed, objects packed into object streams (unless asked not to);
- no stream saved empty under a filter (see `_fill_empty_streams`).
"""

from __future__ import annotations

import io
import zlib

import pikepdf

# A valid Flate stream that decodes to nothing (zlib header, an empty final block, checksum).
EMPTY_FLATE = zlib.compress(b"")


def save(pdf: pikepdf.Pdf, *, recompress: bool = True, min_version: str = "") -> bytes:
    """The PDF as bytes. `recompress=False` keeps every stream exactly as it is (a
    JPEG cover is not decoded and compressed again); `min_version`: the least PDF
    version the header states (a standard's own)."""
    _fill_empty_streams(pdf)
    out = io.BytesIO()
    if recompress:
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate, min_version=min_version)
    else:
        pdf.save(out, deterministic_id=True, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def _fill_empty_streams(pdf: pikepdf.Pdf) -> None:
    """Give every empty stream a valid compressed body.

    qpdf compresses an empty stream to nothing and still marks it `/FlateDecode`
    (`/Length 0`), which is not Flate data: Ghostscript stops on it (`/ioerror`, "Page
    drawing error" on every blank page), MuPDF reports "premature end of data in
    flate filter", pdf.js warns of an empty FlateDecode stream. A blank page's
    content, a form made from a blank page, an empty stream kept from a part: each
    one gets the eight bytes of a Flate stream that holds nothing, which qpdf keeps
    as they are.
    """
    for stream in pdf.objects:
        if not isinstance(stream, pikepdf.Stream):
            continue
        length = stream.stream_dict.get("/Length")
        if isinstance(length, int) and length > 0:
            continue  # read from a file and not empty: the common case, decided without reading it
        if stream.read_raw_bytes():
            continue
        stream.write(EMPTY_FLATE, filter=pikepdf.Name.FlateDecode)

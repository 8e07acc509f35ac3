"""The joiner (writers/pdf/join.py) takes the parts in one at a time and lets each go before the next:
the parts of a 100-story anthology, all open at once, held 340 MB while the book was made."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pikepdf

from ficbind.writers.pdf import join
from ficbind.writers.pdf.write import PdfOptions, write_pdf

from conftest import write_context
from printbook import sample_book

MOMENT = datetime(2026, 11, 21, tzinfo=UTC)


def test_each_part_is_let_go_before_the_next_is_opened(monkeypatch):
    open_now: set[int] = set()
    opened = most_open = 0
    original_open, original_close = pikepdf.open, pikepdf.Pdf.close

    def tracking_open(*args, **kwargs):
        nonlocal opened, most_open
        pdf = original_open(*args, **kwargs)
        opened += 1
        open_now.add(id(pdf))
        most_open = max(most_open, len(open_now))
        return pdf

    def tracking_close(self):
        open_now.discard(id(self))
        return original_close(self)

    monkeypatch.setattr(join.pikepdf, "open", tracking_open)
    monkeypatch.setattr(pikepdf.Pdf, "close", tracking_close)
    data = write_pdf(sample_book(), PdfOptions(), write_context(MOMENT))
    assert opened >= 5, "the front matter, three stories and their running heads"
    assert most_open == 1
    assert not open_now
    with original_open(io.BytesIO(data)) as book:
        # Every page's content is the book's own, and every part's tags are in the book's tree.
        assert len(book.pages) > 10
        for page in book.pages:
            contents = page.obj.get("/Contents")
            streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents else []
            assert all(isinstance(stream.read_bytes(), bytes) for stream in streams)
        parts = book.Root.StructTreeRoot.K.K
        assert sum(1 for element in parts if element.get("/S") == "/Sect") >= 3

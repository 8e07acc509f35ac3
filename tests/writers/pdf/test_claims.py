"""`ficbind check` reads what a PDF claims and whether it holds, draws it with Ghostscript, and says
plainly what is not a PDF: the failing side of tests/writers/test_renderers.py, which sees it pass."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pikepdf
import pytest

from ficbind.writers.pdf.options import PdfOptions
from ficbind.writers.pdf.write import write_pdf

from conftest import run_ficbind, write_context
from printbook import sample_book

MOMENT = datetime(2026, 11, 21, tzinfo=UTC)


@pytest.fixture(scope="module")
def x4(tmp_path_factory):
    path = tmp_path_factory.mktemp("claims") / "x4.pdf"
    path.write_bytes(write_pdf(sample_book(), PdfOptions(standard="x-4", pages_multiple_of=16), write_context(MOMENT)))
    return path


def test_padded_to_a_multiple_and_ready(x4):
    with pikepdf.open(x4) as pdf:
        assert len(pdf.pages) == 32  # 24 pages of the book, padded to 32
        assert "/Contents" not in pdf.pages[-1].obj  # the padding: blank pages at the end
    result = run_ficbind("check", str(x4), "--multiple-of", "16")
    assert result.returncode == 0, result.stdout


def test_a_claim_that_does_not_hold_fails_with_a_clear_line(x4, tmp_path):
    with pikepdf.open(x4) as pdf:
        del pdf.Root.OutputIntents
        del pdf.pages[3].obj.TrimBox
        pdf.save(tmp_path / "broken-claim.pdf")
    result = run_ficbind("check", str(tmp_path / "broken-claim.pdf"))
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if "standard" in line)
    assert "FAIL" in line and "claims PDF/X-4 but it has no PDF/X output intent" in line
    assert "1 page(s) have no TrimBox (first: page 4)" in line


def test_a_tagging_claim_without_tags_fails(x4, tmp_path):
    with pikepdf.open(x4) as pdf:
        pdf.Root.Metadata.write(
            b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
            b"<pdfuaid:part>1</pdfuaid:part></rdf:Description></rdf:RDF></x:xmpmeta>")
        del pdf.trailer.Info.GTS_PDFXVersion
        del pdf.Root.StructTreeRoot
        pdf.save(tmp_path / "untagged.pdf")
    result = run_ficbind("check", str(tmp_path / "untagged.pdf"))
    assert result.returncode == 1 and "claims PDF/UA-1 but it is not tagged" in result.stdout


@pytest.mark.skipif(not shutil.which("gs"), reason="needs Ghostscript")
def test_a_page_ghostscript_cannot_draw_fails(x4, tmp_path):
    with pikepdf.open(x4) as pdf:
        pdf.pages[2].obj.Contents = pdf.make_stream(b"x\x9c broken", Filter=pikepdf.Name.FlateDecode)
        pdf.save(tmp_path / "broken-page.pdf", compress_streams=False)
    result = run_ficbind("check", str(tmp_path / "broken-page.pdf"))
    assert result.returncode == 1
    assert any(line.strip().startswith("FAIL render") and "Ghostscript:" in line for line in result.stdout.splitlines())


def test_not_a_pdf_and_a_short_pdf_are_named_plainly(x4, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("reading list\n")
    result = run_ficbind("check", str(notes))
    assert result.returncode == 3
    assert result.stderr.strip() == (f"ficbind: error: {notes}: not a PDF (it does not start with %PDF-); "
                                      "give the .pdf that ficbind build wrote")
    short = tmp_path / "short.pdf"
    short.write_bytes(x4.read_bytes()[: x4.stat().st_size // 3])
    result = run_ficbind("check", str(short))
    assert result.returncode == 3 and "cut short or damaged" in result.stderr and "Traceback" not in result.stderr

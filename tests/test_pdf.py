"""The PDF of the sample anthology: the book face embedded, every story's text present."""

from __future__ import annotations

import re

import pikepdf
from pypdf import PdfReader

from conftest import SAMPLES, run_ficbind

PDF_NAME = "echoes-and-goodbyes.pdf"


def _fonts(pdf: pikepdf.Pdf) -> dict[str, bool]:
    """BaseFont name -> whether its font program is embedded, for every font used."""
    found = {}
    for page in pdf.pages:
        for font in page.resources.get("/Font", {}).values():
            descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.BaseFont)] = embedded
    return found


def test_every_font_is_embedded_and_the_text_face_is_the_book_face(sample_build):
    with pikepdf.open(sample_build / PDF_NAME) as pdf:
        fonts = _fonts(pdf)
    assert fonts and all(fonts.values())
    # the face ficbind ships (named "Book" in the stylesheet), not a system fallback
    assert any(re.search(r"\+Book", name) for name in fonts)


def test_a5_pages_with_page_numbers_and_every_story(sample_build):
    reader = PdfReader(sample_build / PDF_NAME)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)  # A5 in points
    texts = [page.extract_text() for page in reader.pages]
    whole = "\n".join(texts)
    for opening in ("I want you to go and be happy", "He finds himself in the park.",
                    "You manage—somehow—to wait", "She was gone."):
        assert opening in whole
    # the first story's first text page carries folio 1; later pages count on from there
    numbered = [t.strip().splitlines()[-1].strip() for t in texts if t.strip()]
    assert "1" in numbered and "2" in numbered


def test_rebuilding_gives_identical_pdf_bytes(sample_build, tmp_path):
    result = run_ficbind("build", str(SAMPLES / "seed-anthology.toml"), "-o", str(tmp_path), "--format", "pdf")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / PDF_NAME).read_bytes() == (sample_build / PDF_NAME).read_bytes()

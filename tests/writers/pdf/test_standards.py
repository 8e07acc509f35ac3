"""`--pdf-standard`: what a PDF/X-4, PDF/UA-1 or PDF/A-2 book carries, read back with pikepdf and checked
with the PyPI `pdfua` checker, Ghostscript and MuPDF; and the tags every book now has, merged across its parts."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime

import pikepdf
import pytest

from ficbind.errors import UsageError
from ficbind.writers.pdf.options import PdfOptions
from ficbind.writers.pdf.standards import parse_standard
from ficbind.writers.pdf.write import write_pdf

from conftest import write_context
from printbook import sample_book

MOMENT = datetime(2026, 11, 21, tzinfo=UTC)
# Small chunks, so the first story is laid out as several parts, each tagged on its own.
CHUNK = 400


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, pikepdf.Pdf]:
    folder = tmp_path_factory.mktemp("standards")
    opened = {}
    for name in ("x-4", "ua-1", "a-2u", "none"):
        data = write_pdf(sample_book(), PdfOptions(standard=name, chunk_words=CHUNK, bleed="3mm"), write_context(MOMENT))
        path = folder / f"{name}.pdf"
        path.write_bytes(data)
        opened[name] = pikepdf.open(path)
    yield opened
    for pdf in opened.values():
        pdf.close()


def _xmp(pdf: pikepdf.Pdf) -> str:
    return pdf.Root.Metadata.read_bytes().decode("utf-8")


def test_x4_names_its_press_its_boxes_and_its_standard(books):
    pdf = books["x-4"]
    (intent,) = pdf.Root.OutputIntents
    assert intent.S == pikepdf.Name.GTS_PDFX and str(intent.OutputConditionIdentifier) == "FOGRA39"
    assert int(intent.DestOutputProfile.N) == 4 and intent.DestOutputProfile.read_bytes()[16:20] == b"CMYK"
    assert all("/TrimBox" in page.obj and "/BleedBox" in page.obj for page in pdf.pages)
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in _xmp(pdf)
    assert pdf.trailer.Info.Trapped == pikepdf.Name("/False") and pdf.pdf_version >= "1.6"
    # Black ink only: no RGB colour operator on any page or in any form drawn on it.
    operators = set()
    for page in pdf.pages:
        operators |= {str(op.operator) for op in pikepdf.parse_content_stream(page)}
        for form in page.resources.get("/XObject", {}).values():
            operators |= {str(op.operator) for op in pikepdf.parse_content_stream(form)}
    assert not operators & {"rg", "RG"}


def test_pdfa_names_srgb_and_its_part(books):
    pdf = books["a-2u"]
    (intent,) = pdf.Root.OutputIntents
    assert intent.S == pikepdf.Name.GTS_PDFA1 and int(intent.DestOutputProfile.N) == 3
    xmp = _xmp(pdf)
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>U</pdfaid:conformance>" in xmp
    assert "Lanterns and Tides" in xmp  # the title agrees with the document information
    annotations = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
    assert annotations and all(int(a.F) == 4 for a in annotations)


def test_ua1_passes_the_pdfua_checker(books, tmp_path):
    pdfua = pytest.importorskip("pdfua")
    books["ua-1"].save(tmp_path / "ua.pdf")
    report = pdfua.validate(str(tmp_path / "ua.pdf"))
    assert report.exit_code == 0 and not report.findings, report.findings  # no error, no warning
    assert "<pdfuaid:part>1</pdfuaid:part>" in _xmp(books["ua-1"])


def _elements(pdf: pikepdf.Pdf) -> list[tuple[str, int, int]]:
    """Every heading, paragraph and figure in the tree's order: (role, page, first MCID)."""
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
    found = []

    def walk(element):
        if not isinstance(element, pikepdf.Dictionary):
            return
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        role = str(element.get("/S"))
        if role in ("/H1", "/H2", "/H3", "/P", "/Figure"):
            found.append((role, pages[element.Pg.objgen], _first_mcid(element)))
        for kid in kids:
            walk(kid)

    walk(pdf.Root.StructTreeRoot.K)
    return found


def _first_mcid(element) -> int:
    kids = element.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, int):
            return kid
        if isinstance(kid, pikepdf.Dictionary) and "/K" in kid and kid.get("/Type") != pikepdf.Name.OBJR:
            return _first_mcid(kid)
    return -1


@pytest.mark.parametrize("name", ["ua-1", "none"])  # "none": tagged by default all the same
def test_the_tree_holds_the_books_headings_and_paragraphs_in_reading_order(books, name):
    pdf = books[name]
    elements = _elements(pdf)
    # Reading order: page by page, and within a page in the order the text is drawn.
    positions = [(page, mcid) for _, page, mcid in elements]
    assert positions == sorted(positions)
    # Every page with text is in the tree, from the half title to the last page of the last story.
    text_pages = {page for _, page, _ in elements}
    assert len(text_pages) >= 15 and max(text_pages) >= len(pdf.pages) - 2
    # The headings open the sections the outline points to, in the same order.
    outline_pages = []
    with pdf.open_outline() as outline:
        def visit(items):
            for item in items:
                outline_pages.append(pdf.pages.index(item.destination[0]) if isinstance(item.destination, pikepdf.Array)
                                     else None)
                visit(item.children)
        visit(outline.root)
    heading_pages = [page for role, page, _ in elements if role in ("/H2", "/H3")]
    story_and_chapter_pages = [p for p in outline_pages if p is not None and p in heading_pages]
    assert story_and_chapter_pages == sorted(story_and_chapter_pages)
    assert len(story_and_chapter_pages) >= 5  # three stories and the first one's two chapters
    # One parent-tree entry per key, each page's key unique across the parts.
    keys = [int(page.obj.StructParents) for page in pdf.pages if "/StructParents" in page.obj]
    assert len(keys) == len(set(keys))
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    assert set(keys) <= {int(nums[k]) for k in range(0, len(nums), 2)}
    assert pdf.Root.MarkInfo.Marked is True


def test_links_say_where_they_go(books):
    links = [a for page in books["ua-1"].pages for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
    assert links and all(str(a.Contents).startswith("Go to ") for a in links)
    assert "Go to The Keeper’s Ledger" in {str(a.Contents) for a in links}


@pytest.mark.skipif(not (shutil.which("gs") and shutil.which("mutool")), reason="needs Ghostscript and MuPDF")
@pytest.mark.parametrize("name", ["x-4", "ua-1", "a-2u"])
def test_every_standard_renders_cleanly(books, name, tmp_path):
    path = tmp_path / f"{name}.pdf"
    books[name].save(path)
    for command in (["gs", "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-dPDFSTOPONERROR", "-sDEVICE=nullpage"],
                    ["mutool", "draw", "-q", "-N", "-o", "/dev/null"]):
        result = subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=120)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.quick
def test_standard_names():
    assert parse_standard("PDF/X-4").name == "x-4" and parse_standard("ua-1").tagged
    assert parse_standard("none") is None and parse_standard(None) is None
    with pytest.raises(UsageError, match="choose one of x-4, ua-1, a-2b, a-2u"):
        parse_standard("x-1a")

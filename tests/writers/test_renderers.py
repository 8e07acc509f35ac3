"""Every kind of PDF ficbind writes, read by the renderers print shops and readers use.

Ghostscript (the engine of many preflight tools and RIPs) and MuPDF each draw every
page of every file, and must do so without one error or warning. The files are built
once per module (a few builds cover every kind), then each is rendered twice.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from conftest import SAMPLES, SEEDS, run_ficbind

STORY = next(SEEDS.glob("000_*.txt"))  # a short story: eight A5 reading pages, a mini-zine's worth
STORY_SLUG = "echoes-of-angels-that-wont-return"
ANTHOLOGY = SAMPLES / "seed-anthology.toml"
BOOK_SLUG = "echoes-and-goodbyes"

pytestmark = pytest.mark.skipif(
    not (shutil.which("gs") and shutil.which("mutool")),
    reason="needs Ghostscript and MuPDF (Debian ghostscript, mupdf-tools)",
)


def _build(out: Path, *args: str) -> Path:
    result = run_ficbind("build", *args, "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """Each kind of output, by a name saying what it is."""
    root = tmp_path_factory.mktemp("outputs")
    art = root / "art.jpg"
    Image.new("RGB", (1830, 2560), (40, 90, 140)).save(art, quality=90)  # 300 ppi on A5 and its bleed
    plain = _build(root / "plain", str(STORY), "-f", "pdf,zine,minizine", "--cover", "none", "--pages-multiple-of", "4")
    press = _build(root / "press", str(ANTHOLOGY), "-f", "pdf,zine", "--signature", "2", "--cover", str(art),
                   "--bleed", "3mm", "--marks", "crop,cross", "--pdf-standard", "x-4")
    pair = _build(root / "pair", str(STORY), "-f", "zine", "--single-sided", "--fold-marks", "--cover", "none")
    return {
        "reading PDF": plain / f"{STORY_SLUG}.pdf",
        "booklet": plain / f"{STORY_SLUG}-zine.pdf",
        "mini-zine": plain / f"{STORY_SLUG}-minizine.pdf",
        "PDF/X-4 with cover, bleed and marks": press / f"{BOOK_SLUG}.pdf",
        "signatures": press / f"{BOOK_SLUG}-zine.pdf",
        "single-sided fronts": pair / f"{STORY_SLUG}-zine-fronts.pdf",
        "single-sided backs": pair / f"{STORY_SLUG}-zine-backs.pdf",
    }


KINDS = ["reading PDF", "booklet", "mini-zine", "PDF/X-4 with cover, bleed and marks", "signatures",
         "single-sided fronts", "single-sided backs"]


@pytest.mark.parametrize("kind", KINDS)
def test_ghostscript_draws_every_page_without_a_word(outputs, kind):
    result = subprocess.run(
        ["gs", "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-dPDFSTOPONERROR", "-sDEVICE=nullpage", str(outputs[kind])],
        capture_output=True, text=True, timeout=120,
    )
    # Ghostscript prints its "**** Error" and "**** Warning" lines (a page drawing error,
    # a repaired xref) on stdout; with -q a clean file prints nothing at all.
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize("kind", KINDS)
def test_mupdf_draws_every_page_without_a_word(outputs, kind):
    # -N: no colour management. This Debian build of MuPDF has none, and says so
    # ("ICC support is not available") for every file; that says nothing of the file.
    result = subprocess.run(["mutool", "draw", "-q", "-N", "-o", "/dev/null", str(outputs[kind])],
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize("kind", KINDS)
def test_ficbind_check_passes_every_output(outputs, kind):
    """`ficbind check` (the Ghostscript pass included) finds each file ready for print;
    the reading PDF built with --pages-multiple-of 4 passes --multiple-of 4."""
    extra = ["--multiple-of", "4"] if kind == "reading PDF" else []
    result = run_ficbind("check", str(outputs[kind]), *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ready for print" in result.stdout and "Ghostscript draws every page" in result.stdout
    if kind.startswith("PDF/X-4"):
        assert "claims PDF/X-4, and has its output intent" in result.stdout


def test_the_press_pdf_claims_x4_and_its_cover_picture_names_its_colours(outputs):
    import pikepdf

    with pikepdf.open(outputs["PDF/X-4 with cover, bleed and marks"]) as pdf:
        assert b"PDF/X-4" in pdf.Root.Metadata.read_bytes()
        (image,) = pdf.pages[0].resources.XObject.Cover.ColorSpace[1:]  # [/ICCBased profile]
        assert int(image.N) == 3  # sRGB, not DeviceRGB left to the RIP's guess


def test_the_blank_pages_are_there_and_empty(outputs):
    """The pages that were broken (the blanks added before each recto) are still blank
    pages of the book, and draw as white."""
    import pikepdf

    path = outputs["reading PDF"]
    with pikepdf.open(path) as pdf:
        blanks = [number for number, page in enumerate(pdf.pages, 1) if "/Contents" not in page.obj]
    assert blanks, "the short story's reading PDF has a blank verso after its title page"
    result = subprocess.run(["gs", "-q", "-dBATCH", "-dNOPAUSE", "-sDEVICE=bbox", f"-dFirstPage={blanks[0]}",
                             f"-dLastPage={blanks[0]}", str(path)], capture_output=True, text=True, timeout=60)
    assert "%%BoundingBox: 0 0 0 0" in result.stderr  # nothing drawn

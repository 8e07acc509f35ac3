"""Cover wraps: back, spine and front at the trim size plus bleed, the spine as thick as the book block."""

from __future__ import annotations

import io
import subprocess

import pikepdf
import pytest
from PIL import Image

from ficbind.writers.pdf.geometry import MM_PER_IN
from ficbind.writers.pdf.wrap import PAPERS, WrapJob, spine_text_fits, spine_width, write_cover_wrap

BLURB = "Four stories of leaving, and of what is kept.\n\nA second paragraph, about the book."


def _mm(box) -> list[float]:
    return [float(v) * MM_PER_IN / 72 for v in box]


@pytest.mark.quick
def test_spine_width_follows_pages_and_paper():
    assert spine_width(444, PAPERS["white"]) == pytest.approx(25.4 * 444 * 0.002252)  # KDP white: 0.002252 in/page
    assert spine_width(400, PAPERS["cream"]) == pytest.approx(25.4)  # KDP cream: 0.0025 in/page
    assert spine_width(300, spine="12mm") == 12.0  # a printer's own figure wins


@pytest.mark.parametrize(("pages", "paper", "spine"), [(48, "white", None), (200, "cream", None),
                                                       (400, "white-70lb", None), (120, "white", "12mm")])
def test_the_wrap_is_two_covers_a_spine_and_the_bleed(pages, paper, spine):
    job = WrapJob("Echoes and Goodbyes", "A Reader", BLURB, pages, (148, 210), 3.0, paper_ppi=PAPERS[paper],
                  spine=spine)
    with pikepdf.open(io.BytesIO(write_cover_wrap(job))) as pdf:
        (page,) = pdf.pages
        x0, y0, x1, y1 = _mm(page.mediabox)
        spine_mm = 12.0 if spine else pages / PAPERS[paper] * MM_PER_IN
        assert x1 - x0 == pytest.approx(2 * 148 + spine_mm + 2 * 3, abs=0.01)
        assert y1 - y0 == pytest.approx(210 + 2 * 3, abs=0.01)
        t0, u0, t1, u1 = _mm(page.trimbox)
        assert (t1 - t0, u1 - u0) == (pytest.approx(2 * 148 + spine_mm, abs=0.01), pytest.approx(210, abs=0.01))
        assert _mm(page.obj.BleedBox) == pytest.approx([x0, y0, x1, y1], abs=0.01)


@pytest.mark.quick
def test_no_spine_text_on_a_thin_book():
    thin = WrapJob("T", "A", None, 60, (148, 210), 0)
    thick = WrapJob("T", "A", None, 200, (148, 210), 0)
    assert not spine_text_fits(thin) and spine_text_fits(thick)


def test_the_pictured_wrap_draws_cleanly_and_puts_the_picture_on_the_front(tmp_path):
    art = io.BytesIO()
    Image.new("RGB", (1800, 2500), (200, 30, 30)).save(art, "JPEG", quality=90)
    job = WrapJob("Echoes and Goodbyes", "A Reader", BLURB, 240, (148, 210), 3.0, picture=("art.jpg", art.getvalue()),
                  marks=True)
    path = tmp_path / "wrap.pdf"
    path.write_bytes(write_cover_wrap(job))
    for command in (["gs", "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-dPDFSTOPONERROR", "-sDEVICE=nullpage"],
                    ["mutool", "draw", "-q", "-N", "-o", "/dev/null"]):
        result = subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=120)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    subprocess.run(["pdftoppm", "-png", "-r", "20", "-singlefile", str(path), str(tmp_path / "wrap")], check=True)
    image = Image.open(tmp_path / "wrap.png").convert("RGB")
    width, height = image.size
    assert image.getpixel((int(width * 0.8), height // 2))[0] > 150  # the front: the red picture
    assert image.getpixel((int(width * 0.2), int(height * 0.6))) == (255, 255, 255)  # the back: white paper


def test_build_writes_the_wrap_and_check_holds_it_against_the_book(tmp_path):
    from conftest import SAMPLES, run_ficbind

    result = run_ficbind("build", str(SAMPLES / "seed-anthology.toml"), "-f", "pdf,cover", "-o", str(tmp_path),
                         "--paper-ppi", "400")
    assert result.returncode == 0, result.stderr
    wrap, book = tmp_path / "echoes-and-goodbyes-cover.pdf", tmp_path / "echoes-and-goodbyes.pdf"
    with pikepdf.open(book) as pdf:
        pages = len(pdf.pages)
    with pikepdf.open(wrap) as pdf:
        t0, _, t1, _ = _mm(pdf.pages[0].trimbox)
        assert t1 - t0 == pytest.approx(2 * 148 + pages / 400 * MM_PER_IN, abs=0.01)
    result = run_ficbind("check", str(wrap))
    assert result.returncode == 0, result.stdout
    assert f"a cover wrap for {pages} pages" in result.stdout and f"has the {pages} pages" in result.stdout
    with pikepdf.open(book, allow_overwriting_input=True) as pdf:  # the book grew: the wrap is now too thin
        for _ in range(4):
            pdf.pages.append(pdf.pages[-1])
        pdf.save(book)
    result = run_ficbind("check", str(wrap))
    assert result.returncode == 1 and f"has {pages + 4} pages but the wrap was made for {pages}" in result.stdout


def test_the_back_cover_carries_the_manifests_blurb(tmp_path):
    import shutil
    import subprocess

    from conftest import SEEDS, run_ficbind

    shutil.copy(next(SEEDS.glob("001_*.txt")), tmp_path / "story.txt")
    (tmp_path / "ficbind.toml").write_text(
        '[book]\ntitle = "Spare Time"\nblurb = "Four friends, one ferry, and the winter it would not come."\n'
        'description = "Not this: the blurb wins."\n\n[[story]]\npath = "story.txt"\n', encoding="utf-8")
    result = run_ficbind("build", str(tmp_path / "ficbind.toml"), "-f", "cover", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", str(tmp_path / "out" / "spare-time-cover.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Four friends, one ferry" in " ".join(text.split())
    assert "the blurb wins" not in text

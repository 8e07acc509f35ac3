"""`ficbind check`: the verdict on good and bad PDFs, made here with pikepdf."""

from __future__ import annotations

import json
import zlib

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from ficbind.writers.pdf.preflight import check_pdf
from ficbind.writers.pdf.save import save

from conftest import run_ficbind

A5 = [0, 0, 419.53, 595.28]


def _pdf(path, pages=2, boxes=True, font=None, image=None, bleed=0.0):
    """A small PDF: `pages` pages, optionally with a text font and an image drawn on page 1.

    `image` is (pixel width, pixel height, colour space, drawn width in pt, drawn height in pt).
    """
    pdf = pikepdf.new()
    for number in range(pages):
        content = b""
        resources = Dictionary()
        if number == 0 and font is not None:
            resources.Font = Dictionary(F1=font)
            content += b"BT /F1 12 Tf 72 500 Td (A story) Tj ET\n"
        if number == 0 and image is not None:
            width, height, space, drawn_w, drawn_h = image
            components = {"/DeviceRGB": 3, "/DeviceGray": 1, "/DeviceCMYK": 4}[space]
            data = zlib.compress(bytes(width * height * components))
            xobject = pdf.make_stream(data, Type=Name.XObject, Subtype=Name.Image, Width=width, Height=height,
                                      ColorSpace=Name(space), BitsPerComponent=8, Filter=Name.FlateDecode)
            resources.XObject = Dictionary(Im1=xobject)
            content += f"q {drawn_w} 0 0 {drawn_h} 72 72 cm /Im1 Do Q\n".encode()
        page = Dictionary(Type=Name.Page, MediaBox=Array([-bleed, -bleed, A5[2] + bleed, A5[3] + bleed]),
                          Resources=resources, Contents=pdf.make_stream(content))
        if boxes:
            page.TrimBox = Array(A5)
            page.BleedBox = Array([-bleed, -bleed, A5[2] + bleed, A5[3] + bleed])
        pdf.pages.append(pikepdf.Page(page))
    # Saved as ficbind saves its own PDFs: pikepdf alone would write the empty content
    # streams of the plain pages as broken Flate data, which Ghostscript refuses.
    path.write_bytes(save(pdf))
    return path


def _problems(path, **options) -> dict[str, str]:
    verdict = check_pdf(path, **options)
    return {f.check: f.message for f in verdict.problems}


def test_a_clean_book_is_ready(tmp_path):
    verdict = check_pdf(_pdf(tmp_path / "ok.pdf", pages=4))
    assert verdict.ready and verdict.pages == 4
    assert check_pdf(tmp_path / "ok.pdf", multiple_of=4).ready


def test_an_odd_page_count_and_a_count_that_is_no_multiple_of_four(tmp_path):
    odd = _pdf(tmp_path / "odd.pdf", pages=3)
    assert "odd" in _problems(odd)["pages"]
    six = _pdf(tmp_path / "six.pdf", pages=6)
    assert check_pdf(six).ready
    assert "not a multiple of 4; add 2 blank" in _problems(six, multiple_of=4)["pages"]


def test_missing_trim_and_bleed_boxes(tmp_path):
    problems = _problems(_pdf(tmp_path / "boxes.pdf", boxes=False))
    assert "no TrimBox on pages 1, 2" in problems["boxes"] and "BleedBox" in problems["boxes"]


def test_a_font_that_is_not_embedded(tmp_path):
    helvetica = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    problems = _problems(_pdf(tmp_path / "font.pdf", font=helvetica))
    assert problems["fonts"] == "1 font(s) not embedded: Helvetica"


def test_a_low_resolution_rgb_image_fails_and_is_noted_as_rgb(tmp_path):
    # 100 px drawn 2 inches wide: 50 ppi
    path = _pdf(tmp_path / "low.pdf", image=(100, 100, "/DeviceRGB", 144, 144))
    verdict = check_pdf(path)
    assert not verdict.ready
    assert "page 1: 50 ppi (RGB)" in {f.check: f.message for f in verdict.problems}["images"]
    notes = [f.message for f in verdict.findings if f.severity == "note" and not f.ok]
    assert any("RGB images on page 1" in note for note in notes)


def test_a_sharp_greyscale_image_passes(tmp_path):
    # 600 px drawn 2 inches wide: 300 ppi
    verdict = check_pdf(_pdf(tmp_path / "sharp.pdf", image=(600, 600, "/DeviceGray", 144, 144)))
    assert verdict.ready, verdict.problems


def test_a_damaged_file_fails_qpdf_check(tmp_path):
    path = _pdf(tmp_path / "damaged.pdf")
    data = path.read_bytes()
    offset = data.rindex(b"startxref")
    path.write_bytes(data[:offset] + b"startxref\n999999\n%%EOF\n")  # points nowhere
    assert "qpdf" in _problems(path)["structure"]


def test_the_command_prints_a_verdict_and_exits_by_it(tmp_path):
    good = run_ficbind("check", str(_pdf(tmp_path / "good.pdf", pages=4)))
    assert good.returncode == 0 and good.stdout.strip().endswith("ready for print")
    bad = run_ficbind("check", str(_pdf(tmp_path / "bad.pdf", pages=3)), "--multiple-of", "4")
    assert bad.returncode == 1
    assert "FAIL pages" in bad.stdout and bad.stdout.strip().endswith("not ready for print: 1 problem")
    as_json = json.loads(run_ficbind("check", str(tmp_path / "bad.pdf"), "--json").stdout)
    assert as_json["ready"] is False and as_json["pages"] == 3


@pytest.mark.parametrize("content", [b"not a pdf at all", None])
def test_something_that_is_not_a_pdf_is_an_input_error(tmp_path, content):
    path = tmp_path / "story.pdf"
    if content is not None:
        path.write_bytes(content)
    result = run_ficbind("check", str(path))
    assert result.returncode == 3
    assert result.stderr.startswith(f"ficbind: error: {path}") and "Traceback" not in result.stderr

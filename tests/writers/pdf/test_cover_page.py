"""The PDF's front cover: the reader's own picture on page 1, drawn to the bleed, its back
blank, the book's numbering untouched; none without a picture, or when asked for none."""

from __future__ import annotations

import io
import subprocess
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest
from PIL import ExifTags, Image, ImageDraw, ImageOps

from ficbind.errors import InputError
from ficbind.model import inline_text
from ficbind.writers.pdf.cover import coarse_for_print, cover_part, read_picture
from ficbind.writers.pdf.geometry import PT_PER_MM, page_geometry
from ficbind.writers.pdf.preflight import check_pdf
from ficbind.writers.pdf.write import PdfOptions, write_pdf

from conftest import SEEDS, run_ficbind, write_context
from printbook import (
    BOOK_PAGES,
    contents_numbers,
    outline,
    page_labels,
    page_text,
    page_words,
    prose,
    sample_book,
    tiny_book,
)

MOMENT = datetime(2026, 11, 21, tzinfo=UTC)
STORY = next(SEEDS.glob("000_*.txt"))  # short: its mini-zine has room for a cover
SLUG = "echoes-of-angels-that-wont-return"
# Four colours, one to a quarter of a test picture: where each lands says how it was drawn.
QUARTERS = {"top left": (220, 30, 30), "top right": (30, 160, 40), "bottom left": (30, 60, 200),
            "bottom right": (240, 210, 40)}


def picture(path: Path, size: tuple[int, int], **save) -> Path:
    """A picture in four coloured quarters (a JPEG or a PNG, by the name)."""
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    w, h = size
    for colour, (x, y) in zip(QUARTERS.values(), [(0, 0), (1, 0), (0, 1), (1, 1)]):
        draw.rectangle([x * w // 2, y * h // 2, (x + 1) * w // 2, (y + 1) * h // 2], fill=colour)
    image.save(path, **save)
    return path


def drawing(page: pikepdf.Page) -> tuple[list[float], list[float], pikepdf.Object]:
    """A cover page's clipping rectangle (x, y, width, height), the matrix its image is
    drawn with, and the image."""
    clip, matrix, image = None, None, None
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "re" and clip is None:
            clip = [float(v) for v in operands]
        elif str(operator) == "cm":
            matrix = [float(v) for v in operands]
        elif str(operator) == "Do":
            image = page.obj.Resources.XObject[str(operands[0])]
            break
    assert image is not None and image.Subtype == "/Image"
    return clip, matrix, image


def box(page: pikepdf.Page, name: str) -> list[float]:
    return [float(v) for v in page.obj[name]]


def assert_covers(clip: list[float], matrix: list[float], bleed_box: list[float], aspect: float) -> None:
    """The picture fills the bleed box like `object-fit: cover`, and nothing is drawn beyond it."""
    left, bottom, right, top = bleed_box
    assert clip == pytest.approx([left, bottom, right - left, top - bottom], abs=0.5)
    a, b, c, d, e, f = matrix
    assert b == c == 0 and a > 0 and d > 0  # upright, not turned
    assert a / d == pytest.approx(aspect, rel=1e-3)  # never distorted
    assert e <= left + 0.5 and f <= bottom + 0.5 and e + a >= right - 0.5 and f + d >= top - 0.5
    # No bigger than covering needs: it meets the bleed box on one axis, and hangs over evenly on the other.
    assert min(abs(e - left), abs(f - bottom)) < 0.5
    assert (left - e) == pytest.approx(e + a - right, abs=0.5) and (bottom - f) == pytest.approx(f + d - top, abs=0.5)


def page_has_nothing_on_it(page: pikepdf.Page) -> bool:
    contents = page.obj.get("/Contents")
    streams = [] if contents is None else (contents if isinstance(contents, pikepdf.Array) else [contents])
    return b"".join(s.read_bytes() for s in streams).strip() == b"" and "/Annots" not in page.obj


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """The three-story test book with a 3 mm bleed, with a cover picture and without."""
    folder = tmp_path_factory.mktemp("cover")
    art = picture(folder / "art.jpg", (1200, 1600), quality=92)
    paths = {}
    for name, cover in (("plain", None), ("cover", read_picture(art))):
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(write_pdf(sample_book(), PdfOptions(bleed="3mm", cover=cover), write_context(MOMENT)))
    return paths, art


def test_page_one_is_the_picture_drawn_over_the_bleed_box(books):
    paths, art = books
    with pikepdf.open(paths["cover"]) as pdf:
        page = pdf.pages[0]
        bleed = 3 * PT_PER_MM
        trim = box(page, "/TrimBox")
        assert box(page, "/BleedBox") == pytest.approx([-bleed, -bleed, trim[2] + bleed, trim[3] + bleed], abs=0.01)
        clip, matrix, image = drawing(page)
        assert_covers(clip, matrix, box(page, "/BleedBox"), aspect=1200 / 1600)
        # The JPEG as it was given: never decoded and compressed again.
        assert image.Filter == "/DCTDecode" and image.read_raw_bytes() == art.read_bytes()
        assert "/Font" not in page.obj.Resources  # no running head, no folio
    assert page_text(paths["cover"], 1).strip() == ""


def test_the_back_of_the_cover_is_truly_blank_and_the_half_title_follows(books):
    paths, _ = books
    with pikepdf.open(paths["cover"]) as pdf:
        assert page_has_nothing_on_it(pdf.pages[1])
    words = page_words(paths["cover"])
    assert words[1] == []
    assert " ".join(w.text for w in words[2]) == "Lanterns and Tides"  # the half title, alone


def test_the_cover_is_outside_the_page_numbers(books):
    paths, _ = books
    plain, covered = page_labels(paths["plain"]), page_labels(paths["cover"])
    assert covered[:3] == ["Cover", "Inside cover", "i"]
    assert covered[2:] == plain  # the half title is still i, the first story still 1
    assert len(covered) % 2 == 0
    # Every page after the cover's two is the page of the book without it, folio and all.
    for number in range(1, len(plain) + 1):
        assert page_text(paths["cover"], number + 2) == page_text(paths["plain"], number)


def test_the_outline_opens_on_the_cover_and_the_contents_numbers_still_hold(books):
    paths, _ = books
    plain, covered = outline(paths["plain"]), outline(paths["cover"])
    assert covered[0] == ("Cover", 0, [])

    def shifted(marks):
        return [(title, page + 2, shifted(children)) for title, page, children in marks]

    assert covered[1:] == shifted(plain)
    listed, expected = contents_numbers(paths["cover"])
    assert listed == expected and listed == contents_numbers(paths["plain"])[0]
    # The contents page's links go to the pages the bookmarks open, two later than without a cover.
    pages = {title: page for title, page, _ in covered}
    with pikepdf.open(paths["cover"]) as pdf:
        index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        targets = {index[link.A.D[0].objgen] for link in pdf.pages[pages["Contents"]].obj.Annots
                   if link.get("/A") is not None and link.A.get("/S") == "/GoTo"}
    stories = [(page, children) for title, page, children in covered if title not in BOOK_PAGES]
    assert targets == {number for page, children in stories for number in [page, *(c[1] for c in children)]}


def test_the_cover_page_passes_preflight_and_a_small_picture_is_reported(tmp_path):
    # A6 with a 3 mm bleed is 111 × 154 mm: 300 ppi is 1311 × 1819 pixels.
    sharp = read_picture(picture(tmp_path / "sharp.jpg", (1400, 1900), quality=90))
    coarse = read_picture(picture(tmp_path / "coarse.png", (500, 700)))
    for name, cover in (("sharp", sharp), ("coarse", coarse)):
        (tmp_path / f"{name}.pdf").write_bytes(
            write_pdf(tiny_book(), PdfOptions(page_size="a6", bleed="3mm", marks="crop", cover=cover), write_context(MOMENT)))
    verdict = check_pdf(tmp_path / "sharp.pdf")
    assert verdict.ready, verdict.problems
    assert any(f.check == "images" and f.ok and "1 image(s), none below 300 ppi" in f.message
               for f in verdict.findings)
    assert [f.check for f in verdict.findings if f.ok and f.check == "boxes"] == ["boxes", "boxes"]
    verdict = check_pdf(tmp_path / "coarse.pdf")
    # 500 pixels across the 111 mm of trim and bleed: 114 ppi.
    assert [f.message for f in verdict.problems] == ["images below 300 ppi: page 1: 114 ppi (RGB)"]


def test_a_picture_too_coarse_for_its_page_is_said_with_the_size_it_needs(tmp_path):
    # The same figure as the preflight above: 500 pixels across 111 mm of A6 trim and bleed.
    a6 = page_geometry("a6", "3mm")
    coarse = read_picture(picture(tmp_path / "coarse.png", (500, 700)))
    assert coarse_for_print(coarse, a6) == (
        "the cover picture (500 × 700 pixels) prints at 114 ppi on a 105 × 148 mm page and its 3 mm bleed; "
        "print shops ask for 300 ppi, about 1310 × 1820 pixels")
    assert coarse_for_print(read_picture(picture(tmp_path / "sharp.png", (1320, 1830))), a6) is None


def test_the_build_warns_about_a_coarse_cover_not_only_check(tmp_path):
    picture(tmp_path / "coarse.png", (500, 700))
    result = run_ficbind("build", str(STORY), "-o", "out", "-f", "pdf", "--page-size", "a6", "--cover", "coarse.png",
                         "--no-cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ("ficbind: warning: coarse.png: the cover picture (500 × 700 pixels) prints at 120 ppi "
                             "on a 105 × 148 mm page; print shops ask for 300 ppi, about 1240 × 1750 pixels\n")


def _rendered_quarters(pdf: bytes, tmp_path: Path) -> dict[str, tuple[int, int, int]]:
    """The colour at the middle of each quarter of a one-page PDF, as poppler draws it."""
    (tmp_path / "page.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "20", "-singlefile", str(tmp_path / "page.pdf"), str(tmp_path / "page")],
                   check=True)
    image = Image.open(tmp_path / "page.png").convert("RGB")
    w, h = image.size
    return {name: image.getpixel((int(w * x), int(h * y)))
            for name, (x, y) in zip(QUARTERS, [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)])}


def _close(found: tuple[int, ...], wanted: tuple[int, ...]) -> bool:
    return all(abs(a - b) <= 40 for a, b in zip(found, wanted))


# How a photo that shows upright under each EXIF orientation is stored: the inverse of the turn.
_STORED_AS = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
              5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_270}


@pytest.mark.parametrize("orientation", range(1, 9))
def test_a_photo_taken_sideways_stands_upright(tmp_path, orientation):
    """A camera stores a photo as its sensor saw it and notes in EXIF how to turn it; the
    JPEG goes into the PDF as it is, so the drawing must do the turning."""
    upright = Image.open(picture(tmp_path / "upright.png", (296, 420)))  # the A5 page's shape: nothing is cut off
    stored = upright.transpose(_STORED_AS[orientation]) if orientation in _STORED_AS else upright
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    stored.save(tmp_path / "photo.jpg", quality=95, exif=exif.tobytes())
    with Image.open(tmp_path / "photo.jpg") as photo:  # Pillow, turning it, agrees it is the upright picture
        assert ImageOps.exif_transpose(photo).size == upright.size
    cover = read_picture(tmp_path / "photo.jpg")
    assert cover.encoding == "/DCTDecode" and cover.orientation == orientation
    seen = _rendered_quarters(cover_part(cover, page_geometry("a5")).pdf, tmp_path)
    assert all(_close(seen[name], colour) for name, colour in QUARTERS.items()), seen


def test_a_cmyk_jpeg_prints_its_own_inks(tmp_path):
    """Photoshop and Pillow store a CMYK JPEG's inks inverted; read as stored, cyan would print black."""
    Image.new("CMYK", (296, 420), (255, 0, 0, 0)).save(tmp_path / "cyan.jpg", quality=95)
    cover = read_picture(tmp_path / "cyan.jpg")
    assert (cover.encoding, cover.colour_space, cover.inverted) == ("/DCTDecode", "/DeviceCMYK", True)
    red, green, blue = _rendered_quarters(cover_part(cover, page_geometry("a5")).pdf, tmp_path)["top left"]
    assert red < 60 and green > 150 and blue > 150


def test_a_png_is_stored_losslessly_and_its_transparency_prints_as_paper(tmp_path):
    image = Image.new("RGBA", (296, 420), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle([148, 0, 296, 420], fill=(30, 60, 200, 255))
    image.save(tmp_path / "half.png")
    cover = read_picture(tmp_path / "half.png")
    assert (cover.encoding, cover.colour_space) == ("/FlateDecode", "/DeviceRGB")
    flattened = Image.new("RGB", (296, 420), "white")
    ImageDraw.Draw(flattened).rectangle([148, 0, 296, 420], fill=(30, 60, 200))
    assert zlib.decompress(cover.data) == flattened.tobytes()  # every pixel as it was
    seen = _rendered_quarters(cover_part(cover, page_geometry("a5")).pdf, tmp_path)
    assert _close(seen["top left"], (255, 255, 255)) and _close(seen["top right"], (30, 60, 200))


def test_a_picture_that_is_not_one_is_refused_naming_the_file(tmp_path):
    (tmp_path / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    with pytest.raises(InputError, match="not an image ficbind can read") as raised:
        read_picture(tmp_path / "cover.png")
    assert raised.value.path == str(tmp_path / "cover.png")


# --- through the command line ------------------------------------------------------------


def _image_in(pdf: pikepdf.Pdf, page: int) -> bool:
    """Whether a page draws an image, itself or through the forms it places (a zine's pages)."""
    def images(resources) -> bool:
        for xobject in (resources or {}).get("/XObject", {}).values():
            if xobject.Subtype == "/Image" or (xobject.Subtype == "/Form" and images(xobject.get("/Resources"))):
                return True
        return False

    return images(pdf.pages[page].obj.get("/Resources"))


@pytest.fixture(scope="module")
def covered_build(tmp_path_factory):
    """The short story bound with a cover picture, a bleed and crop marks, as a reading PDF,
    a zine and a mini-zine."""
    folder = tmp_path_factory.mktemp("covered")
    art = picture(folder / "art.png", (900, 1300))
    result = run_ficbind("build", str(STORY), "-o", str(folder / "out"), "-f", "pdf,zine,minizine",
                         "--cover", str(art), "--bleed", "3mm", "--marks", "crop")
    assert result.returncode == 0, result.stderr
    return folder


def test_the_command_line_cover_is_page_one_of_the_pdf_the_zine_and_the_minizine(covered_build):
    out = covered_build / "out"
    with pikepdf.open(out / f"{SLUG}.pdf") as pdf:
        page = pdf.pages[0]
        clip, matrix, image = drawing(page)
        assert image.Filter == "/FlateDecode" and (int(image.Width), int(image.Height)) == (900, 1300)
        assert_covers(clip, matrix, box(page, "/BleedBox"), aspect=900 / 1300)
        assert box(page, "/MediaBox")[0] < box(page, "/BleedBox")[0] - 10  # the marks are outside, not covered
        assert not _image_in(pdf, 1)
    assert page_labels(out / f"{SLUG}.pdf")[:3] == ["Cover", "Inside cover", "i"]
    with pikepdf.open(out / f"{SLUG}-zine.pdf") as zine:
        assert _image_in(zine, 0)  # the cover sheet carries the first page
    # The mini-zine's front panel (page 1: the bottom row's right-hand end) is the picture.
    minizine = out / f"{SLUG}-minizine.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "20", "-singlefile", str(minizine), str(covered_build / "sheet")],
                   check=True)
    sheet = Image.open(covered_build / "sheet.png").convert("RGB")
    w, h = sheet.size
    assert _close(sheet.getpixel((int(w * 0.8125), int(h * 0.625))), QUARTERS["top left"])
    assert _close(sheet.getpixel((int(w * 0.9375), int(h * 0.875))), QUARTERS["bottom right"])


def test_the_same_picture_gives_the_same_bytes_and_a_new_one_a_new_cover(tmp_path):
    art = picture(tmp_path / "art.png", (900, 1300))
    args = ["build", str(STORY), "-f", "pdf", "--cover", str(art), "--bleed", "3mm"]
    for out, extra in (("first", []), ("again", ["--no-cache"])):
        result = run_ficbind(*args, "-o", str(tmp_path / out), *extra)
        assert result.returncode == 0, result.stderr
    first = (tmp_path / "first" / f"{SLUG}.pdf").read_bytes()
    assert (tmp_path / "again" / f"{SLUG}.pdf").read_bytes() == first
    # Another picture under the same name: the book is not taken for unchanged.
    Image.new("RGB", (900, 1300), "navy").save(art)
    result = run_ficbind(*args, "-o", str(tmp_path / "first"))
    assert result.returncode == 0, result.stderr
    with pikepdf.open(tmp_path / "first" / f"{SLUG}.pdf") as pdf:
        assert drawing(pdf.pages[0])[2].read_bytes()[:3] == bytes((0, 0, 128))  # navy, from the first pixel


def _plain_opening(path: Path) -> None:
    """The PDF opens on its half title, as a book without a cover picture does."""
    assert page_labels(path)[:2] == ["i", "ii"]
    with pikepdf.open(path) as pdf:
        assert not _image_in(pdf, 0)


def test_no_cover_page_on_request_or_without_a_picture(tmp_path):
    art = picture(tmp_path / "art.jpg", (600, 850))
    runs = {
        "flag": ["--cover", str(art), "--no-cover-page"],
        "drawn": [],  # the EPUB's drawn cover is an e-reader's thumbnail, not a printed cover
        "none": ["--cover", "none"],
    }
    for name, extra in runs.items():
        result = run_ficbind("build", str(STORY), "-o", str(tmp_path / name), "-f", "pdf", *extra)
        assert result.returncode == 0, result.stderr
    books = [(tmp_path / name / f"{SLUG}.pdf").read_bytes() for name in runs]
    assert books[0] == books[1] == books[2]
    _plain_opening(tmp_path / "none" / f"{SLUG}.pdf")


def test_a_manifest_asks_for_the_interior_without_its_cover_the_epub_keeps_it(tmp_path):
    picture(tmp_path / "front.jpg", (600, 850))
    manifest = tmp_path / "book.toml"
    manifest.write_text(f'[book]\ntitle = "Echoes"\ncover = "front.jpg"\n\n[[story]]\npath = "{STORY}"\n\n'
                        '[output]\nformats = ["epub", "pdf"]\ncover_page = false\n')
    result = run_ficbind("build", str(manifest), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    _plain_opening(tmp_path / "out" / "echoes.pdf")
    with zipfile.ZipFile(tmp_path / "out" / "echoes.epub") as epub:
        assert Image.open(io.BytesIO(epub.read("EPUB/images/cover.jpg"))).size == (600, 850)
    manifest.write_text(manifest.read_text().replace("cover_page = false", 'cover_page = "no"'))
    result = run_ficbind("build", str(manifest), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "cover_page in [output] should be true or false, like cover_page = true" in result.stderr


def test_a_minizine_its_cover_would_overfill_says_so(tmp_path):
    story = tmp_path / "ferry.txt"
    story.write_text("Title: Night Ferry\nAuthor: Teo Lind\n\n"
                     + "\n\n".join(inline_text(paragraph.content) for paragraph in prose(14)), encoding="utf-8")
    result = run_ficbind("build", str(story), "-o", str(tmp_path / "out"), "-f", "minizine")
    assert result.returncode == 0, result.stderr  # the story (its title heading its text) fills the eight panels
    art = picture(tmp_path / "art.jpg", (600, 850))
    result = run_ficbind("build", str(story), "-o", str(tmp_path / "out"), "-f", "minizine", "--cover", str(art))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "ficbind: error: a mini-zine holds 8 pages, but this book has 9; bind one short story, or make a booklet "
        "with --format zine; the cover picture is one of those pages (--no-cover-page leaves it out)"
    )

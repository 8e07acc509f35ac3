"""Imposition checked the way a zine maker would: print, fold, and read the pages in order.

Every test imposes a generated PDF whose pages show their own number three times
(`head-N` at the top, a large `PN` in the middle, `foot-N` at the bottom), then reads
the imposed sheets back with pdftotext and reports, cell by cell, which page is there
and whether it stands upright (head above foot) or upside down.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from ficbind.errors import UsageError
from ficbind.writers.zine import ZineOptions, impose_minizine, impose_zine
from ficbind.writers.zine.paper import MM, PAPERS, booklet_paper, fit_spread, minizine_paper, parse_paper
from ficbind.writers.zine.plan import padded_pages, signature_sizes

A5 = (148 * MM, 210 * MM)
HALF_LETTER = (5.5 * 72, 8.5 * 72)


def numbered_pdf(count: int, size: tuple[float, float] = A5) -> bytes:
    """A PDF of `count` pages, each showing its own number at the head, middle and foot."""
    width, height = size
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    for number in range(1, count + 1):
        page = pdf.add_blank_page(page_size=(width, height))
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(
            (
                f"BT /F1 12 Tf 40 {height - 40:.2f} Td (head-{number}) Tj ET\n"
                f"BT /F1 36 Tf {width / 2 - 30:.2f} {height / 2:.2f} Td (P{number}) Tj ET\n"
                f"BT /F1 12 Tf 40 30 Td (foot-{number}) Tj ET\n"
            ).encode()
        )
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def words(data: bytes, tmp_path: Path) -> list[list[tuple[str, float, float, float]]]:
    """Per imposed page: (word, x min, x centre, y centre from the top) for every word, via pdftotext."""
    path = tmp_path / "imposed.pdf"
    path.write_bytes(data)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        pages.append([(m[5], float(m[1]), (float(m[1]) + float(m[3])) / 2, (float(m[2]) + float(m[4])) / 2)
                      for m in _WORD.finditer(page)])
    return pages


def cells(data: bytes, tmp_path: Path, columns: int = 2, rows: int = 1) -> list[list[str]]:
    """Each imposed page as its cells (top row first, left to right): "7" for page 7 upright,
    "7↓" for page 7 upside down, "-" for a blank cell."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    sides = []
    for page_words in words(data, tmp_path):
        found: dict[int, dict[str, tuple[str, float]]] = {}
        for text, _x0, x, y in page_words:
            cell = min(int(y / (height / rows)), rows - 1) * columns + min(int(x / (width / columns)), columns - 1)
            kind, number = re.fullmatch(r"(head-|P|foot-)(\d+)", text).groups()
            found.setdefault(cell, {})[kind] = (number, y)
        side = []
        for cell in range(columns * rows):
            marks = found.get(cell)
            if not marks:
                side.append("-")
                continue
            numbers = {number for number, _ in marks.values()}
            assert len(marks) == 3 and len(numbers) == 1, f"cell {cell} holds parts of several pages: {marks}"
            upright = marks["head-"][1] < marks["foot-"][1]
            side.append(numbers.pop() + ("" if upright else "↓"))
        sides.append(side)
    return sides


def read_folded(sides: list[list[str]], signature_sheets: list[int]) -> list[str]:
    """The pages in the order a reader meets them after folding each signature's sheets as a stack.

    Sheets are printed front, back, front, back…; the first sheet of a signature is its
    outermost. Opening a folded stack shows, sheet by sheet going in, the right half of
    each front and the left half of each back; then, coming out again, the right half of
    each back and the left half of each front.
    """
    sheets = [(sides[i], sides[i + 1]) for i in range(0, len(sides), 2)]
    order, start = [], 0
    for count in signature_sheets:
        stack = sheets[start : start + count]
        going_in = [page for front, back in stack for page in (front[1], back[0])]
        coming_out = [page for front, back in reversed(stack) for page in (back[1], front[0])]
        order += going_in + coming_out
        start += count
    return order


def numbers(count: int, blanks_before: int | None = None, blanks: int = 0) -> list[str]:
    """"1".."count" with `blanks` "-" inserted before page `blanks_before` (1-based; None: after the last)."""
    pages = [str(n) for n in range(1, count + 1)]
    at = count if blanks_before is None else blanks_before - 1
    return pages[:at] + ["-"] * blanks + pages[at:]


# --- the booklet --------------------------------------------------------------


def test_an_eight_page_booklet_sheet_by_sheet(tmp_path):
    imposed = impose_zine(numbered_pdf(8))
    (zine,) = imposed.files
    assert zine.suffix == "-zine"
    assert cells(zine.data, tmp_path) == [
        ["8", "1"], ["2", "7"],  # sheet 1: the cover sheet carries the first and last pages
        ["6", "3"], ["4", "5"],  # sheet 2: the middle of the book
    ]
    assert imposed.paper.name == "A4" and imposed.fit.scale == 1


def test_blank_pages_go_before_the_last_page_by_default(tmp_path):
    (zine,) = impose_zine(numbered_pdf(10)).files
    assert cells(zine.data, tmp_path) == [
        ["10", "1"], ["2", "-"],
        ["-", "3"], ["4", "9"],
        ["8", "5"], ["6", "7"],
    ]


def test_blank_pages_go_where_the_caller_says(tmp_path):
    (zine,) = impose_zine(numbered_pdf(10), pad_before=10).files  # at the end, after the story
    sides = cells(zine.data, tmp_path)
    assert sides[0] == ["-", "1"]
    assert read_folded(sides, [3]) == numbers(10) + ["-", "-"]
    (zine,) = impose_zine(numbered_pdf(10), pad_before=3).files  # before the fourth page
    assert read_folded(cells(zine.data, tmp_path), [3]) == numbers(10, blanks_before=4, blanks=2)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 7, 12, 13, 19])
def test_any_booklet_folds_into_reading_order(count, tmp_path):
    imposition = impose_zine(numbered_pdf(count))
    sheets = -(-count // 4)
    sides = cells(imposition.files[0].data, tmp_path)
    assert len(sides) == 2 * sheets
    blanks = 4 * sheets - count
    expected = numbers(count, blanks_before=count if count > 1 else None, blanks=blanks)
    assert read_folded(sides, [sheets]) == expected
    assert imposition.plan.sheet_count == sheets and imposition.plan.blank_count == blanks


# --- signatures ---------------------------------------------------------------


def test_two_sheet_signatures_sheet_by_sheet(tmp_path):
    imposition = impose_zine(numbered_pdf(20), ZineOptions(signature=2))
    assert imposition.plan.signature_sheets == (2, 2, 1)
    assert cells(imposition.files[0].data, tmp_path) == [
        ["8", "1"], ["2", "7"], ["6", "3"], ["4", "5"],  # signature 1: pages 1-8
        ["16", "9"], ["10", "15"], ["14", "11"], ["12", "13"],  # signature 2: pages 9-16
        ["20", "17"], ["18", "19"],  # signature 3, one sheet: pages 17-20, no blanks
    ]


@pytest.mark.parametrize(
    ("sheets_per_signature", "count", "expected_sheets"),
    [
        (2, 30, [2, 2, 2, 2]),  # 32 pages: 2 blanks, four full signatures
        (4, 45, [4, 4, 4]),  # 48 pages: 3 blanks
        (4, 53, [4, 4, 4, 2]),  # 56 pages: the last signature has 2 sheets, not 4 with 8 more blanks
        (5, 45, [5, 5, 2]),
        (5, 81, [5, 5, 5, 5, 1]),
    ],
)
def test_signatures_fold_into_reading_order(sheets_per_signature, count, expected_sheets, tmp_path):
    imposition = impose_zine(numbered_pdf(count), ZineOptions(signature=sheets_per_signature))
    assert list(imposition.plan.signature_sheets) == expected_sheets
    sides = cells(imposition.files[0].data, tmp_path)
    assert len(sides) == 2 * sum(expected_sheets)
    blanks = 4 * sum(expected_sheets) - count
    assert blanks <= 3  # never a run of blank pages
    assert read_folded(sides, expected_sheets) == numbers(count, blanks_before=count, blanks=blanks)


def test_signature_sizes_rule():
    assert signature_sizes(27, 5) == (5, 5, 5, 5, 5, 2)
    assert signature_sizes(12, 4) == (4, 4, 4)
    assert signature_sizes(3, 4) == (3,)  # fewer sheets than a signature: one booklet
    assert signature_sizes(7, None) == (7,)


def test_padding():
    assert padded_pages(6, 4) == (0, 1, 2, 3, 4, None, None, 5)
    assert padded_pages(6, 4, pad_before=6) == (0, 1, 2, 3, 4, 5, None, None)
    assert padded_pages(8, 4) == tuple(range(8))
    with pytest.raises(ValueError):
        padded_pages(6, 4, pad_before=7)


# --- how it is printed ----------------------------------------------------------


def test_long_edge_duplex_turns_every_back_half_round(tmp_path):
    (zine,) = impose_zine(numbered_pdf(8), ZineOptions(duplex="long")).files
    assert cells(zine.data, tmp_path) == [
        ["8", "1"], ["7↓", "2↓"],
        ["6", "3"], ["5↓", "4↓"],
    ]


@pytest.mark.parametrize("duplex", ["short", "long"])
def test_single_sided_writes_fronts_and_backs(duplex, tmp_path):
    source = numbered_pdf(12)
    (both,) = impose_zine(source, ZineOptions(duplex=duplex)).files
    fronts, backs = impose_zine(source, ZineOptions(duplex=duplex, single_sided=True)).files
    assert (fronts.suffix, backs.suffix) == ("-zine-fronts", "-zine-backs")
    sides = cells(both.data, tmp_path)
    assert cells(fronts.data, tmp_path) == sides[0::2] == [["12", "1"], ["10", "3"], ["8", "5"]]
    assert cells(backs.data, tmp_path) == sides[1::2]
    turned = {"short": ["2", "11"], "long": ["11↓", "2↓"]}[duplex]
    assert sides[1] == turned


# --- the mini-zine --------------------------------------------------------------


def test_minizine_classic_layout(tmp_path):
    imposition = impose_minizine(numbered_pdf(8))
    (mini,) = imposition.files
    assert mini.suffix == "-minizine"
    assert cells(mini.data, tmp_path, columns=4, rows=2) == [[
        "5↓", "4↓", "3↓", "2↓",  # top row, upside down
        "6", "7", "8", "1",  # bottom row: the back cover (8) beside the front cover (1)
    ]]
    # A5 pages fill A4's eighths exactly (A7), at half size
    assert imposition.paper.name == "A4" and imposition.fit.scale == pytest.approx(0.5, abs=1e-3)


def test_minizine_pads_short_books_and_refuses_long_ones(tmp_path):
    (mini,) = impose_minizine(numbered_pdf(6), pad_before=6).files
    assert cells(mini.data, tmp_path, columns=4, rows=2) == [["5↓", "4↓", "3↓", "2↓", "6", "-", "-", "1"]]
    with pytest.raises(UsageError, match="a mini-zine holds 8 pages, but this book has 9"):
        impose_minizine(numbered_pdf(9))


def test_minizine_on_letter_for_half_letter_pages(tmp_path):
    imposition = impose_minizine(numbered_pdf(8, HALF_LETTER))
    assert imposition.paper.name == "letter" and imposition.fit.scale == pytest.approx(0.5, abs=1e-3)


# --- sheets and fitting ---------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "sheet"),
    [
        (A5, "A4"),
        ((105 * MM, 148 * MM), "A5"),  # A6
        (HALF_LETTER, "letter"),
        ((5 * 72, 8 * 72), "letter"),  # 5 × 8 in trade paperback
        ((210 * MM, 297 * MM), "A3"),  # A4
        ((176 * MM, 250 * MM), "B4"),  # B5
    ],
)
def test_the_sheet_is_chosen_from_the_page_size(page, sheet):
    assert booklet_paper(*page).name == sheet


def test_minizine_sheet_follows_the_page_shape():
    assert minizine_paper(*A5).name == "A4"
    assert minizine_paper(*HALF_LETTER).name == "letter"


def test_sheet_names_and_sizes():
    assert parse_paper("A4") is PAPERS["a4"] and parse_paper(" Letter ") is PAPERS["letter"]
    assert parse_paper("ledger") is PAPERS["tabloid"]
    custom = parse_paper("8.5x14in")
    assert (custom.width, custom.height) == (14 * 72, 8.5 * 72)  # always landscape
    assert parse_paper("297 x 210 mm").width == pytest.approx(297 * MM)
    for bad in ("a44", "0x10mm", "10x10", ""):
        with pytest.raises(UsageError, match="unknown sheet size"):
            parse_paper(bad)


def test_pages_smaller_than_half_the_sheet_keep_their_size_against_the_fold(tmp_path):
    five_by_eight = (5 * 72, 8 * 72)
    imposition = impose_zine(numbered_pdf(4, five_by_eight), ZineOptions(sheet="a4"))
    fit = imposition.fit
    assert fit.scale == 1 and fit.needs_trimming
    a4_width, a4_height = 297 * MM, 210 * MM
    assert fit.slack_x == pytest.approx((a4_width - 720) / 2) and fit.slack_y == pytest.approx((a4_height - 576) / 2)
    front = words(imposition.files[0].data, tmp_path)[0]
    x = {text: x0 for text, x0, _, _ in front}
    # pages meet at the fold; the spare paper is outside them, to be trimmed off
    assert x["head-4"] == pytest.approx(a4_width / 2 - 360 + 40, abs=0.5)
    assert x["head-1"] == pytest.approx(a4_width / 2 + 40, abs=0.5)


def test_pages_too_large_shrink_with_a_margin():
    fit = fit_spread(PAPERS["letter"], 6 * 72, 9 * 72, columns=2, rows=1)
    assert fit.scale < 1 and min(fit.slack_x, fit.slack_y) == pytest.approx(5 * MM)
    # same proportions: fill the sheet without a margin (A4 pages shrunk to A5 on A4)
    fit = fit_spread(PAPERS["a4"], 210 * MM, 297 * MM, columns=2, rows=1)
    assert fit.scale == pytest.approx(1 / 2**0.5, abs=1e-3) and not fit.needs_trimming


def test_creep_moves_inner_pages_toward_the_fold(tmp_path):
    imposition = impose_zine(numbered_pdf(12), ZineOptions(creep=2))
    sides = words(imposition.files[0].data, tmp_path)
    left_x = [next(x0 for text, x0, _, _ in side if text.startswith("head-") and x0 < 420) for side in sides[0::2]]
    right_x = [next(x0 for text, x0, _, _ in side if text.startswith("head-") and x0 > 420) for side in sides[0::2]]
    # outermost sheet unmoved, the middle one by half, the innermost by the full 2 mm
    assert [round(x - left_x[0], 2) for x in left_x] == pytest.approx([0, 1 * MM, 2 * MM], abs=0.02)
    assert [round(right_x[0] - x, 2) for x in right_x] == pytest.approx([0, 1 * MM, 2 * MM], abs=0.02)


def _lines(pdf: pikepdf.Pdf, index: int) -> list[tuple[float, float, float, float]]:
    """Every straight line (m … l) drawn directly on an imposed page."""
    found, start = [], None
    for operands, operator in pikepdf.parse_content_stream(pdf.pages[index]):
        if str(operator) == "m":
            start = tuple(float(v) for v in operands)
        elif str(operator) == "l" and start:
            found.append((*start, *(float(v) for v in operands)))
    return found


def test_fold_marks_on_fronts_and_cut_marks_only_where_there_is_paper_to_trim():
    with pikepdf.open(io.BytesIO(impose_zine(numbered_pdf(8), ZineOptions(marks=True)).files[0].data)) as pdf:
        middle = float(pdf.pages[0].mediabox[2]) / 2
        front = _lines(pdf, 0)
        assert len(front) == 2 and all(x0 == x1 == pytest.approx(middle, abs=0.01) for x0, _, x1, _ in front)
        assert _lines(pdf, 1) == []  # backs stay clean
    trade = impose_zine(numbered_pdf(8, (5 * 72, 8 * 72)), ZineOptions(marks=True, sheet="a4")).files[0].data
    with pikepdf.open(io.BytesIO(trade)) as pdf:
        assert len(_lines(pdf, 0)) == 2 + 8  # two fold marks, two cut marks at each corner of the spread
    with pikepdf.open(io.BytesIO(impose_zine(numbered_pdf(8)).files[0].data)) as pdf:
        assert _lines(pdf, 0) == []


def test_minizine_marks_show_the_cut():
    with pikepdf.open(io.BytesIO(impose_minizine(numbered_pdf(8), ZineOptions(marks=True)).files[0].data)) as pdf:
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
        lines = _lines(pdf, 0)
    cut = (width / 4, height / 2, 3 * width / 4, height / 2)
    assert any(line == pytest.approx(cut, abs=0.01) for line in lines)


# --- the file itself ------------------------------------------------------------


def test_pages_are_form_xobjects_sharing_one_font_and_output_is_reproducible(tmp_path):
    source = numbered_pdf(10)
    first = impose_zine(source).files[0].data
    assert impose_zine(source).files[0].data == first  # byte-identical
    with pikepdf.open(io.BytesIO(first)) as pdf:
        assert "/ID" in pdf.trailer
        assert "/Outlines" not in pdf.Root
        forms, fonts = set(), set()
        for page in pdf.pages:
            for xobject in page.Resources.XObject.values():
                assert xobject.Subtype == "/Form"  # never an image: nothing is rasterised
                forms.add(xobject.objgen)
                for font in xobject.Resources.Font.values():
                    fonts.add(font.objgen)
        assert len(forms) == 10 and len(fonts) == 1  # each page once, the font shared by all
    path = tmp_path / "zine.pdf"
    path.write_bytes(first)
    subprocess.run(["qpdf", "--check", str(path)], check=True, capture_output=True)


def test_reading_pdf_metadata_is_kept():
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=A5)
    pdf.docinfo["/Title"] = "Road and River"
    out = io.BytesIO()
    pdf.save(out)
    with pikepdf.open(io.BytesIO(impose_zine(out.getvalue()).files[0].data)) as imposed:
        assert str(imposed.docinfo["/Title"]) == "Road and River"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"duplex": "sideways"}, "choose short or long"),
        ({"signature": 0}, "at least one folded sheet"),
        ({"creep": -1}, "millimetres"),
        ({"sheet": "napkin"}, "unknown sheet size"),
    ],
)
def test_bad_options_are_usage_errors(options, message):
    with pytest.raises(UsageError, match=message):
        ZineOptions(**options)


def test_something_that_is_not_a_pdf_is_a_usage_error():
    with pytest.raises(UsageError, match="cannot be imposed"):
        impose_zine(b"not a pdf")


# --- instructions ---------------------------------------------------------------


def test_instructions_count_the_reading_pdfs_own_blank_pages_too():
    # Blank left-hand pages before stories that open on the right are blank paper too:
    # 21 pages, of which 5 are left empty by the book, padded with 3 more to 24.
    pdf = pikepdf.open(io.BytesIO(numbered_pdf(21)))
    for index in (1, 3, 7, 11, 15):
        pdf.pages[index].obj.Contents = pdf.make_stream(b"")
    out = io.BytesIO()
    pdf.save(out)
    imposition = impose_zine(out.getvalue(), pad_before=21)
    assert imposition.blank_count == 8
    assert "6 sheets of A4, 24 pages (8 of them blank)." in imposition.instructions(["book-zine.pdf"])[0]


def test_instructions_name_the_edge_the_sheets_and_the_signatures():
    text = "\n".join(impose_zine(numbered_pdf(45), ZineOptions(signature=5)).instructions(["book-zine.pdf"]))
    assert "12 sheets of A4, 48 pages (3 of them blank)" in text
    assert "flipping on the short edge" in text
    assert "3 signatures, 2 of 5 sheets and a last one of 2 sheets" in text
    assert "sheets 1–5, 6–10 and 11–12" in text
    single = impose_zine(numbered_pdf(8), ZineOptions(single_sided=True, duplex="long"))
    text = "\n".join(single.instructions(["b-zine-fronts.pdf", "b-zine-backs.pdf"]))
    assert "Print b-zine-fronts.pdf one-sided" in text and "turned over on its long edge" in text
    assert "Print b-zine-backs.pdf" in text
    mini = "\n".join(impose_minizine(numbered_pdf(8)).instructions(["b-minizine.pdf"]))
    assert "1 sheet of A4, 8 pages, printed at 50 %" in mini and "cut" in mini

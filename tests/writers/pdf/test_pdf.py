"""The printed book's structure, read back from the PDF as a print shop and a reader would:
fonts, boxes, outline, contents numbers, running heads, folios, blank pages, metadata."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pikepdf
import pytest

from ficbind.model import SceneBreak
from ficbind.runtime.parallel import Workers
from ficbind.writers.pdf.geometry import PT_PER_MM, page_geometry
from ficbind.writers.pdf.parts import render_part
from ficbind.writers.pdf.preflight import check_pdf
from ficbind.writers.pdf.write import PdfOptions, write_pdf

from conftest import SAMPLES, run_ficbind, write_context
from printbook import (
    contents_numbers,
    normalised,
    outline,
    page_labels,
    page_text,
    page_words,
    sample_book,
    text_between,
    tiny_book,
)

PDF_NAME = "echoes-and-goodbyes.pdf"
MOMENT = datetime(2026, 11, 21, tzinfo=UTC)
ROMAN = re.compile(r"^[ivxlc]+$")


@pytest.fixture(scope="module")
def book_pdf(tmp_path_factory):
    """The three-story test book, A5, with the warnings the writer gave."""
    warnings: list[str] = []
    data = write_pdf(sample_book(), PdfOptions(), write_context(MOMENT, warn=warnings.append))
    path = tmp_path_factory.mktemp("print") / "book.pdf"
    path.write_bytes(data)
    return path, warnings


def _all_fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"]


def _embedded(font) -> bool:
    descriptor = (font.DescendantFonts[0] if "/DescendantFonts" in font else font).get("/FontDescriptor")
    return descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


# --- fonts ---------------------------------------------------------------------------


def test_every_font_is_embedded_and_subset_and_the_text_face_is_the_book_face(book_pdf, sample_build):
    for path in (book_pdf[0], sample_build / PDF_NAME):
        with pikepdf.open(path) as pdf:
            fonts = _all_fonts(pdf)
            names = [str(font.BaseFont) for font in fonts]
            assert fonts and all(_embedded(font) for font in fonts), names
        assert all(re.match(r"/[A-Z]{6}\+", name) for name in names)  # subset, tagged
        assert any("EBGaramond-Regular" in name for name in names)
        assert any("EBGaramond-Italic" in name for name in names)  # true italics, not slanted roman
        assert not any("DejaVu" in name for name in names)
    with pikepdf.open(book_pdf[0]) as pdf:  # bold from the variable face, not smeared
        assert any("EBGaramond-Semi-Bold" in str(font.BaseFont) for font in _all_fonts(pdf))


def test_each_subset_has_its_own_name(book_pdf):
    """Every story embeds its own subset; two different subsets under one name confuse RIPs."""
    with pikepdf.open(book_pdf[0]) as pdf:
        programs: dict[str, bytes] = {}
        for font in _all_fonts(pdf):
            if "/DescendantFonts" not in font:
                continue
            data = font.DescendantFonts[0].FontDescriptor.FontFile2.read_raw_bytes()
            assert programs.setdefault(str(font.BaseFont), data) == data


def test_a_heart_comes_from_the_shipped_symbol_face_without_a_warning(book_pdf):
    path, warnings = book_pdf
    assert warnings == []
    with pikepdf.open(path) as pdf:
        assert any("NotoSansSymbols2" in str(font.BaseFont) for font in _all_fonts(pdf))
    assert "♥" in "".join(page_text(path, n) for n in range(1, len(page_labels(path)) + 1))


def test_a_character_no_shipped_font_has_is_named_in_a_warning():
    warnings: list[str] = []
    write_pdf(tiny_book(extra="雪 and ♥"), PdfOptions(), write_context(MOMENT, warn=warnings.append))
    assert len(warnings) == 1
    assert "U+96EA" in warnings[0] and "tiny.txt" in warnings[0]
    assert "2665" not in warnings[0]  # the heart is the shipped fallback's, deliberately


# --- book structure ------------------------------------------------------------------------


def test_a_bookmark_per_story_and_chapter_each_story_on_a_recto(book_pdf):
    path, _ = book_pdf
    marks = outline(path)
    titles = [title for title, _, _ in marks]
    assert titles == ["Credits", "Contents", "The Keeper’s Ledger", "Tea at the Station", "The Long Road North"]
    for title, page, _children in marks:
        # The credits stand on the title page's back, where a printed book has its copyright page.
        side = 1 if title == "Credits" else 0
        assert page % 2 == side, f"{title} opens on page {page + 1}"  # 0-based even = odd page number
    ledger = marks[2]
    assert [title for title, _, _ in ledger[2]] == ["The First Night", "Fog"]
    assert ledger[2][0][1] == ledger[1] + 1  # the first chapter follows the story's title page


def test_the_contents_numbers_are_the_pages_the_bookmarks_point_at(book_pdf):
    listed, expected = contents_numbers(book_pdf[0])
    assert listed == expected and len(listed) == 5  # three stories, two chapters


def test_contents_entries_link_to_their_stories(book_pdf):
    path, _ = book_pdf
    marks = {title: page for title, page, _ in outline(path)}
    with pikepdf.open(path) as pdf:
        index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        targets = {
            index[annot.A.D[0].objgen]
            for annot in pdf.pages[marks["Contents"]].obj.get("/Annots", [])
            if annot.get("/A") is not None and annot.A.get("/S") == "/GoTo"
        }
    assert {marks["The Keeper’s Ledger"], marks["Tea at the Station"], marks["The Long Road North"]} <= targets


def test_front_matter_then_body_each_section_on_a_recto(book_pdf):
    path, _ = book_pdf
    texts = [page_text(path, n) for n in range(1, 8)]
    assert "Lanterns and Tides" in texts[0] and "compiled" not in texts[0]  # the half title
    assert texts[1].strip() == ""
    assert "compiled by A Reader" in texts[2]  # the title page
    assert "Credits" in texts[3] and "Not for sale" in texts[3]  # on its back, in the EPUB's order
    assert "Contents" in texts[4]
    assert texts[5].strip() == ""


def test_folios_roman_in_front_arabic_from_one_and_none_on_blanks(book_pdf):
    path, _ = book_pdf
    labels = page_labels(path)
    assert labels[:6] == ["i", "ii", "iii", "iv", "v", "vi"]
    assert labels[6] == "1" and labels[-1] == str(len(labels) - 6)
    assert len(labels) % 2 == 0
    g = page_geometry("a5")
    height = g.height * PT_PER_MM
    foot_top = height - g.bottom * PT_PER_MM
    for number, (label, words) in enumerate(zip(labels, page_words(path))):
        foot = text_between(words, foot_top, height)
        if not words:
            assert foot == ""  # blank
        elif number < 3:
            assert foot == "", "the half title and title page are display pages"
        else:
            assert foot == label, f"page {number + 1}: folio {foot!r}, expected {label!r}"
            assert bool(ROMAN.match(foot)) == (number < 6)


def test_running_heads_on_text_pages_none_on_openers_and_blanks(book_pdf):
    path, _ = book_pdf
    marks = outline(path)
    openers = {page for _, page, children in marks[2:] for page in [page, *(c[1] for c in children)]}
    story_starts = sorted((page, title) for title, page, _ in marks[2:])
    g = page_geometry("a5")
    head_bottom = g.top * PT_PER_MM
    heads_seen = 0
    for number, words in enumerate(page_words(path)):
        head = text_between(words, 0, head_bottom)
        if number < 6 or not words or number in openers:
            assert head == "", f"page {number + 1} should have no running head, has {head!r}"
            continue
        story = [title for start, title in story_starts if start <= number][-1]
        expected = "Lanterns and Tides" if number % 2 else story  # versos: the book, rectos: the story
        assert normalised(head) == normalised(expected), f"page {number + 1}"
        heads_seen += 1
    assert heads_seen >= 6


def test_blank_pages_are_truly_blank(book_pdf):
    path, _ = book_pdf
    blanks = [n for n, words in enumerate(page_words(path)) if not words]
    assert len(blanks) >= 4
    with pikepdf.open(path) as pdf:
        for number in blanks:
            page = pdf.pages[number]
            contents = page.obj.get("/Contents")
            data = b"" if contents is None else b"".join(
                s.read_bytes() for s in (contents if isinstance(contents, pikepdf.Array) else [contents])
            )
            assert data.strip() == b"" and "/Annots" not in page.obj, f"page {number + 1}"


def test_every_scene_break_is_an_ornament(book_pdf):
    path, _ = book_pdf
    breaks = sum(isinstance(b, SceneBreak) for s in sample_book().stories for b in s.blocks)
    text = "".join(page_text(path, n) for n in range(1, len(page_labels(path)) + 1))
    assert text.count("❧") == breaks == 3


def test_metadata_title_author_subject_keywords_language(book_pdf):
    with pikepdf.open(book_pdf[0]) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == "Lanterns and Tides"
        # The EPUB's authors, joined as Calibre writes and reads them back.
        assert str(info.Author) == "Wren Calloway & Jun Park & Hattie Vale"
        assert "Harbour Lights" in str(info.Subject) and "Northbound" in str(info.Subject)
        keywords = str(info.Keywords)
        for tag in ("found family", "slow burn", "fluff", "Mara/Ines"):
            assert tag in keywords
        assert str(pdf.Root.Lang) == "en"
        assert str(info.CreationDate).startswith("D:20261121")


def test_hyphenation_follows_each_story_language():
    jobs = []

    class Enough(Exception):
        pass

    def spy(batch, more):  # the stories are the first batch; no need to lay them out
        jobs.extend(batch)
        raise Enough

    with pytest.raises(Enough):
        write_pdf(sample_book(language_of_third="de"), PdfOptions(), write_context(MOMENT, render=spy))
    assert len(jobs) == 3
    assert '<div class="story-part" lang="de">' in jobs[2].html
    assert '<div class="story-part" lang="en">' in jobs[1].html
    assert "hyphens: auto" in jobs[0].html


# --- printers' options ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page_size", "bleed", "marks", "trim_mm", "bleed_mm"),
    [
        ("a5", "0", None, (148, 210), 0),
        ("6x9in", "3mm", "crop", (152.4, 228.6), 3),
        ("a6", "0.125in", "crop,cross", (105, 148), 3.175),
    ],
)
def test_trim_and_bleed_boxes_per_option(tmp_path, page_size, bleed, marks, trim_mm, bleed_mm):
    path = tmp_path / "book.pdf"
    path.write_bytes(write_pdf(tiny_book(), PdfOptions(page_size=page_size, bleed=bleed, marks=marks), write_context(MOMENT)))
    width, height = (round(v * PT_PER_MM, 1) for v in trim_mm)
    bleed_pt = bleed_mm * PT_PER_MM
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) % 2 == 0
        for page in pdf.pages:
            trim = [round(float(v), 1) for v in page.obj.TrimBox]
            assert trim == [0, 0, width, height]
            bleed_box = [float(v) for v in page.obj.BleedBox]
            assert bleed_box == pytest.approx([-bleed_pt, -bleed_pt, width + bleed_pt, height + bleed_pt], abs=0.05)
            media = [float(v) for v in page.obj.MediaBox]
            if marks:  # room outside the bleed for the marks
                assert media[0] < bleed_box[0] - 10 and media[2] > bleed_box[2] + 10
            else:
                assert media == pytest.approx(bleed_box, abs=0.05)
    verdict = check_pdf(path)
    assert verdict.ready, verdict.findings


def test_crop_marks_sit_outside_the_bleed(tmp_path):
    path = tmp_path / "book.pdf"
    path.write_bytes(write_pdf(tiny_book(), PdfOptions(bleed="3mm", marks="crop"), write_context(MOMENT)))
    with pikepdf.open(path) as pdf:
        page = pdf.pages[-1]  # a blank page: only the marks are drawn on it
        lines = [
            [float(v) for v in operands]
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) in ("m", "l")
        ]
        bleed = 3 * PT_PER_MM
        width = float(page.obj.TrimBox[2])
        assert len(lines) == 16  # two lines at each of four corners
        for x, y in lines:
            assert x <= -bleed + 0.01 or x >= width + bleed - 0.01 or y <= -bleed + 0.01 or x in (0, width)


# --- the same book, every time -------------------------------------------------------------


def test_rebuilding_gives_identical_pdf_bytes(sample_build, tmp_path):
    result = run_ficbind("build", str(SAMPLES / "seed-anthology.toml"), "-o", str(tmp_path), "--format", "pdf")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / PDF_NAME).read_bytes() == (sample_build / PDF_NAME).read_bytes()


def test_parts_rendered_in_a_process_pool_give_the_same_book(book_pdf):
    """The parts need nothing from each other: any map over them gives the same bytes (issue 8)."""
    with Workers(2) as workers:
        pooled = write_pdf(sample_book(), PdfOptions(), write_context(MOMENT, render=lambda jobs, more: workers.map(render_part, jobs, more=more)))
    assert pooled == book_pdf[0].read_bytes()


def test_the_sample_anthology_passes_preflight(sample_build):
    result = run_ficbind("check", str(sample_build / PDF_NAME))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("ready for print")


# --- the command line ------------------------------------------------------------------------


def test_print_options_and_glyph_warnings_through_the_command_line(tmp_path):
    story = tmp_path / "snow.txt"
    story.write_text("Title: First Snow\nAuthor: Ines Moreau\n\nThe sign over the shop said 雪, and she smiled.\n\n"
                     "She bought two oranges and walked home the long way.\n", encoding="utf-8")
    result = run_ficbind("build", str(story), "-o", str(tmp_path / "out"), "--format", "pdf",
                         "--page-size", "b6", "--bleed", "3mm", "--marks", "crop,cross", "--json")
    assert result.returncode == 0, result.stderr
    assert "warning" in result.stderr and "U+96EA" in result.stderr and "snow.txt" in result.stderr
    assert any("U+96EA" in w for w in json.loads(result.stdout)["warnings"])
    with pikepdf.open(tmp_path / "out" / "first-snow.pdf") as pdf:
        trim = [round(float(v) / PT_PER_MM, 1) for v in pdf.pages[0].obj.TrimBox]
        bleed = [round(float(v) / PT_PER_MM, 1) for v in pdf.pages[0].obj.BleedBox]
    assert trim == [0, 0, 125, 176] and bleed == [-3, -3, 128, 179]


def test_a_page_size_typo_fails_before_anything_is_written(tmp_path):
    result = run_ficbind("build", str(SAMPLES / "seed-anthology.toml"), "-o", str(tmp_path / "out"),
                         "--page-size", "a3b")
    assert result.returncode == 2
    assert "unknown page size 'a3b'" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_one_story_book_carries_its_author_on_the_left_hand_pages(tmp_path):
    path = tmp_path / "one.pdf"
    book = tiny_book()
    book.stories[0].blocks = book.stories[0].blocks * 6  # enough for a spread of text
    path.write_bytes(write_pdf(book, PdfOptions(), write_context(MOMENT)))
    g = page_geometry("a5")
    heads = [text_between(words, 0, g.top * PT_PER_MM) for words in page_words(path)]
    # A short story alone: its title page and the credits on its back, no contents page (one story
    # without chapters); the story opens on page 1, the third, with no head.
    assert heads[2] == ""
    assert heads[3] == "Teo Lind" and normalised(heads[4]) == normalised("Small Hours")

"""Where stories open: on a right-hand page as in a bound book, or on either page as a zine
maker wants (no blank page before a story), with every page's gutter still on the inside."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ficbind.writers.pdf.geometry import page_geometry, points
from ficbind.writers.pdf.write import PdfOptions, write_pdf

from conftest import SAMPLES, run_ficbind, write_context
from printbook import sample_book

MOMENT = datetime(2026, 11, 21, tzinfo=UTC)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>')


def _pages(pdf: bytes, path: Path) -> list[list[tuple[float, str]]]:
    """Each page's words with their left edge (points from the trim's left), by pdftotext -bbox."""
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [[(float(x), text) for x, text in _WORD.findall(page)]
            for page in re.findall(r"<page [^>]*>(.*?)</page>", html, flags=re.DOTALL)]


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("openings")
    book = sample_book()
    return {
        openings: _pages(write_pdf(book, PdfOptions(openings=openings, typeset_cover=openings == "any"), write_context(MOMENT)),
                         folder / f"{openings}.pdf")
        for openings in ("right", "any")
    }


def test_stories_open_on_the_next_page_with_no_blank_page_before_them(books):
    right, any_page = books["right"], books["any"]
    blank_inside = [number for number, words in enumerate(any_page[:-1], start=1) if not words]
    assert blank_inside == []  # a blank page can only end the book (which ends on a left-hand page)
    assert len(any_page) < len(right)
    # The same words, from the title page on: only blank pages went (folios and running
    # heads move with the pages, so the words are compared as a set).
    def words(pages: list) -> set[str]:
        return {w for page in pages[1:] for _, w in page if not re.fullmatch(r"[ivx]+|\d+", w)}

    assert words(right) == words(any_page)


@pytest.mark.parametrize("openings", ["right", "any"])
def test_every_page_has_its_gutter_on_the_inside(books, openings):
    # Right-hand (odd) pages start their lines at the inside margin, left-hand ones at the
    # outside margin, whichever side the story they belong to opened on.
    a5 = page_geometry("a5")
    margin = {1: points(a5.inside), 0: points(a5.outside)}
    checked = 0
    for number, words in enumerate(books[openings], start=1):
        if len(words) < 40:  # a title page, a contents page: centred lines
            continue
        left = min(x for x, _ in words)
        assert left == pytest.approx(margin[number % 2], abs=1.0), f"page {number}"
        checked += 1
    assert checked >= 10


def test_a_zine_without_a_cover_picture_opens_on_a_typeset_cover(books):
    cover = " ".join(text for _, text in books["any"][0])
    assert cover == "Lanterns and Tides compiled by A Reader"
    assert books["any"][1]  # the title page follows on the inside cover, not a blank page


def test_the_zine_instructions_say_how_many_sheets_opening_on_either_page_saved(tmp_path):
    anthology = str(SAMPLES / "seed-anthology.toml")
    either = run_ficbind("build", anthology, "-o", "either", "-f", "zine", "--json", cwd=tmp_path)
    right = run_ficbind("build", anthology, "-o", "right", "-f", "zine", "--openings", "right", "--json",
                        cwd=tmp_path)
    assert either.returncode == 0 and right.returncode == 0, either.stderr + right.stderr
    sheets = {}
    for name, result in (("either", either), ("right", right)):
        steps = json.loads(result.stdout)["outputs"][0]["instructions"]
        sheets[name] = int(re.search(r": (\d+) sheets of A4", steps[0]).group(1))
        if name == "either":
            saving = [line for line in steps if line.startswith("Stories open on either page")]
    assert sheets["either"] < sheets["right"]
    saved = sheets["right"] - sheets["either"]
    assert saving == [f"Stories open on either page, with no blank page before them: that saves "
                      f"{saved} sheet{'s' if saved > 1 else ''} ({sheets['right']} with --openings right)."]

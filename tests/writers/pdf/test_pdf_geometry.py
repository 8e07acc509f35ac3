"""Trim sizes, bleed and marks options, and margins that scale with the trim (no rendering)."""

from __future__ import annotations

import pytest

from ficbind.errors import UsageError
from ficbind.writers.pdf.geometry import page_css, page_geometry, parse_length, parse_marks, parse_page_size

pytestmark = pytest.mark.quick  # no PDF layout, no epubcheck: run on every save


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("a5", (148, 210)),
        ("A6", (105, 148)),
        ("b6", (125, 176)),
        ("5x8in", (127, 203.2)),
        ("5.5x8.5in", (139.7, 215.9)),
        ("6x9in", (152.4, 228.6)),
        ("letter", (215.9, 279.4)),
        ("a4", (210, 297)),
        ("130x200mm", (130, 200)),
        ("13 × 20 cm", (130, 200)),
        ("5.25x8in", (133.35, 203.2)),
    ],
)
def test_page_sizes_by_name_and_by_measure(text, size):
    width, height = parse_page_size(text)
    assert (round(width, 2), round(height, 2)) == size


@pytest.mark.parametrize("text", ["a3b", "148x210", "148x21mm", "6x9 inches", "0x0in", ""])
def test_a_page_size_that_is_not_a_book_page_is_refused_with_the_choices(text):
    with pytest.raises(UsageError) as error:
        parse_page_size(text)
    assert "a5" in str(error.value) or "between" in str(error.value)


def test_bleed_lengths_and_marks():
    assert parse_length("3mm", "bleed") == 3
    assert parse_length("0.125in", "bleed") == pytest.approx(3.175)
    assert parse_length("0.3cm", "bleed") == pytest.approx(3)
    assert parse_length("0", "bleed") == 0
    with pytest.raises(UsageError):
        parse_length("3", "bleed")  # a unit is needed: 3 what?
    with pytest.raises(UsageError):
        page_geometry("a5", bleed="40mm")
    assert parse_marks("crop") == ("crop",)
    assert parse_marks("cross, crop") == ("crop", "cross")
    assert parse_marks(None) == () and parse_marks("none") == ()
    with pytest.raises(UsageError):
        parse_marks("crop,bleed")


def test_margins_scale_with_the_trim_and_the_gutter_is_the_wider():
    small, medium, large = page_geometry("a6"), page_geometry("a5"), page_geometry("6x9in")
    for geometry in (small, medium, large, page_geometry("letter")):
        assert geometry.inside > geometry.outside
        assert geometry.bottom > geometry.top
    assert small.inside < medium.inside < large.inside
    assert small.font_size < medium.font_size <= large.font_size


def test_big_pages_get_wider_margins_not_endless_lines():
    letter = page_geometry("letter")
    # at most ~33 ems of text across: about 70 characters of a book face
    assert letter.text_width <= 33 * letter.font_size / (72 / 25.4) + 0.01
    assert letter.font_size == 12


def test_page_css_mirrors_the_margins():
    css = page_css(page_geometry("a5", bleed="3mm"))
    g = page_geometry("a5")
    assert f"@page :right {{ margin: {g.top}mm {g.outside}mm {g.bottom}mm {g.inside}mm; }}" in css
    assert f"@page :left {{ margin: {g.top}mm {g.inside}mm {g.bottom}mm {g.outside}mm; }}" in css
    assert "bleed: 3.0mm" in css

"""Turn the printed book's page options into page geometry and its CSS.

`--page-size`, `--bleed` and `--marks` text -> a `PageGeometry` (trim, margins, type
size, bleed, printer's marks, all in millimetres and points), and that geometry ->
the `@page` rules WeasyPrint lays the book out with. Margins and the type size scale
with the trim, so an A6 pocket book and a 6×9in trade paperback both look set by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...errors import UsageError

MM_PER_IN = 25.4
PT_PER_MM = 72 / MM_PER_IN

# Named trim sizes (width × height in mm), as print shops and fanbinders name them.
TRIM_SIZES: dict[str, tuple[float, float]] = {
    "a5": (148, 210),
    "a6": (105, 148),
    "b6": (125, 176),
    "5x8in": (127, 203.2),
    "5.5x8.5in": (139.7, 215.9),
    "6x9in": (152.4, 228.6),
    "letter": (215.9, 279.4),
    "a4": (210, 297),
}
DEFAULT_PAGE_SIZE = "a5"
UNITS = {"mm": 1.0, "cm": 10.0, "in": MM_PER_IN}
MARKS = ("crop", "cross")


def points(mm: float) -> float:
    """Millimetres as PDF points, rounded alike wherever a box is computed, so that
    boxes computed apart (a page's, its cover picture's) agree to the last digit."""
    return round(mm * PT_PER_MM, 3)


# A trim outside this range is a typo (`148x21mm`), not a book.
_MIN_SIDE_MM, _MAX_SIDE_MM = 70, 500
_MAX_BLEED_MM = 20


@dataclass(frozen=True)
class PageGeometry:
    """One page of the book: the trim, the type area inside it, the bleed and marks outside it."""

    width: float  # trim, mm
    height: float
    inside: float  # margins, mm; the inside (gutter) one is the wider
    outside: float
    top: float
    bottom: float
    font_size: float  # body type, pt
    bleed: float = 0.0  # mm beyond the trim on every side
    marks: tuple[str, ...] = ()  # printer's marks drawn outside the bleed: "crop", "cross"

    @property
    def text_width(self) -> float:
        return self.width - self.inside - self.outside

    @property
    def marks_margin(self) -> float:
        """How far the media box reaches beyond the trim to leave room for marks, in mm.

        Marks start where the bleed ends (at least 3 mm from the trim, so a guillotine
        never cuts into them) and are 5 mm long, with 2 mm of paper beyond them.
        """
        return self.mark_offset + 5.0 + 2.0 if self.marks else self.bleed

    @property
    def mark_offset(self) -> float:
        return max(self.bleed, 3.0)


def parse_length(text: str, what: str) -> float:
    """`3mm`, `0.125in`, `0.3cm` or `0` -> millimetres."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(mm|cm|in)?\s*", text.lower())
    if not match or (match.group(2) is None and float(match.group(1)) != 0):
        raise UsageError(f"{what} {text!r} is not a length such as 3mm, 0.125in or 0.3cm")
    return float(match.group(1)) * UNITS[match.group(2) or "mm"]


def parse_page_size(text: str) -> tuple[float, float]:
    """A trim size name (`a5`, `6x9in`) or `WxH` with a unit (`130x200mm`, `5.25x8in`) -> mm."""
    key = re.sub(r"\s+", "", text.lower()).replace("×", "x")
    if key in TRIM_SIZES:
        return TRIM_SIZES[key]
    match = re.fullmatch(r"(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)(mm|cm|in)", key)
    if not match:
        names = ", ".join(TRIM_SIZES)
        raise UsageError(f"unknown page size {text!r}; use one of {names}, or WxH in mm, cm or in (130x200mm)")
    scale = UNITS[match.group(3)]
    width, height = float(match.group(1)) * scale, float(match.group(2)) * scale
    for side in (width, height):
        if not _MIN_SIDE_MM <= side <= _MAX_SIDE_MM:
            raise UsageError(
                f"page size {text!r} is {width:.0f}×{height:.0f} mm; a book page is "
                f"between {_MIN_SIDE_MM} and {_MAX_SIDE_MM} mm on each side"
            )
    return width, height


def parse_marks(text: str | None) -> tuple[str, ...]:
    """`crop`, `cross`, `crop,cross` (or `none`) -> the marks, in a fixed order."""
    if not text or text.strip().lower() in ("none", ""):
        return ()
    names = {part.strip().lower() for part in text.split(",") if part.strip()}
    unknown = sorted(names - set(MARKS))
    if unknown:
        raise UsageError(f"unknown printer's mark {', '.join(unknown)}; use crop, cross or crop,cross")
    return tuple(mark for mark in MARKS if mark in names)


def page_geometry(page_size: str = DEFAULT_PAGE_SIZE, bleed: str | float = 0, marks: str | None = None) -> PageGeometry:
    """The page for a trim size, with margins and type size scaled to it."""
    width, height = parse_page_size(page_size)
    bleed_mm = bleed if isinstance(bleed, (int, float)) else parse_length(bleed, "bleed")
    if not 0 <= bleed_mm <= _MAX_BLEED_MM:
        raise UsageError(f"a bleed of {bleed_mm:g} mm is not usable; print shops ask for 3 mm (0.125in)")
    # Type grows with the page, gently (A6 ≈ 9pt, A5 ≈ 10.5pt, 6×9in ≈ 10.7pt), capped
    # at 12pt: bigger pages get wider margins instead of ever longer lines.
    font_size = round(min(12.0, max(8.5, 10.5 * (width / 148) ** 0.5)), 2)
    # The classic proportions: the gutter wider than the outer margin (the two pages
    # of a spread read as one block), the foot deeper than the head (room for the folio).
    inside, outside = 0.13 * width, 0.09 * width
    top, bottom = 0.08 * height, 0.10 * height
    # Keep the measure at most ~33 ems (about 70 characters): on letter or A4 paper a
    # line across the whole page is tiring to read, so the margins widen instead.
    max_text_width = 33 * font_size / PT_PER_MM
    if width - inside - outside > max_text_width:
        spare = width - max_text_width
        inside, outside = spare * 13 / 22, spare * 9 / 22
    return PageGeometry(
        width=round(width, 3),
        height=round(height, 3),
        inside=round(inside, 2),
        outside=round(outside, 2),
        top=round(top, 2),
        bottom=round(bottom, 2),
        font_size=font_size,
        bleed=round(bleed_mm, 3),
        marks=parse_marks(marks) if isinstance(marks, str) or marks is None else tuple(marks),
    )


def page_css(geometry: PageGeometry) -> str:
    """`@page` rules for the text pages: trim, bleed, mirrored margins, the body type size.

    Right-hand (recto) pages have the gutter on the left, left-hand (verso) pages on
    the right. WeasyPrint numbers pages from a recto, and every part of the book it
    lays out starts on one, so `:left`/`:right` are the real sides of the sheet.
    The named pages `recto` and `verso` give the same geometry to the page furniture
    (running heads and folios), which is laid out apart from the text.
    """
    g = geometry
    recto = f"margin: {g.top}mm {g.outside}mm {g.bottom}mm {g.inside}mm;"
    verso = f"margin: {g.top}mm {g.inside}mm {g.bottom}mm {g.outside}mm;"
    # Printer's marks are drawn by the PDF writer outside the bleed, not by WeasyPrint
    # (whose marks sit inside the bleed, where a full-bleed picture would cover them).
    return (
        f"@page {{ size: {g.width}mm {g.height}mm; bleed: {g.bleed}mm; marks: none; {recto} }}\n"
        f"@page :right {{ {recto} }}\n@page :left {{ {verso} }}\n"
        f"@page recto {{ {recto} }}\n@page verso {{ {verso} }}\n"
        f"html {{ font-size: {g.font_size}pt; }}\n"
    )

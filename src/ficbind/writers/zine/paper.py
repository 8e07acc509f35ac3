"""Turn paper names and page sizes into sheet sizes and into where each page lands on a sheet.

`--sheet a4` or `--sheet 8.5x11in` -> a `Paper`; a reading page size -> the sheet
that holds two such pages side by side at full size (A5 pages on A4, half-letter on
letter); a page size and a cell on the sheet -> the scale and position that fit it.
All lengths are PDF points (1/72 inch).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...errors import UsageError

MM = 72 / 25.4
INCH = 72.0


@dataclass(frozen=True)
class Paper:
    """A sheet of paper, always held in landscape (width >= height) for imposing."""

    name: str  # what the user calls it: "A4", "letter", "210 × 297 mm"
    width: float
    height: float

    @classmethod
    def landscape(cls, name: str, a: float, b: float) -> Paper:
        return cls(name, max(a, b), min(a, b))


# Sheets a home printer, a copy shop or a fanbinder's supplier is likely to hold,
# smallest first, so that choosing "the smallest sheet that fits" walks this list.
PAPERS = {
    "a6": Paper.landscape("A6", 105 * MM, 148 * MM),
    "a5": Paper.landscape("A5", 148 * MM, 210 * MM),
    "b5": Paper.landscape("B5", 176 * MM, 250 * MM),
    "letter": Paper.landscape("letter", 8.5 * INCH, 11 * INCH),
    "a4": Paper.landscape("A4", 210 * MM, 297 * MM),
    "legal": Paper.landscape("legal", 8.5 * INCH, 14 * INCH),
    "b4": Paper.landscape("B4", 250 * MM, 353 * MM),
    "tabloid": Paper.landscape("tabloid", 11 * INCH, 17 * INCH),
    "a3": Paper.landscape("A3", 297 * MM, 420 * MM),
}
ALIASES = {"ledger": "tabloid", "us-letter": "letter", "us-legal": "legal"}
# Sheets the mini-zine considers on its own: it is a one-sheet home-printer format.
MINIZINE_PAPERS = ("a4", "letter")

_UNITS = {"mm": MM, "cm": 10 * MM, "in": INCH, "pt": 1.0}
_CUSTOM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)\s*$", re.IGNORECASE)
# Two sizes within a point of each other are the same size (WeasyPrint writes A5 as
# 419.528 pt where 148 mm is 419.527…), and a sheet 2 mm or less larger than the pages
# needs no trimming.
SAME = 1.0
TRIM_SLACK = 2 * MM
# When pages must shrink to fit, keep this much paper around them: home printers
# cannot print to the edge of the sheet.
SHRINK_MARGIN = 5 * MM


def parse_paper(text: str) -> Paper:
    """`a4`, `Letter`, `210x297mm`, `8.5x11in` -> a Paper; anything else is a usage error."""
    key = text.strip().lower()
    key = ALIASES.get(key, key)
    if key in PAPERS:
        return PAPERS[key]
    match = _CUSTOM.match(text)
    if match:
        a, b, unit = float(match[1]), float(match[2]), match[3].lower()
        if a > 0 and b > 0:
            return Paper.landscape(f"{match[1]} × {match[2]} {unit}", a * _UNITS[unit], b * _UNITS[unit])
    known = ", ".join(PAPERS)
    raise UsageError(f"unknown sheet size {text!r}; choose one of {known}, or give one such as 210x297mm or 8.5x11in")


def booklet_paper(page_width: float, page_height: float) -> Paper:
    """The smallest listed sheet that holds two pages side by side at full size.

    A5 pages go on A4, A6 on A5, half-letter on letter, 5 × 8 in on letter. Pages
    too large for every listed sheet go on the one that shrinks them least.
    """
    spread = (2 * page_width, page_height)
    for paper in PAPERS.values():
        if paper.width + SAME >= spread[0] and paper.height + SAME >= spread[1]:
            return paper
    return max(PAPERS.values(), key=lambda p: min(p.width / spread[0], p.height / spread[1]))


def minizine_paper(page_width: float, page_height: float) -> Paper:
    """A4 or letter, whichever's eighth has the page's proportions (A7 pages: A4; US sizes: letter)."""
    ratio = page_height / page_width

    def mismatch(paper: Paper) -> float:
        cell_ratio = (paper.height / 2) / (paper.width / 4)
        return abs(cell_ratio - ratio)

    return min((PAPERS[name] for name in MINIZINE_PAPERS), key=mismatch)


@dataclass(frozen=True)
class Fit:
    """How reading pages are drawn: scaled by `scale`, `slack` points of sheet left around the spread."""

    scale: float
    slack_x: float  # paper left and right of the pages, on each side
    slack_y: float  # paper above and below the pages

    @property
    def needs_trimming(self) -> bool:
        return self.slack_x > TRIM_SLACK or self.slack_y > TRIM_SLACK


def fit_spread(paper: Paper, page_width: float, page_height: float, columns: int, rows: int,
               enlarge: bool = False) -> Fit:
    """Scale a grid of `columns` × `rows` pages onto the sheet, centred.

    Pages that fit keep their size (a booklet is trimmed to the book's own size, so it
    is never enlarged unless asked). Pages that do not fit shrink until they do with
    SHRINK_MARGIN of paper around them.
    """
    width, height = columns * page_width, rows * page_height
    exact = min(paper.width / width, paper.height / height)
    # Same proportions (A5 pages on A4, A4 pages shrunk onto A4, A7 in A4's eighths):
    # fill the sheet, edge to edge, with no margin added.
    same_shape = paper.width - exact * width <= 2 * TRIM_SLACK and paper.height - exact * height <= 2 * TRIM_SLACK
    if exact >= 1 and not enlarge:
        scale = 1.0
    elif exact >= 1 or same_shape:
        scale = exact
    else:
        scale = min((paper.width - 2 * SHRINK_MARGIN) / width, (paper.height - 2 * SHRINK_MARGIN) / height)
    if abs(scale - 1) < 1e-3:
        scale = 1.0
    return Fit(scale, (paper.width - scale * width) / 2, (paper.height - scale * height) / 2)

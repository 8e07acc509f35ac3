"""Turn a page count into a plan of sheets: which reading page goes in which cell of which sheet side.

Pure arithmetic, no PDF: a booklet (one saddle-stitched stack of folded sheets),
fanbinding signatures (several small booklets one after another) and the classic
eight-page mini-zine. Pages are 0-based indexes into the reading PDF; `None` is a
blank page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Page = int | None  # an index into the reading PDF, or None for a blank page

MINIZINE_PAGES = 8


@dataclass(frozen=True)
class SheetSide:
    """One side of one printed sheet and the pages on it, cell by cell.

    A booklet side has two cells, left and right of the fold. A mini-zine side has
    eight, the top row (left to right) then the bottom row; the top row is printed
    upside down. `depth` says how deep the sheet sits inside its folded stack, from
    0 (outermost) to 1 (innermost); creep compensation moves pages by that share.
    """

    sheet: int  # 1-based, in print order
    side: Literal["front", "back"]
    cells: tuple[Page, ...]
    signature: int = 1  # 1-based; a plain booklet is one signature
    depth: float = 0.0


@dataclass(frozen=True)
class Plan:
    """Every sheet side in print order (front, back, front, back, …) and how the pages were padded."""

    sides: tuple[SheetSide, ...]
    pages: tuple[Page, ...]  # the reading pages in booklet order, blanks included
    signature_sheets: tuple[int, ...]  # folded sheets in each signature

    @property
    def sheet_count(self) -> int:
        return sum(self.signature_sheets)

    @property
    def blank_count(self) -> int:
        return sum(1 for page in self.pages if page is None)


def padded_pages(page_count: int, multiple: int, pad_before: int | None = None) -> tuple[Page, ...]:
    """The reading pages with blanks inserted before index `pad_before`, up to a multiple of `multiple`.

    By default the blanks go before the last page, the back cover's place, so the
    cover sheet still carries the book's first and last pages; a caller that knows
    where its back matter starts passes that index (or `page_count` for the end),
    so that blanks never fall in the middle of a story.
    """
    if page_count < 1:
        raise ValueError("there are no pages to impose")
    if pad_before is None:
        pad_before = page_count - 1 if page_count > 1 else page_count
    if not 0 <= pad_before <= page_count:
        raise ValueError(f"pad_before={pad_before} is outside the book's {page_count} pages")
    blanks = -page_count % multiple
    pages: list[Page] = list(range(page_count))
    pages[pad_before:pad_before] = [None] * blanks
    return tuple(pages)


def signature_sizes(sheet_count: int, sheets_per_signature: int | None) -> tuple[int, ...]:
    """Folded sheets in each signature: full signatures, then one shorter one for what is left.

    Fanbinders prefer a short last signature to a run of blank pages, so the book is
    padded only to a multiple of 4 pages and the last signature takes the remaining
    sheets (27 sheets in signatures of 5: 5, 5, 5, 5, 5, 2). None: one booklet.
    """
    if sheets_per_signature is None or sheets_per_signature >= sheet_count:
        return (sheet_count,)
    if sheets_per_signature < 1:
        raise ValueError("a signature needs at least one sheet")
    full, rest = divmod(sheet_count, sheets_per_signature)
    return (sheets_per_signature,) * full + ((rest,) if rest else ())


def booklet_sides(pages: Sequence[Page], first_sheet: int = 1, signature: int = 1) -> list[SheetSide]:
    """Saddle-stitch one stack: the outer sheet carries the first and last pages, the inner the middle.

    Printed two-sided, flipped on the short edge and folded as a stack, the sheets
    read in order: sheet 1 front is [last | first], its back [second | second-to-last].
    """
    count = len(pages)
    if count % 4:
        raise ValueError(f"a booklet needs a multiple of 4 pages, not {count}")
    sheets = count // 4
    sides = []
    for i in range(sheets):
        depth = i / (sheets - 1) if sheets > 1 else 0.0
        front = (pages[count - 1 - 2 * i], pages[2 * i])
        back = (pages[2 * i + 1], pages[count - 2 - 2 * i])
        sides.append(SheetSide(first_sheet + i, "front", front, signature, depth))
        sides.append(SheetSide(first_sheet + i, "back", back, signature, depth))
    return sides


def zine_plan(page_count: int, sheets_per_signature: int | None = None, pad_before: int | None = None) -> Plan:
    """A saddle-stitched booklet, or signatures of `sheets_per_signature` folded sheets each."""
    pages = padded_pages(page_count, 4, pad_before)
    sizes = signature_sizes(len(pages) // 4, sheets_per_signature)
    sides: list[SheetSide] = []
    start = 0
    for number, sheets in enumerate(sizes, 1):
        chunk = pages[start : start + 4 * sheets]
        sides.extend(booklet_sides(chunk, first_sheet=start // 4 + 1, signature=number))
        start += 4 * sheets
    return Plan(tuple(sides), pages, sizes)


# The classic one-sheet mini-zine, seen from the printed side with the sheet in
# landscape: the top row upside down holds pages 5 4 3 2, the bottom row 6 7 8 1.
# Folded in half lengthwise with the print outside, the top row lands behind the
# bottom row the right way up, and the cut between the middle panels lets the strip
# fold into a booklet with page 1 as the cover and page 8 as the back.
MINIZINE_CELLS = (4, 3, 2, 1, 5, 6, 7, 0)  # booklet position (0-based) of each cell
MINIZINE_UPSIDE_DOWN = (True, True, True, True, False, False, False, False)


def minizine_plan(page_count: int, pad_before: int | None = None) -> Plan:
    """One sheet side holding eight pages in the cut-and-fold layout."""
    if page_count > MINIZINE_PAGES:
        raise ValueError(f"a mini-zine holds {MINIZINE_PAGES} pages, not {page_count}")
    pages = padded_pages(page_count, MINIZINE_PAGES, pad_before)
    cells = tuple(pages[position] for position in MINIZINE_CELLS)
    return Plan((SheetSide(1, "front", cells),), pages, (1,))

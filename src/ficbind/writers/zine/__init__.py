"""Turn a reading PDF into zines: a folded booklet, fanbinding signatures, or a one-sheet mini-zine.

    reading PDF bytes -> Imposition (the imposed PDF or PDFs, and what is on them)

`plan` decides which page goes where, `paper` picks and fits the sheet, `sheets`
draws the pages on it with pikepdf, and `instructions` says how to print and fold
the result. The reading PDF is not changed; its pages are reused as form XObjects.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import UsageError
from .paper import MM, Fit, Paper, booklet_paper, fit_spread, minizine_paper, parse_paper
from .plan import MINIZINE_PAGES, Plan, minizine_plan, zine_plan

DUPLEX_EDGES = ("short", "long")
MAX_CREEP_MM = 10.0


@dataclass(frozen=True)
class ZineOptions:
    """What `--sheet`, `--signature`, `--duplex`, `--single-sided`, `--fold-marks`, `--creep` and
    `--openings` ask for."""

    sheet: str | None = None  # a paper name or size; None: chosen from the page size
    signature: int | None = None  # folded sheets per signature; None: one saddle-stitched booklet
    duplex: str = "short"  # the edge a duplex printer flips the sheet on
    single_sided: bool = False  # fronts and backs as two PDFs, for printers without duplex
    marks: bool = False  # fold marks, and cut marks where the pages are smaller than the sheet
    creep: float = 0.0  # mm the innermost sheet's pages move toward the fold
    # Where stories open: "any" page (a zine maker pays for every sheet) or "right", as in
    # a bound book, with a blank left-hand page before a story when needed.
    openings: str = "any"

    def __post_init__(self) -> None:
        if self.duplex not in DUPLEX_EDGES:
            raise UsageError(f"--duplex {self.duplex!r}: choose short or long (the edge the printer flips on)")
        if self.signature is not None and self.signature < 1:
            raise UsageError(f"--signature {self.signature}: a signature needs at least one folded sheet")
        if not 0 <= self.creep <= MAX_CREEP_MM:
            raise UsageError(f"--creep {self.creep:g}: give the push-out in millimetres, from 0 to {MAX_CREEP_MM:g}")
        if self.openings not in ("any", "right"):
            raise UsageError(f"--openings {self.openings!r}: choose any (stories open on either page) or right")
        if self.sheet is not None:
            parse_paper(self.sheet)

    @property
    def asked(self) -> bool:
        """Whether any zine option differs from its default (they mean nothing without a zine format)."""
        return self != ZineOptions()


@dataclass(frozen=True)
class ImposedFile:
    suffix: str  # added to the book's file stem: "-zine", "-zine-fronts", "-minizine"
    data: bytes


@dataclass(frozen=True)
class Imposition:
    kind: str  # "zine" or "minizine"
    files: tuple[ImposedFile, ...]
    plan: Plan
    paper: Paper
    fit: Fit
    options: ZineOptions
    # Pages of the reading PDF with nothing on them (the left-hand pages before a story that
    # opens on the right, an inside cover): the instructions count them with the padding.
    blank_reading_pages: int = 0
    # Sheets the same book takes with every story opening on a right-hand page, when its
    # stories open on either page: the instructions say how many that saved.
    sheets_if_right: int | None = None

    @property
    def blank_count(self) -> int:
        """Every blank page of the zine: the reading PDF's own, and those padding it to whole sheets."""
        return self.plan.blank_count + self.blank_reading_pages

    def instructions(self, names: list[str]) -> list[str]:
        """How to print and fold these files, given the names the user will see them under."""
        from .instructions import minizine_instructions, zine_instructions

        return (minizine_instructions if self.kind == "minizine" else zine_instructions)(self, names)


def _open(reading_pdf: bytes):
    import io

    import pikepdf

    try:
        return pikepdf.open(io.BytesIO(reading_pdf))
    except pikepdf.PdfError as error:
        raise UsageError(f"the reading PDF cannot be imposed: {error}") from None


def _blank_pages(pdf) -> int:
    """Pages whose content streams draw nothing (the join writes blank pages as an empty stream)."""
    import pikepdf

    def is_blank(page) -> bool:
        contents = page.obj.get("/Contents")
        if contents is None:
            return True
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        return all(not stream.read_bytes().strip() for stream in streams)

    return sum(1 for page in pdf.pages if is_blank(page))


def page_count(reading_pdf: bytes) -> int:
    with _open(reading_pdf) as pdf:
        return len(pdf.pages)


def impose_zine(reading_pdf: bytes, options: ZineOptions = ZineOptions(), pad_before: int | None = None,
                pages_if_right: int | None = None) -> Imposition:
    """A booklet (or signatures) of the reading PDF, two pages per sheet side.

    `pad_before` is the 0-based page index the blank pages go before: by default the
    last page (the back cover's place); pass the first page of the back matter, or
    the page count to put them at the end.
    """
    from . import sheets

    with _open(reading_pdf) as pdf:
        count = len(pdf.pages)
        width, height = sheets.page_size(pdf)
        blanks = _blank_pages(pdf)
    paper = parse_paper(options.sheet) if options.sheet else booklet_paper(width, height)
    fit = fit_spread(paper, width, height, columns=2, rows=1)
    plan = zine_plan(count, options.signature, pad_before)
    drawing = sheets.Drawing(
        paper=paper,
        fit=fit,
        slots=sheets.booklet_slots(paper, fit, width, height),
        turn_backs=options.duplex == "long",
        creep=options.creep * MM,
        marks=(sheets.booklet_marks(paper, fit),) if options.marks else (),
    )
    files: tuple[ImposedFile, ...]
    if options.single_sided:
        fronts = [s for s in plan.sides if s.side == "front"]
        backs = [s for s in plan.sides if s.side == "back"]
        files = (
            ImposedFile("-zine-fronts", sheets.compose(reading_pdf, fronts, drawing)),
            ImposedFile("-zine-backs", sheets.compose(reading_pdf, backs, drawing)),
        )
    else:
        files = (ImposedFile("-zine", sheets.compose(reading_pdf, plan.sides, drawing)),)
    sheets_if_right = None if pages_if_right is None else zine_plan(pages_if_right, options.signature).sheet_count
    return Imposition("zine", files, plan, paper, fit, options, blanks, sheets_if_right)


def minizine_page_size(sheet: str | None, page_size: str) -> str:
    """The trim size of a mini-zine's pages: one eighth of its sheet (A7 on A4).

    The reading PDF for a mini-zine is laid out at this size, so the type is set for
    the panel it is printed on instead of being shrunk from a bigger page.
    """
    from ..pdf.geometry import parse_page_size

    if sheet:
        paper = parse_paper(sheet)
    else:
        width_mm, height_mm = parse_page_size(page_size)
        paper = minizine_paper(width_mm * MM, height_mm * MM)
    return f"{paper.width / 4 / MM:.2f}x{paper.height / 2 / MM:.2f}mm"


def impose_minizine(
    reading_pdf: bytes, options: ZineOptions = ZineOptions(), pad_before: int | None = None
) -> Imposition:
    """The eight-page cut-and-fold mini-zine: every page on one side of one sheet."""
    from . import sheets

    with _open(reading_pdf) as pdf:
        count = len(pdf.pages)
        width, height = sheets.page_size(pdf)
        blanks = _blank_pages(pdf)
    if count > MINIZINE_PAGES:
        raise UsageError(
            f"a mini-zine holds {MINIZINE_PAGES} pages, but this book has {count}; bind one short story, "
            "or make a booklet with --format zine"
        )
    paper = parse_paper(options.sheet) if options.sheet else minizine_paper(width, height)
    # The mini-zine is not trimmed: its panels are its pages, so pages grow or shrink to fill them.
    fit = fit_spread(paper, width, height, columns=4, rows=2, enlarge=True)
    plan = minizine_plan(count, pad_before)
    drawing = sheets.Drawing(
        paper=paper,
        fit=fit,
        slots=sheets.minizine_slots(paper, fit, width, height),
        marks=(sheets.minizine_marks(paper),) if options.marks else (),
    )
    files = (ImposedFile("-minizine", sheets.compose(reading_pdf, plan.sides, drawing)),)
    return Imposition("minizine", files, plan, paper, fit, options, blanks)


__all__ = ["ImposedFile", "Imposition", "ZineOptions", "impose_minizine", "impose_zine", "minizine_page_size",
           "page_count"]

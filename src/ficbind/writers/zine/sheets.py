"""Turn a reading PDF and a plan into an imposed PDF: each reading page drawn as a form XObject on its sheet.

Nothing is rasterised or copied: every reading page becomes one form XObject that
shares the reading PDF's fonts, and each sheet side is a short content stream that
places (and, for the mini-zine's top row or a long-edge back, turns) those forms.
The output carries the reading PDF's title and author, no outline or links (they
pointed at reading pages that no longer exist), and a /ID derived from its content,
so the same reading PDF always gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pikepdf

from ..pdf.save import save
from .paper import MM, Fit, Paper
from .plan import MINIZINE_UPSIDE_DOWN, SheetSide


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Slot:
    """Where one cell's page is drawn: `page` on the sheet, clipped to `clip`.

    `toward_fold` is +1 when the fold is to the page's right, -1 to its left, 0 when
    the page does not sit against a fold that creep compensation should move it to.
    """

    clip: Rect
    page: Rect
    upside_down: bool = False
    toward_fold: int = 0


def booklet_slots(paper: Paper, fit: Fit, page_width: float, page_height: float) -> tuple[Slot, Slot]:
    """Two pages meeting at the fold down the middle of the sheet, the spread centred on it."""
    width, height = fit.scale * page_width, fit.scale * page_height
    middle = paper.width / 2
    left = Slot(Rect(0, 0, middle, paper.height), Rect(middle - width, fit.slack_y, width, height), toward_fold=1)
    right = Slot(Rect(middle, 0, middle, paper.height), Rect(middle, fit.slack_y, width, height), toward_fold=-1)
    return left, right


def minizine_slots(paper: Paper, fit: Fit, page_width: float, page_height: float) -> tuple[Slot, ...]:
    """Eight cells, four across and two down, each page centred in its cell; the top row upside down."""
    cell_width, cell_height = paper.width / 4, paper.height / 2
    width, height = fit.scale * page_width, fit.scale * page_height
    slots = []
    for index, upside_down in enumerate(MINIZINE_UPSIDE_DOWN):
        column, row = index % 4, index // 4
        x, y = column * cell_width, (1 - row) * cell_height  # row 0 is the top row
        page = Rect(x + (cell_width - width) / 2, y + (cell_height - height) / 2, width, height)
        slots.append(Slot(Rect(x, y, cell_width, cell_height), page, upside_down))
    return tuple(slots)


def _number(value: float) -> str:
    """A PDF number: fixed decimals (never 1e-05), no trailing zeros, never "-0"."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _matrix(*values: float) -> str:
    return " ".join(_number(v) for v in values) + " cm"


def _form_box(form: pikepdf.Object) -> Rect:
    """The box a page's form XObject paints into: its /BBox (the page's TrimBox) through its /Matrix."""
    x0, y0, x1, y1 = (float(v) for v in form.BBox)
    a, b, c, d, e, f = (float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0]))
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in (x0, x1) for y in (y0, y1)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def page_size(pdf: pikepdf.Pdf, index: int = 0) -> tuple[float, float]:
    """A reading page's trimmed size as seen by a reader (turned by /Rotate)."""
    page = pdf.pages[index]
    x0, y0, x1, y1 = (float(v) for v in page.trimbox)
    width, height = abs(x1 - x0), abs(y1 - y0)
    if int(page.obj.get("/Rotate", 0)) % 180:
        width, height = height, width
    return width, height


def page_form(pdf: pikepdf.Pdf, index: int) -> pikepdf.Object:
    """Reading page `index` as a form XObject that shares the page's resources and compressed content.

    qpdf's form (BBox from the TrimBox, /Matrix for /Rotate and /UserUnit) holds an
    uncompressed copy of the content and a copy of the resource dictionary. Reusing
    the page's own compressed stream and its shared /Resources object keeps the zine
    about the size of the reading PDF, and spares a decompress-recompress per page.
    """
    page = pdf.pages[index]
    form = pdf.make_indirect(page.as_form_xobject())
    contents = page.obj.get("/Contents")
    if isinstance(contents, pikepdf.Stream) and "/Filter" in contents.stream_dict:
        # The filter is a Name or an Array, its parameters a Dictionary or an Array: pikepdf types them as Object.
        form.write(contents.read_raw_bytes(), filter=contents.Filter,  # type: ignore[arg-type]
                   decode_parms=contents.get("/DecodeParms"))  # type: ignore[arg-type]
    resources = page.obj.get("/Resources")
    if resources is not None and resources.is_indirect:
        form.Resources = resources
    return form


def _place(name: str, box: Rect, slot: Slot, shift: float) -> str:
    """Content that draws form `name` (painting into `box`) into the slot, shifted `shift` points across."""
    target = slot.page
    scale = min(target.width / box.width, target.height / box.height)
    # Centre within the target (they differ only when a page differs in size from the first).
    e = target.x + (target.width - scale * box.width) / 2 - scale * box.x
    f = target.y + (target.height - scale * box.height) / 2 - scale * box.y
    clip = slot.clip
    lines = ["q", f"{_number(clip.x)} {_number(clip.y)} {_number(clip.width)} {_number(clip.height)} re W n"]
    if slot.upside_down:
        # Half a turn about the centre of the target: (x, y) -> (2cx - x, 2cy - y).
        cx, cy = target.x + target.width / 2, target.y + target.height / 2
        lines.append(_matrix(-scale, 0, 0, -scale, 2 * cx - e + shift, 2 * cy - f))
    else:
        lines.append(_matrix(scale, 0, 0, scale, e + shift, f))
    lines += [f"{name} Do", "Q"]
    return "\n".join(lines)


@dataclass(frozen=True)
class Drawing:
    """Everything about the sheets that is the same on every side."""

    paper: Paper
    fit: Fit
    slots: tuple[Slot, ...]
    turn_backs: bool = False  # long-edge duplex: back sides printed half a turn round
    creep: float = 0.0  # points the innermost sheet's pages move toward the fold
    marks: Sequence[str] = ()  # content drawn on every front: fold and cut marks


def _side_content(side: SheetSide, drawing: Drawing, boxes: dict[int, Rect]) -> str:
    parts = []
    if side.side == "back" and drawing.turn_backs:
        parts += ["q", _matrix(-1, 0, 0, -1, drawing.paper.width, drawing.paper.height)]
    for slot, page in zip(drawing.slots, side.cells):
        if page is None:
            continue  # blank pages stay truly blank
        shift = slot.toward_fold * drawing.creep * side.depth
        parts.append(_place(f"/P{page + 1}", boxes[page], slot, shift))
    if side.side == "back" and drawing.turn_backs:
        parts.append("Q")
    if side.side == "front":
        parts.extend(drawing.marks)
    return "\n".join(parts) + "\n"


# Catalog entries that describe the reading pages (bookmarks, named destinations,
# page labels, the tag tree) or claim a conformance the imposed sheets no longer have.
_READING_ONLY = ("/Outlines", "/Dests", "/Names", "/PageLabels", "/StructTreeRoot", "/MarkInfo",
                 "/OpenAction", "/PageMode", "/Metadata")


def compose(reading_pdf: bytes, sides: Iterable[SheetSide], drawing: Drawing) -> bytes:
    """The imposed PDF: one page per sheet side, in the order given."""
    with pikepdf.open(io.BytesIO(reading_pdf)) as pdf:
        reading_count = len(pdf.pages)
        forms: dict[int, pikepdf.Object] = {}
        boxes: dict[int, Rect] = {}
        for side in sides:
            for page in side.cells:
                if page is not None and page not in forms:
                    forms[page] = page_form(pdf, page)
                    boxes[page] = _form_box(forms[page])
            sheet = pdf.add_blank_page(page_size=(drawing.paper.width, drawing.paper.height))
            # The sheet is what is printed and, once folded (and, for a mini-zine, cut
            # along its marks), what is read: its trim and bleed are the sheet itself.
            sheet.obj.TrimBox = sheet.obj.BleedBox = pikepdf.Array(sheet.obj.MediaBox)
            used = sorted({page for page in side.cells if page is not None})
            sheet.obj.Resources = pikepdf.Dictionary(
                XObject=pikepdf.Dictionary({f"/P{page + 1}": forms[page] for page in used})
            )
            sheet.obj.Contents = pdf.make_stream(_side_content(side, drawing, boxes).encode("ascii"))
        del pdf.pages[:reading_count]
        # Says to a preflight (ficbind check) that the pages are sheet sides, which may
        # be one or an odd number (a mini-zine, the fronts of a single-sided zine).
        info = pdf.trailer.get("/Info")
        if info is not None:
            info.Imposed = pikepdf.String("sheets to fold, one page per side of a sheet")
        for key in _READING_ONLY:
            if key in pdf.Root:
                del pdf.Root[key]
        return save(pdf)


# --- marks ------------------------------------------------------------------------

MARK_LENGTH = 6 * MM
MARK_GAP = 1 * MM
_PEN = "0 G 0.3 w [] 0 d"


def _line(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"{_number(x0)} {_number(y0)} m {_number(x1)} {_number(y1)} l S"


def booklet_marks(paper: Paper, fit: Fit) -> str:
    """Fold marks at the middle of the top and bottom edges; cut marks at the trim when pages
    are smaller than the sheet.

    A fold mark stays in the paper above and below the pages when there is room for it
    (it is trimmed off with that paper); otherwise it runs a few millimetres into the
    blank gutter margin, where the pages meet and nothing is trimmed.
    """
    width, height = paper.width, paper.height
    middle = width / 2
    room = fit.slack_y - MARK_GAP
    length = room if room >= 2 * MM else MARK_LENGTH
    lines = ["q", _PEN, _line(middle, height, middle, height - length), _line(middle, 0, middle, length)]
    if fit.needs_trimming:
        left, right = fit.slack_x, width - fit.slack_x
        bottom, top = fit.slack_y, height - fit.slack_y
        for x, outward in ((left, -1), (right, 1)):
            reach = min(MARK_LENGTH, fit.slack_x - MARK_GAP)
            if reach > 0.5 * MM:  # the trim is far enough inside the sheet edge to mark it
                for y in (bottom, top):
                    lines.append(_line(x + outward * MARK_GAP, y, x + outward * (MARK_GAP + reach), y))
        for y, outward in ((bottom, -1), (top, 1)):
            reach = min(MARK_LENGTH, fit.slack_y - MARK_GAP)
            if reach > 0.5 * MM:
                for x in (left, right):
                    lines.append(_line(x, y + outward * MARK_GAP, x, y + outward * (MARK_GAP + reach)))
    lines.append("Q")
    return "\n".join(lines)


def minizine_marks(paper: Paper) -> str:
    """The cut along the middle two panels (dashed) and fold ticks at every crease's ends."""
    width, height = paper.width, paper.height
    lines = ["q", _PEN]
    for x in (width / 4, width / 2, 3 * width / 4):
        lines += [_line(x, height, x, height - MARK_LENGTH), _line(x, 0, x, MARK_LENGTH)]
    lines += [_line(0, height / 2, MARK_LENGTH, height / 2), _line(width, height / 2, width - MARK_LENGTH, height / 2)]
    lines += ["[3 2] 0 d", _line(width / 4, height / 2, 3 * width / 4, height / 2), "Q"]
    return "\n".join(lines)

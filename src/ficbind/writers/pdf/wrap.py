"""Lay out a cover wrap: back cover, spine and front cover as one spread, at the trim size plus bleed.

`WrapJob` -> PDF bytes (`--format cover`, `<name>-cover.pdf`), for print-on-demand
services and charity zines whose covers are printed apart, on card, and wrapped round
the book block.

The spine is as thick as the book block: pages × the thickness of one page, or, as
print-on-demand services give it, pages ÷ the paper's pages per inch (PPI):

    spine = pages / PPI            (inches)
    width = 2 × trim width + spine + 2 × bleed
    height = trim height + 2 × bleed

| paper (as KDP and most POD services list it) | inches per page | PPI |
| --- | --- | --- |
| white, 50–60 lb (75–90 g/m²), the default   | 0.002252        | 444 |
| cream, 50–60 lb                             | 0.0025          | 400 |
| white, 70 lb (104 g/m²), colour interiors   | 0.002347        | 426 |

`--paper-ppi` sets the PPI, `--spine 12mm` the width itself (a printer's own figure
wins over any formula). The spine carries the title and the author, turned to read
from top to bottom (as English-language books do), when the book has at least 79
pages (below that POD services print nothing on it) and the type fits the spine's
width; otherwise the spine is left plain. The front is the cover picture, drawn to
the bleed, or, without one, the title and author set in the book's face; the back
carries the blurb (`[book] blurb`, else a one-story book's summary) and keeps a clear
area for the barcode the service prints (2 × 1.2 in, 0.25 in from the bottom and the
spine). With `marks`, thin guides show the spine folds and the safe area (0.125 in
inside the trim, where nothing important may go).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ...runtime import resources
from .fonts import font_faces, readable_roots
from .geometry import MM_PER_IN, parse_length

# Pages per inch of common papers (see above); the default is white 50–60 lb.
PAPERS = {"white": 1 / 0.002252, "cream": 1 / 0.0025, "white-70lb": 1 / 0.002347}
DEFAULT_PPI = PAPERS["white"]
MIN_SPINE_TEXT_PAGES = 79  # below this, print-on-demand services put no text on the spine
SAFE_MM = 0.125 * MM_PER_IN
BARCODE_MM = (2 * MM_PER_IN, 1.2 * MM_PER_IN)
BARCODE_MARGIN_MM = 0.25 * MM_PER_IN


def spine_width(pages: int, paper_ppi: float = DEFAULT_PPI, spine: str | None = None) -> float:
    """The spine's width in millimetres: `spine` ("12mm") when given, else pages ÷ PPI."""
    if spine:
        return parse_length(spine, "--spine")
    return pages / paper_ppi * MM_PER_IN


@dataclass(frozen=True)
class WrapJob:
    title: str
    author: str | None
    blurb: str | None
    pages: int  # the book block's page count (the reading PDF's)
    trim: tuple[float, float]  # the book's trim size, mm
    bleed: float  # mm
    font: str = resources.DEFAULT_FONT
    language: str = "en"
    picture: tuple[str, bytes] | None = None  # the cover picture's file name and bytes
    paper_ppi: float = DEFAULT_PPI
    spine: str | None = None
    marks: bool = False
    timestamp: int = 0

    @property
    def spine_mm(self) -> float:
        return spine_width(self.pages, self.paper_ppi, self.spine)

    @property
    def size(self) -> tuple[float, float]:
        """The wrap's trimmed size in mm (the bleed goes round it)."""
        width, height = self.trim
        return 2 * width + self.spine_mm, height


def spine_text_fits(job: WrapJob) -> bool:
    # Type at least 6 pt on a line as tall as the spine allows, with 1 mm either side.
    return job.pages >= MIN_SPINE_TEXT_PAGES and job.spine_mm >= 6 * 0.3528 * 1.3 + 2


def wrap_html(job: WrapJob) -> str:
    width, height = job.trim
    spine, bleed = job.spine_mm, job.bleed
    face = resources.font_family(job.font)
    front_left = width + spine
    author = escape(job.author or "")
    if job.picture is not None:
        front = (f'<img class="picture" src="{escape(job.picture[0])}" alt="" style="left:{front_left}mm; '
                 f'top:-{bleed}mm; width:{width + bleed}mm; height:{height + 2 * bleed}mm"/>')
    else:
        front = (f'<div class="front" style="left:{front_left}mm; width:{width}mm; height:{height}mm">'
                 f'<p class="title">{escape(job.title)}</p><p class="author">{author}</p></div>')
    blurb = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in (job.blurb or "").split("\n\n") if paragraph.strip())
    barcode_w, barcode_h = BARCODE_MM
    back = (f'<div class="back" style="left:{SAFE_MM * 2}mm; top:{SAFE_MM * 2}mm; width:{width - 4 * SAFE_MM}mm; '
            f'height:{height - 4 * SAFE_MM - barcode_h - BARCODE_MARGIN_MM}mm">{blurb}</div>'
            f'<div class="barcode" style="left:{width - BARCODE_MARGIN_MM - barcode_w}mm; '
            f'top:{height - BARCODE_MARGIN_MM - barcode_h}mm; width:{barcode_w}mm; height:{barcode_h}mm"></div>')
    spine_html = ""
    if spine_text_fits(job):
        size_pt = min(11.0, (spine - 2) / 0.3528 / 1.3)
        words = escape(job.title) + (f'<span class="by">{author}</span>' if author else "")
        # A box as long as the book is tall, turned a quarter clockwise about its top left
        # corner and moved onto the spine: it reads from top to bottom.
        spine_html = (f'<div class="spine" style="left:{width + spine}mm; top:0; width:{height}mm; '
                      f'height:{spine}mm; font-size:{size_pt:.2f}pt; line-height:{spine}mm">{words}</div>')
    guides = ""
    if job.marks:
        lines = [(width, 0, 0, height), (width + spine, 0, 0, height)]  # the spine's folds
        guides = "".join(f'<div class="fold" style="left:{x}mm; top:{y}mm; height:{h}mm"></div>'
                         for x, y, _, h in lines)
        for left in (0, width + spine):
            guides += (f'<div class="safe" style="left:{left + SAFE_MM}mm; top:{SAFE_MM}mm; '
                       f'width:{width - 2 * SAFE_MM}mm; height:{height - 2 * SAFE_MM}mm"></div>')
    css = (
        font_faces(face)
        + f"@page {{ size: {2 * width + spine}mm {height}mm; margin: 0; bleed: {bleed}mm;"
        + (" marks: crop;" if job.marks else "") + " }\n"
        + 'html { font-family: "Book", serif; color: black; } body { margin: 0; }\n'
        "div, img { position: absolute; box-sizing: border-box; }\n"
        "img.picture { object-fit: cover; }\n"
        ".front { padding: 30% 12mm 0; text-align: center; }\n"
        ".front .title { font-size: 26pt; line-height: 1.15; margin: 0 0 8mm; }\n"
        ".front .author { font-size: 14pt; font-style: italic; margin: 0; }\n"
        ".back { font-size: 10.5pt; line-height: 1.4; text-align: left; hyphens: auto; }\n"
        ".back p { margin: 0 0 0.6em; }\n"
        ".barcode { background: white; }\n"
        ".spine { transform-origin: 0 0; transform: rotate(90deg); text-align: center; white-space: nowrap;"
        " overflow: hidden; }\n"
        ".spine .by { font-style: italic; margin-left: 2em; }\n"
        ".fold { width: 0; border-left: 0.25pt solid black; }\n"
        ".safe { border: 0.25pt dashed black; }\n"
    )
    return (f'<!DOCTYPE html><html lang="{escape(job.language)}"><head><meta charset="utf-8"/>'
            f"<title>{escape(job.title)}</title><style>{css}</style></head>"
            f"<body>{back}{spine_html}{front}{guides}</body></html>")


def write_cover_wrap(job: WrapJob) -> bytes:
    """The cover wrap as PDF bytes: one page, TrimBox the wrap, BleedBox the bleed round it."""
    import io

    import pikepdf

    from .parts import PartJob, render_part
    from .save import save

    face = resources.font_family(job.font)
    part = render_part(PartJob("cover wrap", wrap_html(job), resources.styles_url(), readable_roots(face), (),
                               job.timestamp, kind="front", pictures=(job.picture,) if job.picture else ()))
    with pikepdf.open(io.BytesIO(part.pdf)) as pdf:
        width, height = (value * 72 / MM_PER_IN for value in job.size)
        bleed = job.bleed * 72 / MM_PER_IN
        page = pdf.pages[0].obj
        x0, y0 = float(page.TrimBox[0]), float(page.TrimBox[1])
        page.TrimBox = pikepdf.Array([x0, y0, x0 + width, y0 + height])
        page.BleedBox = pikepdf.Array([x0 - bleed, y0 - bleed, x0 + width + bleed, y0 + height + bleed])
        # What the wrap was made for, so `ficbind check` can hold it against the book.
        info = pdf.trailer.get("/Info")
        if info is None:
            info = pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary())
        info.CoverWrap = pikepdf.String(describe(job))
        return save(pdf)


def describe(job: WrapJob) -> str:
    """`pages=320 spine=18.30mm trim=148.00x210.00mm`: the wrap's record of its book."""
    return f"pages={job.pages} spine={job.spine_mm:.2f}mm trim={job.trim[0]:.2f}x{job.trim[1]:.2f}mm"


def read_description(text: str) -> tuple[int, float, float, float] | None:
    """(pages, spine mm, trim width mm, trim height mm) from `describe`'s text, or None."""
    import re

    found = re.fullmatch(r"pages=(\d+) spine=([\d.]+)mm trim=([\d.]+)x([\d.]+)mm", text.strip())
    if not found:
        return None
    return int(found.group(1)), float(found.group(2)), float(found.group(3)), float(found.group(4))

"""The running heads and folios (writers/pdf/furniture.py): blocks set in the page margins, printing the same
glyphs at the same places as the margin boxes @top-center and @bottom-center would, at a fraction of the cost."""

from __future__ import annotations

import io
from html import escape

import pikepdf

from ficbind.runtime import resources
from ficbind.writers.pdf.fonts import font_faces, readable_roots
from ficbind.writers.pdf.furniture import Leaf, furniture_html, furniture_jobs
from ficbind.writers.pdf.geometry import page_css, page_geometry
from ficbind.writers.pdf.parts import PartJob, render_part

# The same pages as margin boxes: what the furniture used to be, and what a reader of
# CSS Paged Media expects a running head and a folio to be.
MARGIN_BOXES = """
div.leaf { break-before: page; string-set: head attr(data-head), folio attr(data-folio); }
div.leaf:first-child { break-before: auto; }
div.leaf.recto { page: recto; } div.leaf.verso { page: verso; }
@page recto, verso {
  @top-center { content: string(head); font-size: 0.82em; letter-spacing: 0.06em;
                font-variant-caps: small-caps; vertical-align: bottom; padding-bottom: 1.2em; }
  @bottom-center { content: string(folio); font-size: 0.9em; vertical-align: top; padding-top: 1.4em; }
}
"""


def _css(size: str = "a5") -> str:
    font = resources.font_family()
    return font_faces(font) + page_css(page_geometry(size)) + resources.stylesheet("print.css")


def _render(html: str):
    return render_part(PartJob("furniture", html, resources.styles_url(), readable_roots(resources.font_family()), (), 0,
                               kind="furniture"))


def _drawn(pdf: bytes) -> list[list[tuple[str, list[str]]]]:
    """Each page's text: where it is set (Tm), in which font and size (Tf), which glyphs (TJ)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return [[(str(op), [str(operand) for operand in operands])
                 for operands, op in pikepdf.parse_content_stream(page) if str(op) in ("Tm", "Tf", "TJ", "Tj")]
                for page in document.pages]


def test_heads_and_folios_sit_where_margin_boxes_put_them():
    heads = ["Novel", "Ünïcödé — “Quoted” & <Escaped>", "The Familiar Ferry", None]
    for size in ("a5", "6x9in"):
        leaves = [Leaf(0, k, "recto" if k % 2 == 0 else "verso", folio=None if k == 5 else str(k + 1),
                       head=heads[k % 4]) for k in range(8)]
        css = _css(size)
        html, owners = furniture_html(leaves, css, "en")
        divs = "".join(f'<div class="leaf {leaf.side}" data-head="{escape(leaf.head or "")}" '
                       f'data-folio="{escape(leaf.folio or "")}"></div>' for leaf in leaves)
        boxes = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/><style>{css}{MARGIN_BOXES}</style>'
                 f"</head><body>{divs}</body></html>")
        blocks, margin_boxes = _render(html), _render(boxes)
        assert blocks.page_count == margin_boxes.page_count == len(owners) == 8
        drawn = _drawn(blocks.pdf)
        assert drawn == _drawn(margin_boxes.pdf), size
        assert sum(op == "TJ" for page in drawn for op, _ in page) == 6 + 7  # six heads, seven folios


def test_a_leaf_with_nothing_to_print_is_left_out():
    leaves = [Leaf(0, 0, "recto", folio="1"), Leaf(None, None, "verso"), Leaf(1, 0, "recto", head="Novel")]
    html, owners = furniture_html(leaves, _css(), "en")
    assert owners == [0, 2]
    assert html.count('class="leaf ') == 2
    assert '<div class="folio">1</div>' in html and '<div class="running-head">Novel</div>' in html


def test_a_head_too_long_for_one_line_wraps_upwards_over_the_text_block():
    title = "A Much Longer Story Title Than Any Running Head Was Ever Meant to Carry, in Full, on Every Page"
    part = _render(furniture_html([Leaf(0, 0, "recto", folio="7", head=title)], _css(), "en")[0])
    (page,) = _drawn(part.pdf)
    lines = [float(operands[5]) for op, operands in page if op == "Tm"]
    geometry = page_geometry("a5")
    top = geometry.top * 96 / 25.4  # the page area's top edge, in CSS pixels, as WeasyPrint writes positions
    assert len(lines) == 3, "two lines of head, one folio"
    assert lines[0] < lines[1] < top < lines[2]


def test_a_long_run_of_pages_is_cut_into_documents_of_equal_length():
    leaves = [Leaf(0, k, "recto" if k % 2 == 0 else "verso", folio=str(k + 1)) for k in range(501)]
    jobs = furniture_jobs(leaves, "", "en", "file:///", (), 0)
    assert [len(owners) for _, owners in jobs] == [167, 167, 167]
    assert [owner for _, owners in jobs for owner in owners] == list(range(501))

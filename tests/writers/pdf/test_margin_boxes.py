"""Pages without margin boxes skip WeasyPrint's making of sixteen empty ones (writers/pdf/margin_boxes.py),
with the very same PDF; a page that has one keeps it."""

from __future__ import annotations

import subprocess

import pytest

from ficbind.runtime import resources
from ficbind.writers.pdf.fonts import font_faces, readable_roots
from ficbind.writers.pdf.geometry import page_css, page_geometry
from ficbind.writers.pdf.margin_boxes import skip_absent_margin_boxes
from ficbind.writers.pdf.parts import PartJob, render_part

STORY = (
    '<div class="story-part" lang="en"><section id="c1" class="chapter"><h3 class="chapter-title">One</h3>'
    + "".join(f"<p>Paragraph {k}: Wren watched the <em>patient</em> harbour, and the ferry was late. "
              "It wasn’t quiet — not quite — and the lamps were lit one by one along the quay.</p>"
              for k in range(40))
    + '</section><section id="c2" class="chapter"><h3 class="chapter-title">Two</h3><p>The end.</p></section></div>'
)


def _render(body: str, extra_css: str = "", tagged: bool = True):
    font = resources.font_family()
    css = font_faces(font) + page_css(page_geometry("a5")) + resources.stylesheet("print.css") + extra_css
    html = f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/><style>{css}</style></head><body>{body}</body></html>'
    return render_part(PartJob("margins", html, resources.styles_url(), readable_roots(font), ("c1", "c2"), 0,
                               tagged=tagged))


def test_text_pages_are_the_same_bytes_without_their_empty_margin_boxes(monkeypatch):
    from weasyprint import layout

    shortcut = _render(STORY)
    assert getattr(layout.make_margin_boxes, "_ficbind", False), "render_part installs the shortcut"
    monkeypatch.setattr(layout, "make_margin_boxes", layout.make_margin_boxes.__wrapped__)
    weasyprint_own = _render(STORY)
    assert shortcut.page_count == weasyprint_own.page_count >= 2
    assert shortcut.pdf == weasyprint_own.pdf


@pytest.mark.parametrize("rule", [
    '@page { @bottom-right { content: "folio " counter(page); } }',
    '@page :left { @left-middle { content: "V"; } }',
])
def test_a_page_with_a_margin_box_keeps_it(rule, tmp_path):
    part = _render(STORY, rule)
    path = tmp_path / "boxes.pdf"
    path.write_bytes(part.pdf)
    if "folio" in rule:
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        pages = text.split("\f")[:-1]
        assert all(f"folio {k}" in page for k, page in enumerate(pages, 1)), pages
        return
    # The outer margin of each page, 30 pt wide (pdftotext measures in points): only the
    # left-hand pages have a box there; a page type without one still skips them all.
    margin = subprocess.run(["pdftotext", "-x", "0", "-y", "0", "-W", "30", "-H", "600", str(path), "-"],
                            capture_output=True, text=True, check=True).stdout
    pages = margin.split("\f")[:-1]
    assert len(pages) == part.page_count
    assert [page.strip() for page in pages] == ["V" if k % 2 else "" for k in range(len(pages))]


def test_the_shortcut_is_installed_once():
    from weasyprint import layout

    skip_absent_margin_boxes()
    installed = layout.make_margin_boxes
    skip_absent_margin_boxes.cache_clear()
    skip_absent_margin_boxes()
    assert layout.make_margin_boxes is installed
    assert not getattr(installed.__wrapped__, "_ficbind", False)

"""No line of the printed book holds a lone word, or half of one, that would have fitted on the line it opens.

The glitch (a 20-story build of bench/corpus.py): a paragraph's line holding only
`hall‐`, with `way was bright. … It wasn’t` on the next, because the text before an
emphasised word ends with a space that WeasyPrint counted and Pango did not (see
writers/pdf/line_breaks.py). Here the same paragraph is laid out on pages of many
widths, a quarter of a point apart, so that on some of them that run of text ends
just at the margin, and every line is read back from the PDF.
"""

from __future__ import annotations

import subprocess

from ficbind.runtime import resources
from ficbind.writers.pdf.fonts import font_faces, readable_roots
from ficbind.writers.pdf.parts import PartJob, render_part

RUN = "hallway was bright. Wren walked the patient door, and the coat was tired. It wasn’t "
PARAGRAPH = f"<p>{RUN}<em>soft</em>, Oriel thought, it was restless.</p>"
# The run is about 326 pt wide in the book face at 10.5 pt (with 10 pt margins, on a
# page 346 pt wide); the pages go either side of that.
WIDTHS = [336 + step / 4 for step in range(0, 80)]


def _lines(pdf: bytes, tmp_path) -> list[list[str]]:
    path = tmp_path / "widths.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [[" ".join(line.split()) for line in page.splitlines() if line.strip()] for page in text.split("\f")[:-1]]


def test_a_run_that_fits_but_for_its_last_space_stays_on_its_line(tmp_path):
    font = resources.font_family()
    pages = "".join(f"@page w{k} {{ size: {width}pt 200pt; margin: 10pt; }}\n" for k, width in enumerate(WIDTHS))
    css = (font_faces(font) + pages + 'html { font-family: "Book"; font-size: 10.5pt; hyphens: auto; '
           "hyphenate-limit-chars: 6 3 3; } body, p { margin: 0; } p { text-align: justify; }\n"
           + "".join(f"div.w{k} {{ page: w{k}; }}\n" for k in range(len(WIDTHS))))
    body = "".join(f'<div class="w{k}">{PARAGRAPH}</div>' for k in range(len(WIDTHS)))
    html = f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/><style>{css}</style></head><body>{body}</body></html>'
    part = render_part(PartJob("widths", html, resources.styles_url(), readable_roots(font), (), 0))
    pages = _lines(part.pdf, tmp_path)
    assert len(pages) == len(WIDTHS)
    whole = [k for k, lines in enumerate(pages) if lines[0] == RUN.strip()]
    assert whole, "on some widths the run is exactly one line: the case that went wrong"
    for width, lines in zip(WIDTHS, pages):
        # Every line but the paragraph's last holds at least two words.
        lonely = [line for line in lines[:-1] if " " not in line]
        assert not lonely, f"{width} pt: a line holding only {lonely[0]!r}: {lines}"
        assert " ".join(lines).replace("‐ ", "").replace("‐", "").split() == \
            (RUN + "soft, Oriel thought, it was restless.").split()

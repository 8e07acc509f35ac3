"""WeasyPrint's own floor: a story's words as a plain WeasyPrint document, to set beside
ficbind's PDF of the same story.

    python bench/plain_weasyprint.py STORY.txt OUT.pdf [--no-heads] [--no-emphasis]

The paragraphs (blank-line separated) become `<p>` elements, justified and hyphenated,
in EB Garamond on A5 pages with ficbind's own margins and type size (from
writers/pdf/geometry.py), a running head (a string-set) and a folio in the margin
boxes; the author's `*emphasis*` and `_emphasis_` are set in italics, as ficbind and
pandoc set them (`--no-emphasis` leaves the asterisks in the text: an italic run costs
WeasyPrint a box and a change of face, about 9% of the layout of the generated novel).
No front matter, no chapter openings, no scene breaks, no tags: what any PDF of these
words through WeasyPrint costs. bench/compare.py times it (`--only floor`).
"""

from __future__ import annotations

import argparse
import html
import re
from pathlib import Path

# Plain-text emphasis as Markdown reads it: a word or words between single asterisks or
# underscores, the marks against the words and not inside a word.
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])")


def document(text: str, heads: bool = True, emphasis: bool = True) -> str:
    from ficbind.runtime.resources import font_family
    from ficbind.writers.pdf.geometry import page_geometry

    face, g = font_family("eb-garamond"), page_geometry("a5")
    boxes = ("@top-center { content: string(title); font-size: 0.82em; } "
             "@bottom-center { content: counter(page); font-size: 0.9em; }") if heads else ""
    css = f"""
@font-face {{ font-family: Book; src: url({face.regular.as_uri()}); }}
@font-face {{ font-family: Book; font-style: italic; src: url({face.italic.as_uri()}); }}
@page {{ size: {g.width}mm {g.height}mm; margin: {g.top}mm {g.outside}mm {g.bottom}mm {g.inside}mm; {boxes} }}
html {{ font-family: Book, serif; font-size: {g.font_size}pt; line-height: 1.35; }}
h1 {{ string-set: title content(); text-align: center; font-weight: normal; }}
p {{ margin: 0; text-indent: 1.2em; text-align: justify; hyphens: auto; }}
"""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    body = "".join(f"<p>{_set(p, emphasis)}</p>" for p in paragraphs)
    return f"<html lang=en><head><style>{css}</style></head><body><h1>Story</h1>{body}</body></html>"


def _set(paragraph: str, emphasis: bool) -> str:
    text = html.escape(paragraph, quote=False)
    return _EMPHASIS.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", text) if emphasis else text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("story", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--no-heads", action="store_true", help="no running head or folio")
    parser.add_argument("--no-emphasis", action="store_true", help="leave *emphasis* as typed, not in italics")
    args = parser.parse_args()
    import weasyprint

    source = document(args.story.read_text(encoding="utf-8"), heads=not args.no_heads, emphasis=not args.no_emphasis)
    args.out.write_bytes(weasyprint.HTML(string=source).write_pdf())


if __name__ == "__main__":
    main()

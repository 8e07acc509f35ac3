"""Show that two builds of a book look the same, page by page, where their bytes differ.

    python bench/same_pages.py OLD NEW [--dpi 100]

OLD and NEW are PDF files, or folders of them (as `bench/same_bytes.py --keep` writes:
the PDFs are matched by their path inside the folder). For each page it compares

- the text as it is drawn: each text-positioning, font and glyph operator (`Tm`, `Tf`,
  `TJ`, `Tj`), and each transformation (`cm`), in the page's content and in the forms
  it draws (the running heads and folios are forms), in order;
- the page rendered by Poppler's pdftoppm at `--dpi`, pixel by pixel;

and, for the whole file, every object reachable from the catalogue (the structure tree for
screen readers, the outline, the metadata…): the same dictionaries, arrays and decoded
stream data, whatever their object numbers and encodings. It prints one line per file:
how many pages, and what differs ("same objects" when only the serialisation changed).
Exits with 1 if any page differs. Needs pikepdf, Pillow and pdftoppm (poppler-utils).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pikepdf
from PIL import Image, ImageChops

DRAWING = {"Tm", "Tf", "TJ", "Tj", "cm"}


def drawn_text(page: pikepdf.Page) -> list[tuple[str, list[str]]]:
    """The page's text-drawing operators, forms followed where they are drawn."""
    out: list[tuple[str, list[str]]] = []

    def walk(instructions, resources, depth: int = 0) -> None:
        xobjects = resources.get("/XObject", {}) if resources is not None else {}
        for operands, operator in instructions:
            name = str(operator)
            if name in DRAWING:
                out.append((name, [str(operand) for operand in operands]))
            elif name == "Do" and depth < 8:
                form = xobjects.get(str(operands[0]))
                if form is not None and form.get("/Subtype") == "/Form":
                    walk(pikepdf.parse_content_stream(form), form.get("/Resources"), depth + 1)

    walk(pikepdf.parse_content_stream(page), page.obj.get("/Resources"))
    return out


def objects(pdf: pikepdf.Pdf) -> object:
    """Every object reachable from the catalogue, as plain values: object numbers, stream
    encodings and the links back up a tree (/Parent, /P) left out, pages by their number."""
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    seen: dict[tuple[int, int], int] = {}

    def plain(obj: object, top: bool = False) -> object:
        if isinstance(obj, pikepdf.Stream):
            entries = {key: value for key, value in obj.items() if key not in ("/Length", "/Filter", "/DecodeParms")}
            return ("stream", plain(pikepdf.Dictionary(entries)), obj.read_bytes())
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Array):
            if obj.is_indirect:
                if obj.objgen in pages and not top:
                    return ("page", pages[obj.objgen])
                if obj.objgen in seen:
                    return ("seen", seen[obj.objgen])
                seen[obj.objgen] = len(seen)
            if isinstance(obj, pikepdf.Array):
                return [plain(item) for item in obj]
            return {key: plain(value) for key, value in sorted(obj.items()) if key not in ("/Parent", "/P")}
        return repr(obj)

    return (plain(pdf.Root), [plain(page.obj, top=True) for page in pdf.pages])


def pixels(pdf: Path, dpi: int, folder: Path) -> list[Path]:
    prefix = folder / re.sub(r"\W", "_", str(pdf))
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(prefix)], check=True)
    return sorted(folder.glob(prefix.name + "-*.png"))


def compare(old: Path, new: Path, dpi: int) -> tuple[list[str], bool]:
    problems = []
    with pikepdf.open(old) as a, pikepdf.open(new) as b:
        if len(a.pages) != len(b.pages):
            return [f"{len(a.pages)} pages, now {len(b.pages)}"], False
        for number, (page_a, page_b) in enumerate(zip(a.pages, b.pages), 1):
            if drawn_text(page_a) != drawn_text(page_b):
                problems.append(f"page {number}: text drawn differently")
        same_objects = objects(a) == objects(b)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for number, (image_a, image_b) in enumerate(zip(pixels(old, dpi, folder), pixels(new, dpi, folder)), 1):
            box = ImageChops.difference(Image.open(image_a), Image.open(image_b)).getbbox()
            if box:
                problems.append(f"page {number}: pixels differ in {box}")
    return problems, same_objects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--dpi", type=int, default=100)
    args = parser.parse_args()
    if args.old.is_dir():
        pairs = [(path, args.new / path.relative_to(args.old)) for path in sorted(args.old.rglob("*.pdf"))]
    else:
        pairs = [(args.old, args.new)]
    failed = False
    for old, new in pairs:
        if not new.exists():
            print(f"{old}: no {new}")
            failed = True
            continue
        with pikepdf.open(old) as pdf:
            count = len(pdf.pages)
        problems, same_objects = compare(old, new, args.dpi)
        failed |= bool(problems)
        if old.read_bytes() == new.read_bytes():
            same = "same bytes"
        else:
            same = "looks the same, " + ("same objects" if same_objects else "other objects (tags, outline, metadata…)")
        print(f"{old.name}: {count} pages, " + ("; ".join(problems[:5]) if problems else same))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

"""Make the user guide's pictures from the sample anthology, so they show what ficbind makes today.

    python docs/make_pictures.py

Builds `samples/seed-anthology.toml` (EPUB, PDF and zine) into a temporary folder, then renders:

- `book-spread.png`: two facing pages of the printed book, with their running heads and folios;
- `title-page.png`: the book's title page;
- `zine-sheet.png`: the front of the zine's outer sheet, its typeset cover on the right;
- `epub-reader.png`: the EPUB in a reading app.

Pages are rendered with pdftoppm (poppler-utils) at a low resolution and saved as small palette PNGs.
The EPUB is shown by `bench/reading_app.py` when it is there and can run (it opens the book in epub.js in
headless Chromium); otherwise a story's page of the EPUB is drawn by headless Chromium alone, with the
EPUB's own stylesheet, at a phone's size.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
PICTURES = REPO / "docs" / "pictures"
SAMPLE = REPO / "samples" / "seed-anthology.toml"
NAME = "echoes-and-goodbyes"

# The reading-app screenshots (epub.js in headless Chromium; needs npm and playwright):
#   python bench/reading_app.py BOOK.epub -o DIR   -> DIR/story-text.png, DIR/story-opening.png, …
# When it is not there or cannot run, the EPUB's page is drawn by headless Chromium alone.
READING_APP_SCRIPT = REPO / "bench" / "reading_app.py"
READING_APP_PAGES = ("story-text.png", "story-opening.png")

RESOLUTION = 60  # pixels per inch: enough to see the layout, small enough to commit
PHONE = (420, 760)  # CSS pixels of the fallback EPUB screenshot
ZINE_SHEET_SIDE = 1  # the front of the outer sheet: the back cover and the typeset front cover


def build_sample(out: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "ficbind", "build", str(SAMPLE), "-o", str(out), "--format", "epub,pdf,zine",
         "--no-cache", "-q"],
        check=True,
    )


def render_page(pdf: Path, page: int, work: Path) -> Image.Image:
    """One page of a PDF as an image (pages count from 1)."""
    stem = work / f"{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(stem)], check=True)
    with Image.open(f"{stem}.png") as image:
        return image.convert("RGB")


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return next(int(line.split()[1]) for line in info.splitlines() if line.startswith("Pages:"))


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")


def spread(left: Image.Image, right: Image.Image) -> Image.Image:
    """Two facing pages as an open book shows them, with a thin gutter line and a grey surround."""
    border = 8
    width, height = left.width + right.width, max(left.height, right.height)
    picture = Image.new("RGB", (width + 2 * border, height + 2 * border), (200, 200, 200))
    picture.paste(left, (border, border))
    picture.paste(right, (border + left.width, border))
    for y in range(border, border + height):
        picture.putpixel((border + left.width, y), (170, 170, 170))
    return picture


def framed(page: Image.Image) -> Image.Image:
    border = 8
    picture = Image.new("RGB", (page.width + 2 * border, page.height + 2 * border), (200, 200, 200))
    picture.paste(page, (border, border))
    return picture


def save(picture: Image.Image, name: str) -> Path:
    """A small PNG: the page's few greys fit a 64-colour palette without visible loss."""
    path = PICTURES / name
    picture.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path


def first_text_spread(pdf: Path) -> tuple[int, int]:
    """The first two facing pages of story text: the pages after the first story's title page."""
    texts = page_texts(pdf)
    opening = next(number for number, text in enumerate(texts, start=1) if "Words:" in text)
    return opening + 1, opening + 2


def title_page(pdf: Path) -> int:
    """The title page: the first page naming the compiler."""
    texts = page_texts(pdf)
    return next(number for number, text in enumerate(texts, start=1) if "compiled by" in text)


def epub_in_reading_app(epub: Path, work: Path) -> Image.Image:
    png = work / "epub.png"
    shots = work / "shots"
    if READING_APP_SCRIPT.is_file():
        run = subprocess.run([sys.executable, str(READING_APP_SCRIPT), str(epub), "-o", str(shots)],
                             capture_output=True, text=True, check=False)
        taken = [shots / name for name in READING_APP_PAGES if (shots / name).is_file()]
        if run.returncode == 0 and taken:
            shutil.copy(taken[0], png)
        else:
            print(f"make_pictures: {READING_APP_SCRIPT.name} did not run ({run.stderr.strip()[-200:]}); "
                  "drawing the EPUB's page with Chromium alone", file=sys.stderr)
    if not png.is_file():
        chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if chromium is None:
            raise SystemExit("make_pictures: the EPUB picture needs Chromium (apt install chromium)")
        unpacked = work / "epub"
        with zipfile.ZipFile(epub) as book:
            book.extractall(unpacked)
        # The story's page in a frame with a reading app's margins, at a phone's size.
        page = unpacked / "EPUB" / "text" / "story-02-text.xhtml"
        screen = work / "screen.html"
        screen.write_text(
            '<!DOCTYPE html><html><body style="margin:0;background:#fbf8f1">'
            f'<iframe src="{page.as_uri()}" style="border:0;margin:28px 22px;'
            f'width:{PHONE[0] - 44}px;height:{PHONE[1] - 56}px"></iframe></body></html>',
            encoding="utf-8")
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--allow-file-access-from-files", f"--window-size={PHONE[0]},{PHONE[1]}",
                        f"--screenshot={png}", screen.as_uri()],
                       check=True, capture_output=True)
    with Image.open(png) as image:
        return framed(image.convert("RGB"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="also keep the built sample books in this folder")
    args = parser.parse_args()
    PICTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ficbind-pictures-") as temporary:
        work = Path(temporary)
        out = args.keep or work / "out"
        build_sample(out)
        book, zine, epub = out / f"{NAME}.pdf", out / f"{NAME}-zine.pdf", out / f"{NAME}.epub"

        left, right = first_text_spread(book)
        written = [
            save(spread(render_page(book, left, work), render_page(book, right, work)), "book-spread.png"),
            save(framed(render_page(book, title_page(book), work)), "title-page.png"),
            save(framed(render_page(zine, ZINE_SHEET_SIDE, work)), "zine-sheet.png"),
            save(epub_in_reading_app(epub, work), "epub-reader.png"),
        ]
    for path in written:
        print(f"{path.relative_to(REPO)}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()

"""Look at an EPUB as a reading app shows it: epub.js in headless Chromium, photographed.

    python bench/reading_app.py out/echoes-and-goodbyes.epub -o shots/

writes shots/cover.png, title-page.png, credits.png, contents.png (when the book has a
contents page), story-opening.png (the first story's first page) and, when the story's text
starts in a file of its own, story-text.png. epub.js is the engine inside many web
and desktop readers; seeing its pages is the quickest check of what CSS, the title
page and the front matter look like outside ficbind's own PDF.

Needs: Debian's chromium (`apt-get install chromium`), npm, and `pip install
playwright` (the `bench` extra). Playwright drives /usr/bin/chromium: its own browser
download (`playwright install`) is never used. epub.js and JSZip are installed from npm
into bench/reading_app/node_modules on the first run. The book is served on 127.0.0.1
only, from a temporary folder, for the length of the run.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

APP = Path(__file__).resolve().parent / "reading_app"
CHROMIUM = "/usr/bin/chromium"
# Headless, as root, on a machine with no network: no sandbox (root), no GPU, and none
# of Chromium's own connections home (refused here, and slow to fail).
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
# A phone-sized page, about a 6-inch e-reader's proportions.
WIDTH, HEIGHT = 600, 800
# The pages to photograph: (file name, the spine file that holds the page).
PAGES = [
    ("title-page", "text/title-page.xhtml"),
    ("credits", "text/credits.xhtml"),
    ("contents", "text/contents.xhtml"),
    ("story-opening", "text/story-01.xhtml"),
    ("story-text", "text/story-01-text.xhtml"),
]


def engine() -> Path:
    """The folder with epub.js and JSZip, installed from npm on the first run."""
    if not (APP / "node_modules" / "epubjs" / "dist" / "epub.min.js").exists():
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("reading_app: npm is needed once, to install epub.js (Debian: apt-get install npm)")
        subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(APP)], check=True)
    return APP


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # one line a file is noise here
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """`folder` served on 127.0.0.1 (a free port), in a thread; returns the server and its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def photograph(epub: Path, out: Path) -> list[Path]:
    """The book's cover, title page, contents and first story opening as PNGs in `out`."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    app = engine()
    written = []
    with tempfile.TemporaryDirectory(prefix="ficbind-reading-app-") as temporary:
        site = Path(temporary)
        shutil.copy(app / "index.html", site / "index.html")
        (site / "node_modules").symlink_to(app / "node_modules")
        shutil.copy(epub, site / "book.epub")
        server, url = serve(site)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS,
                                                     headless=True)
                page = browser.new_page(viewport={"width": WIDTH + 48, "height": HEIGHT + 48})
                problems: list[str] = []
                page.on("pageerror", lambda error: problems.append(str(error)))
                page.goto(url + "index.html")
                spine = page.evaluate(f"open_book('book.epub', {WIDTH}, {HEIGHT})")
                for name, href in [("cover", spine[0]), *PAGES]:
                    if href not in spine:
                        continue  # no contents page in a one-story book; no story-text file when it heads its text
                    page.evaluate("href => show(href)", href)
                    target = out / f"{name}.png"
                    page.screenshot(path=str(target))
                    written.append(target)
                browser.close()
                if problems:
                    print("reading_app: the page reported: " + "; ".join(problems), file=sys.stderr)
        finally:
            server.shutdown()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("epub", type=Path)
    parser.add_argument("-o", "--out", type=Path, default=Path("shots"))
    options = parser.parse_args()
    for path in photograph(options.epub, options.out):
        print(path)


if __name__ == "__main__":
    main()

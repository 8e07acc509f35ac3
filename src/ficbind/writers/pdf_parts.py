"""Turn one part of the printed book (an HTML document) into PDF pages, through WeasyPrint.

PartJob -> RenderedPart. A part is a piece of the book that starts on a recto and
can be laid out without knowing anything about the rest: the front matter, a story
(or several), or the page furniture. The job carries everything as plain strings and
numbers, so `render_part` can run in another process; the result says on which of its
pages each section starts and which pages WeasyPrint left blank.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

# Links between parts cannot be resolved by WeasyPrint (the target is in another
# document), so they are written as `ficbind-goto:<section id>` and the joiner turns
# them into links to the page the section starts on.
LINK_SCHEME = "ficbind-goto:"
# A data: URL carries its bytes inline, so the fetcher serves one (a small SVG ornament,
# say) without reaching anything, but only up to this length: not a way to smuggle in
# megabytes.
MAX_DATA_URL = 32 * 1024


@dataclass(frozen=True)
class PartJob:
    """Everything WeasyPrint needs to lay out one part; plain data, so it pickles."""

    name: str  # for messages: "front matter", "story 3"
    html: str
    base_url: str
    roots: tuple[str, ...]  # folders the URL fetcher may serve files from
    sections: tuple[str, ...]  # element ids whose first page the caller needs
    timestamp: int  # seconds since the epoch, stamped into the subset fonts


@dataclass(frozen=True)
class RenderedPart:
    pdf: bytes
    page_count: int
    starts: dict[str, int]  # section id -> the 0-based page of this part it starts on
    blank_pages: frozenset[int]  # pages WeasyPrint left empty (before a section that opens on a recto)
    refused: tuple[str, ...]  # URLs the fetcher refused (none, unless a stylesheet is wrong)
    boxes: tuple[str, ...] = ()  # characters no font had, drawn as empty boxes (.notdef)


def package_data_fetcher(roots: list[Path]):
    """A WeasyPrint URL fetcher that serves files under `roots` (and small data: URLs) and
    refuses every other URL: file:// elsewhere, http(s)://, ftp://, large data: URLs.

    Story text is escaped, so no story can add a URL to the document; this is the
    second lock on that door: nothing can make the renderer read a local file or
    reach the network. Refused URLs are kept on the fetcher for the build report.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PackageDataFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return URLFetcherResponse(path.as_uri(), body=path.read_bytes())
            elif parsed.scheme == "data" and len(url) <= MAX_DATA_URL:
                from urllib.request import DataHandler, Request

                # The bytes are in the URL itself: decoding them reaches nothing.
                try:
                    response = DataHandler().data_open(Request(url))
                except (ValueError, OSError):
                    pass
                else:
                    return URLFetcherResponse(url, body=response.read(), headers=response.headers)
            # Kept short: a refused data: URL could be megabytes long.
            self.refused.append(url if len(url) <= 200 else url[:200] + "…")
            raise ValueError(f"ficbind does not fetch {url[:200]}")

    return PackageDataFetcher()


def _with_boxes(render):
    """Report, on the part, the characters WeasyPrint drew as empty boxes while drawing it.

    WeasyPrint logs each glyph no font has, and that log is the only place saying so:
    the character did not come from some font of this computer, it became a .notdef
    box. So listen to its log while the part is drawn."""
    @functools.wraps(render)
    def rendering(job: PartJob) -> RenderedPart:
        collector = _NotdefCollector()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collector)
        try:
            part = render(job)
        finally:
            logger.removeHandler(collector)
        return dataclasses.replace(part, boxes=tuple(sorted(collector.characters)))

    return rendering


@_with_boxes
def render_part(job: PartJob) -> RenderedPart:
    """Lay out and draw one part. A top-level function, so a process pool can run it."""
    from weasyprint import HTML  # imported here: the EPUB path never pays for WeasyPrint

    fetcher = package_data_fetcher([Path(root) for root in job.roots])
    document = HTML(string=job.html, url_fetcher=fetcher, base_url=job.base_url).render()
    wanted = set(job.sections)
    starts: dict[str, int] = {}
    blank: set[int] = set()
    for number, page in enumerate(document.pages):
        # WeasyPrint lists, per page, the ids of the elements with a box on it; every
        # piece of content sits inside a section with an id, so a page listing none
        # is one it left blank to bring the next section onto a recto.
        if not page.anchors:
            blank.add(number)
        for anchor in page.anchors:
            if anchor in wanted and anchor not in starts:
                starts[anchor] = number
    # The parts are joined into a new PDF, which gets the book's own metadata; fixed
    # dates here keep each part (and so the cache of parts) reproducible.
    document.metadata.created = document.metadata.modified = "2000-01-01T00:00:00Z"
    with _font_timestamp(job.timestamp):
        pdf = document.write_pdf()
    return RenderedPart(pdf, len(document.pages), starts, frozenset(blank), tuple(fetcher.refused))


def render_sequentially(jobs: list[PartJob]) -> list[RenderedPart]:
    """Render parts one after another in this process: the path for small books.
    A process pool's `map` can stand in for this (issue 8): the jobs are independent."""
    return [render_part(job) for job in jobs]


# WeasyPrint's own word, logged as it draws a glyph no font has: the only place that
# knows a character became an empty box rather than a glyph from some system font.
_NOTDEF = re.compile(r"\.notdef glyph rendered .*\(U\+(?P<code>[0-9A-Fa-f]{4,6})\)")


class _NotdefCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.characters: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            found = _NOTDEF.search(record.getMessage())
        except (TypeError, ValueError):
            return
        if found:
            self.characters.add(chr(int(found.group("code"), 16)))


@contextmanager
def _font_timestamp(seconds: int):
    """fontTools stamps every subset font it writes with the current time, unless
    SOURCE_DATE_EPOCH is set; set it for the duration of the write."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(seconds)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved

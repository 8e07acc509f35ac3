"""Write a `Book` as a PDF for reading and printing, through WeasyPrint.

Book -> bytes. The same XHTML sections as the EPUB, in one HTML document, with the
print stylesheet, the shipped book face and a URL fetcher that serves ficbind's own
package data and nothing else.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlparse

from .. import resources
from ..model import Book
from . import xhtml


@dataclass(frozen=True)
class PdfOptions:
    page_size: str = "A5"
    font: str = resources.DEFAULT_FONT


def _allowed_roots(font: resources.FontFamily) -> list[Path]:
    return [resources.styles_dir().resolve(), font.regular.parent.resolve()]


def package_data_fetcher(roots: list[Path]):
    """A WeasyPrint URL fetcher that serves files under `roots` and refuses every other URL.

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
            self.refused.append(url)
            raise ValueError(f"ficbind does not fetch {url}")

    return PackageDataFetcher()


def _font_faces(font: resources.FontFamily) -> str:
    # Variable fonts: one file covers every weight, so declare the range.
    return "".join(
        f'@font-face {{ font-family: "Book"; src: url("{path.as_uri()}"); font-style: {style}; font-weight: 400 800; }}\n'
        for path, style in ((font.regular, "normal"), (font.italic, "italic"))
    )


def _html(book: Book, options: PdfOptions, font: resources.FontFamily) -> str:
    sections = xhtml.render_book(book, href=lambda section_id: f"#{section_id}")
    css = _font_faces(font) + f"@page {{ size: {options.page_size}; }}\n" + resources.stylesheet("print.css")
    meta = [f'<meta name="author" content="{xhtml.escape(book.meta.compiler)}"/>'] if book.meta.compiler else []
    keywords = sorted({tag for s in book.stories for tag in s.meta.fandoms}, key=str.casefold)
    if keywords:
        meta.append(f'<meta name="keywords" content="{xhtml.escape(", ".join(keywords))}"/>')
    # Front matter and body matter each sit in one wrapper, so each is a single page
    # group: the folio restarts at 1 once, on the first body page (`:nth(1 of body)`).
    front = "\n".join(section.html for section in sections if section.front_matter)
    main = "\n".join(section.html for section in sections if not section.front_matter)
    body = f'<div class="front-matter">{front}</div><div class="body-matter">{main}</div>'
    lang = xhtml.escape(book.meta.language)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"/>'
        f"<title>{xhtml.escape(book.meta.title)}</title>{''.join(meta)}<style>{css}</style></head>"
        f"<body>{body}</body></html>"
    )


def write_pdf(book: Book, modified: datetime, options: PdfOptions = PdfOptions()) -> bytes:
    from weasyprint import HTML  # imported here: the EPUB path never pays for WeasyPrint

    font = resources.font_family(options.font)
    fetcher = package_data_fetcher(_allowed_roots(font))
    document = HTML(string=_html(book, options, font), url_fetcher=fetcher, base_url=resources.styles_dir().as_uri() + "/")
    rendered = document.render()
    # Fixed dates (from SOURCE_DATE_EPOCH or the manifest) keep the bytes reproducible.
    stamp = modified.strftime("%Y-%m-%dT%H:%M:%SZ")
    rendered.metadata.created = stamp
    rendered.metadata.modified = stamp
    with _font_timestamp(modified):
        return rendered.write_pdf()


@contextmanager
def _font_timestamp(moment: datetime):
    """fontTools stamps every subset font it writes with the current time, unless
    SOURCE_DATE_EPOCH is set; set it for the duration of the write."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved

"""The output formats, one `Format` record each: what `--format` calls it, the files it
writes, the progress label, the rendering its bytes come from, and whether they are
imposed from that rendering (zines) — the one place that says what a format is.

A rendering is one run of a writer (the EPUB writer, or the PDF writer with given
options); formats that need the same rendering share it (the PDF and a zine of it
without bleed or marks), and a build renders each rendering at most once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..writers.pdf.options import PdfOptions
    from .settings import Settings


@dataclass(frozen=True)
class Rendering:
    """One run of a writer: the EPUB (or KEPUB), or a PDF laid out with these options."""

    writer: str  # "epub" or "pdf"
    kepub: bool = False
    pdf: PdfOptions | None = None


@dataclass(frozen=True)
class Format:
    name: str  # as --format and [output] formats spell it
    label: str  # the progress bar's label while it is made
    suffixes: Callable[[Settings], tuple[str, ...]]  # each file's name after the book's stem
    rendering: Callable[[Settings], Rendering]
    imposed: bool = False  # its files are sheets imposed from the rendering (zines)

    def file_names(self, stem: str, settings: Settings) -> list[str]:
        return [stem + suffix for suffix in self.suffixes(settings)]


def _zine_suffixes(settings: Settings) -> tuple[str, ...]:
    # A printer without duplex prints the fronts, then the backs, from two files.
    return ("-zine-fronts.pdf", "-zine-backs.pdf") if settings.zine.single_sided else ("-zine.pdf",)


def _trim_pdf(settings: Settings) -> Rendering:
    """Bleed and printer's marks belong to a print shop's PDF; a zine imposes the pages at
    their trim size, so it gets a rendering without them (the reading PDF's, when it has none)."""
    pdf = settings.pdf
    if pdf.has_press_extras:
        pdf = dataclasses.replace(pdf, bleed="0", marks=None)
    # Stories open on either page unless --openings right; without a cover picture the
    # zine opens on a typeset cover. With openings on the right and a cover picture, the
    # zine is the reading PDF imposed, as before.
    typeset_cover = not settings.cover_page
    if settings.zine.openings != "right" or typeset_cover:
        pdf = dataclasses.replace(pdf, openings=settings.zine.openings, typeset_cover=typeset_cover)
    return Rendering("pdf", pdf=pdf)


def _minizine_pdf(settings: Settings) -> Rendering:
    from ..writers.zine import minizine_page_size

    # Laid out for its tiny panels rather than shrunk from the reading pages.
    size = minizine_page_size(settings.zine.sheet, settings.pdf.page_size)
    return Rendering("pdf", pdf=dataclasses.replace(settings.pdf, page_size=size, bleed="0", marks=None,
                                                    layout="compact"))


FORMAT_TABLE: dict[str, Format] = {
    f.name: f for f in (
        Format("epub", "Writing EPUB", lambda s: (".epub",), lambda s: Rendering("epub")),
        # `.kepub.epub`: the name Kobo's own engine opens.
        Format("kepub", "Writing KEPUB", lambda s: (".kepub.epub",), lambda s: Rendering("epub", kepub=True)),
        Format("pdf", "Writing PDF", lambda s: (".pdf",), lambda s: Rendering("pdf", pdf=s.pdf)),
        Format("zine", "Imposing zine", _zine_suffixes, _trim_pdf, imposed=True),
        Format("minizine", "Imposing mini-zine", lambda s: ("-minizine.pdf",), _minizine_pdf, imposed=True),
        # The cover wrap is laid out apart (writers/pdf/wrap.py); the reading PDF gives its page count.
        Format("cover", "Writing cover wrap", lambda s: ("-cover.pdf",), lambda s: Rendering("pdf", pdf=s.pdf)),
    )
}
FORMATS = tuple(FORMAT_TABLE)
DEFAULT_FORMATS = ("epub", "pdf")
# Formats imposed from a reading PDF, written beside it as <stem>-zine.pdf and so on.
IMPOSED_FORMATS = tuple(name for name, f in FORMAT_TABLE.items() if f.imposed)
# Formats laid out as PDF (WeasyPrint): the reading PDF and everything imposed from one.
PRINTED_FORMATS = ("pdf", *IMPOSED_FORMATS, "cover")

"""Writers turn a `Book` into the bytes of one output: `xhtml.py` (the pages, shared),
`epub/` (EPUB 3 and KEPUB), `pdf/` (the print-ready PDF, the cover wrap), `zine/`
(sheets imposed from a reading PDF).

Every writer has one shape, as pandoc's do: `write(book, options, context) -> bytes`,
where `options` is the format's own record (`EpubOptions`, `PdfOptions`) and `context`
what the build gives every writer alike (`WriteContext`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..model import Story
    from .xhtml import Section


class RenderedPieces(Protocol):
    """The build's cache of rendered pieces (binding/parts_cache.py): a writer asks it
    for what it would otherwise render itself, so an unchanged story is not rendered
    again and the PDF's parts are laid out on every core."""

    def epub_sections(self, story: Story, number: int) -> list[Section]: ...

    def pdf_parts(self, jobs: list[Any], more: Callable[..., list[Any]] | None = None) -> list[Any]: ...


def _ignore(message: str) -> None:
    pass


@dataclass(frozen=True)
class WriteContext:
    """What every writer is given besides the book and its format's own options."""

    modified: datetime  # the moment the book claims: dcterms:modified, the PDF's dates, zip timestamps
    warn: Callable[[str], None] = _ignore  # for the build report: a glyph no font has, a coarse picture
    pieces: RenderedPieces | None = None  # None: the writer renders every piece itself

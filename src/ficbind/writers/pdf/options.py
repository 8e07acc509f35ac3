"""What the PDF is asked to be: trim size, book face, bleed, printer's marks, layout.

Kept apart from the writer so that a build can check the options (a typo in
`--page-size` fails before any work) without importing the layout machinery.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import UsageError
from ...runtime import resources
from .geometry import DEFAULT_PAGE_SIZE, page_geometry

# A chunk of a long story: about 65 A5 pages, a few seconds of layout.
CHUNK_WORDS = 20_000


@dataclass(frozen=True)
class PdfOptions:
    page_size: str = DEFAULT_PAGE_SIZE
    font: str = resources.DEFAULT_FONT
    bleed: str = "0"  # `3mm`, `0.125in`
    marks: str | None = None  # `crop`, `cross`, `crop,cross`
    # "book": front matter and rectos, as a printed book. "compact": for the eight tiny
    # pages of a mini-zine: the pages simply follow one another, the first is the cover
    # (the cover picture when there is one, else the story's own title page, or the book's
    # title page for several stories), and there are no blank pages, half title, credits,
    # contents or running heads.
    layout: str = "book"
    # Stories longer than this are laid out in chunks (see the module's docstring);
    # tests make it small. Not a command-line option: it changes where pages fall.
    chunk_words: int = CHUNK_WORDS

    @property
    def has_press_extras(self) -> bool:
        """Whether bleed or printer's marks were asked for (a print shop's PDF)."""
        return bool(self.marks) or self.bleed.strip() not in ("", "0")

    def check(self) -> None:
        """Raise UsageError for a page size, bleed, marks, layout or font ficbind does not know."""
        if self.layout not in ("book", "compact"):
            raise UsageError(f"unknown PDF layout {self.layout!r}; use book or compact")
        page_geometry(self.page_size, self.bleed, self.marks)
        resources.font_family(self.font)

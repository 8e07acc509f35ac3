"""What the PDF is asked to be: trim size, book face, bleed, printer's marks, layout.

Kept apart from the writer so that a build can check the options (a typo in
`--page-size` fails before any work) without importing the layout machinery.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...errors import UsageError
from ...runtime import resources
from .geometry import DEFAULT_PAGE_SIZE, page_geometry
from .standards import parse_standard

if TYPE_CHECKING:
    from .cover import Picture

OPENINGS = ("any", "right")

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
    # Where a story (and each front-matter section) opens: "right", on a right-hand page as
    # in a bound book, a blank left-hand page before it when needed; "any", on the next page,
    # as a zine maker who pays for every sheet wants.
    openings: str = "right"
    # A zine without a cover picture opens on a typeset front cover (the title and the
    # byline set large) rather than a half title, as a zine maker would make it.
    typeset_cover: bool = False
    # Stories longer than this are laid out in chunks (see the module's docstring);
    # tests make it small. Not a command-line option: it changes where pages fall.
    chunk_words: int = CHUNK_WORDS
    # The PDF standard the book claims: "x-4", "ua-1", "a-2b", "a-2u" (pdf/standards.py).
    standard: str | None = None
    # Whether the book is tagged (its headings, paragraphs and links marked for screen
    # readers); a standard that needs tags (ua-1) tags it whatever this says. On by
    # default: measured on a 264-page novel, tags cost 6% more time (45.4 s -> 48.1 s)
    # and 30% more bytes (0.96 MB -> 1.25 MB); on the sample anthology, 10% more bytes
    # and no time that stands out from the noise.
    tagged: bool = True
    # The reader's own cover picture (cover.read_picture), printed as the first page; None
    # for a book that opens on its half title. Read once by the build; not part of what
    # makes two renderings the same (a build has one cover).
    cover: Picture | None = field(default=None, compare=False, repr=False)
    # Blank pages added at the end of the book (after the last story: ficbind prints no
    # back matter) until the page count is a multiple of this: 4 for a saddle-stitched
    # booklet, 16 or 32 for sewn signatures. 0: only the blank verso that ends the book.
    pages_multiple_of: int = 0

    @property
    def has_press_extras(self) -> bool:
        """Whether bleed or printer's marks were asked for (a print shop's PDF)."""
        return bool(self.marks) or self.bleed.strip() not in ("", "0")

    def check(self) -> None:
        """Raise UsageError for a page size, bleed, marks, layout or font ficbind does not know."""
        if self.layout not in ("book", "compact"):
            raise UsageError(f"unknown PDF layout {self.layout!r}; use book or compact")
        if self.openings not in OPENINGS:
            raise UsageError(f"--openings {self.openings!r}: choose any or right (where stories open)")
        page_geometry(self.page_size, self.bleed, self.marks)
        resources.font_family(self.font)
        parse_standard(self.standard)
        if self.pages_multiple_of < 0 or self.pages_multiple_of == 1:
            raise UsageError(f"--pages-multiple-of {self.pages_multiple_of}: give 2 or more (4 for a saddle-stitched "
                             "booklet), or leave it out")

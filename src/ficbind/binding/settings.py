"""What a build was asked for (`BuildOptions`, the flags) -> what it will do (`Settings`).

"The flag, else the manifest, else the default" is worked out here once, by
`resolve()`, which also checks every choice before any work starts (a typo in
`--page-size` or a missing cover fails at once). The rest of the build reads only the
frozen `Settings`.

Every setting declares what it changes, and the cache keys are made from those
declarations, so a new setting cannot be left out of a key by accident:
- STORY: how a story reads (its parsed form and its EPUB sections are cached by it);
- BOOK: the book's files, not the stories (part of each output's key);
- RUN: how the build runs, never a byte of what it writes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError
from ..project.gather import Gathered
from ..readers import DEFAULT_MAX_BYTES, parse_size
from ..transforms.notes import PLACEMENTS as NOTES_PLACEMENTS
from ..writers.pdf.options import PdfOptions
from ..writers.zine import ZineOptions
from .formats import DEFAULT_FORMATS, FORMATS, IMPOSED_FORMATS, PRINTED_FORMATS


@dataclass
class BuildOptions:
    """What the command line (or a script) asks for; None means "not said": the manifest's
    setting, else the default, decides (see `resolve`)."""

    output_dir: Path = Path("out")
    formats: tuple[str, ...] | None = None  # None: the manifest's, else DEFAULT_FORMATS
    title: str | None = None
    author: str | None = None
    name: str | None = None  # output file stem; default: a slug of the title
    page_size: str | None = None
    font: str | None = None
    bleed: str | None = None  # PDF bleed beyond the trim, e.g. "3mm"
    marks: str | None = None  # PDF printer's marks: "crop", "cross", "crop,cross"
    pdf_standard: str | None = None  # "x-4", "ua-1", "a-2b", "a-2u" (writers/pdf/standards.py); "none"
    pdf_tags: bool | None = None  # False: an untagged PDF (--no-pdf-tags); None: the manifest's, else tagged
    pages_multiple_of: int | None = None  # pad the reading PDF with blank pages to a multiple of N
    paper_ppi: float | None = None  # the cover wrap's paper, in pages per inch (writers/pdf/wrap.py)
    spine: str | None = None  # the cover wrap's spine width, e.g. "12mm", instead of pages / PPI
    zine: ZineOptions = field(default_factory=ZineOptions)  # --sheet, --signature, --duplex, …
    notes: str | None = None  # "before", "end", "omit"; None: the manifest's, else as the author placed them
    cover: str | None = None  # the cover: an image file, or "none"; None: the manifest's, else drawn (EPUB only)
    cover_page: bool | None = None  # False: no cover page in the PDF (--no-cover-page); None: the manifest's, else yes
    max_bytes: int | None = None  # the largest story file read; None: the manifest's, else DEFAULT_MAX_BYTES
    strict: bool = False  # a story that cannot be read stops the build instead of being skipped
    force: bool = False  # parse and render everything again (the cache is refreshed, not read)
    cache: bool = True  # False: no cache at all (nothing read, nothing stored)
    cache_dir: Path | None = None  # None: the user's cache folder
    jobs: int | None = None  # worker processes; None: one per core, 1: everything in this process


class CoverKind(StrEnum):
    PICTURE = "picture"  # the reader's own picture: the EPUB's cover, and the PDF's first page
    DRAWN = "drawn"  # a typographic cover drawn from the title, for the EPUB only (an e-reader's thumbnail)
    NONE = "none"


@dataclass(frozen=True)
class Cover:
    kind: CoverKind
    picture: Path | None = None  # for CoverKind.PICTURE

    def __post_init__(self) -> None:
        assert (self.kind is CoverKind.PICTURE) == (self.picture is not None)


class Affects(StrEnum):
    STORY = "story"
    BOOK = "book"
    RUN = "run"


def _setting(affects: Affects, **kwargs: Any) -> Any:
    return field(metadata={"affects": affects}, **kwargs)


@dataclass(frozen=True)
class Settings:
    """A build's choices, resolved once from the flags, the manifest and the defaults."""

    formats: tuple[str, ...] = _setting(Affects.RUN)  # each format's files have their own keys
    output_dir: Path = _setting(Affects.RUN)
    name: str | None = _setting(Affects.BOOK)  # the files' stem; None: a slug of the book's title
    title: str | None = _setting(Affects.BOOK)
    author: str | None = _setting(Affects.BOOK)
    pdf: PdfOptions = _setting(Affects.BOOK)
    zine: ZineOptions = _setting(Affects.BOOK)
    notes: str | None = _setting(Affects.STORY)  # where authors' notes go; None: where the author put them
    cover: Cover = _setting(Affects.BOOK)
    cover_page: bool = _setting(Affects.BOOK)  # whether the PDF opens on the cover picture
    paper_ppi: float = _setting(Affects.BOOK)  # the cover wrap's paper (pages per inch)
    spine: str | None = _setting(Affects.BOOK)  # the cover wrap's spine width; None: pages / paper_ppi
    max_bytes: int = _setting(Affects.RUN)  # a larger story is refused, never read differently
    strict: bool = _setting(Affects.RUN)
    force: bool = _setting(Affects.RUN)
    cache: bool = _setting(Affects.RUN)
    cache_dir: Path | None = _setting(Affects.RUN)
    jobs: int | None = _setting(Affects.RUN)

    @property
    def printing(self) -> bool:
        """Whether any format is laid out as PDF (and so needs WeasyPrint)."""
        return bool(set(self.formats) & set(PRINTED_FORMATS))

    def key(self, *scopes: Affects) -> dict[str, Any]:
        """The settings of these scopes, as plain data for a cache key."""
        return {
            f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)
            if f.metadata["affects"] in scopes
        }

    def story_key(self) -> dict[str, Any]:
        """What, besides its own bytes and overrides, can change how a story reads."""
        return self.key(Affects.STORY)

    def book_key(self) -> dict[str, Any]:
        """What, besides the stories and the book's metadata, can change the book's files."""
        return self.key(Affects.STORY, Affects.BOOK)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, Path):
        return str(value)
    return value


def resolve(options: BuildOptions, gathered: Gathered) -> Settings:
    """The flag, else the manifest, else the default, for every setting; each checked."""
    manifest = gathered.manifest
    output: dict[str, Any] = manifest.output if manifest else {}
    formats = _formats(options, gathered)
    zine = options.zine
    if zine.asked and not set(formats) & set(IMPOSED_FORMATS):
        raise UsageError("--sheet, --signature, --duplex, --single-sided, --fold-marks, --creep and --openings "
                         "shape a zine; "
                         "add --format zine (or minizine)")
    defaults = PdfOptions()
    pdf = PdfOptions(
        page_size=options.page_size or output.get("page_size") or defaults.page_size,
        font=options.font or output.get("font") or defaults.font,
        bleed=options.bleed or output.get("bleed") or defaults.bleed,
        marks=options.marks or output.get("marks") or defaults.marks,
        standard=options.pdf_standard or output.get("pdf_standard") or defaults.standard,
        tagged=options.pdf_tags if options.pdf_tags is not None else output.get("pdf_tags", defaults.tagged),
        pages_multiple_of=options.pages_multiple_of or defaults.pages_multiple_of,
    )
    if set(formats) & set(PRINTED_FORMATS):
        pdf.check()  # a typo in --page-size fails before any work
    notes_setting = options.notes or output.get("notes")
    notes = parse_notes_placement(notes_setting) if notes_setting else None  # and so does a typo in --notes
    cover = _cover(options, gathered)  # and a missing cover
    if cover.kind is CoverKind.PICTURE:
        cover_page = options.cover_page if options.cover_page is not None else output.get("cover_page", True)
    else:
        cover_page = False  # only the reader's own picture opens the PDF
    max_bytes = options.max_bytes or (manifest.max_bytes if manifest else None) or DEFAULT_MAX_BYTES
    from ..writers.pdf.wrap import DEFAULT_PPI, spine_width

    paper_ppi = options.paper_ppi or DEFAULT_PPI
    if not 100 <= paper_ppi <= 1000:
        raise UsageError(f"--paper-ppi {paper_ppi:g}: give the paper's pages per inch, e.g. 444 for white "
                         "50-60 lb paper or 400 for cream")
    if options.spine:
        spine_width(0, spine=options.spine)  # a typo in --spine fails before any work
    return Settings(
        formats=formats, output_dir=options.output_dir, name=options.name or output.get("name"),
        title=options.title, author=options.author, pdf=pdf, zine=zine, notes=notes, cover=cover,
        cover_page=bool(cover_page), paper_ppi=paper_ppi, spine=options.spine, max_bytes=max_bytes,
        strict=options.strict, force=options.force,
        cache=options.cache, cache_dir=options.cache_dir, jobs=options.jobs,
    )


def parse_formats(text: str) -> tuple[str, ...]:
    """`epub,pdf` -> ("epub", "pdf"), rejecting unknown names."""
    names = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise UsageError(f"unknown format {', '.join(unknown) or repr(text)}; choose from {', '.join(FORMATS)}")
    return names


def _formats(options: BuildOptions, gathered: Gathered) -> tuple[str, ...]:
    if options.formats:
        return parse_formats(",".join(options.formats))
    manifest = gathered.manifest
    if manifest is None or "formats" not in manifest.output:
        return DEFAULT_FORMATS
    try:
        return parse_formats(",".join(manifest.output["formats"]))
    except UsageError as error:
        raise manifest.error(f"[output] formats: {error.message}", "output", "formats") from None


def _cover(options: BuildOptions, gathered: Gathered) -> Cover:
    """The book's cover: a picture (--cover, else the manifest's `[book] cover`, relative to
    the manifest), none, or drawn from the title (for the EPUB only)."""
    manifest = gathered.manifest
    if options.cover:
        if options.cover.strip().lower() == "none":
            return Cover(CoverKind.NONE)
        picture = Path(options.cover)
    elif manifest is not None and "cover" in manifest.book:
        setting = manifest.book["cover"]
        if setting.strip().lower() == "none":
            return Cover(CoverKind.NONE)
        picture = manifest.folder / setting
        if not picture.is_file():
            raise manifest.error(f"[book] cover: {setting} is not a file; check the path", "book", "cover")
    else:
        return Cover(CoverKind.DRAWN)
    if not picture.is_file():
        raise InputError("no such cover image; check the path", picture)
    return Cover(CoverKind.PICTURE, picture)


def parse_max_size(text: str) -> int:
    """`--max-size 64MB`: the largest story file a build reads."""
    try:
        return parse_size(text)
    except ValueError as error:
        raise UsageError(f"--max-size: {error}") from None


def parse_notes_placement(text: str) -> str:
    """`--notes` / `[output] notes`: where authors' notes go."""
    value = text.strip().lower()
    if value not in NOTES_PLACEMENTS:
        raise UsageError(f"unknown notes placement {text!r}; choose from {', '.join(NOTES_PLACEMENTS)}")
    return value

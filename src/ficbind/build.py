"""Bind stories into books: gather inputs, read (or recall) each story, select and order
them, assemble the Book, write each format.

This is the library behind `ficbind build`; the CLI only parses options and shows
progress. Everything a script needs to know afterwards is in the `BuildReport`.

With the cache (cache.py), a story whose bytes, overrides and options are unchanged
is recalled instead of parsed, its rendered parts are reused, and a format whose
whole book is unchanged is neither rendered nor written again.

Stories are read, and the PDF's parts laid out, on every core (parallel.py) when
there is enough of them to pay for starting worker processes; the result is the
same either way.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Protocol

from .cache import BuildCache, cache_key, story_entry, user_cache_dir
from .errors import FicbindError, InputError, ManifestError, UsageError
from .gather import Gathered, StorySource, gather
from .model import Book, BookMeta, Story, StoryMeta
from .native import from_native, to_native
from .outputs import file_sha256, output_folder_lock, remove_stale_temporaries, slugify, write_atomically
from .languages import language_tag
from .parallel import Workers
from .readers import DEFAULT_MAX_BYTES, load_story_bytes, parse_size, parse_story
from .readers.decoding import drop_non_text
from .readers.metadata import apply_overrides
from .selection import Selection, select
from .transforms import transform_story
from .transforms.notes import PLACEMENTS as NOTES_PLACEMENTS, place_notes
from .wordcount import count_words
from .writers.imposition import ZineOptions

FORMATS = ("epub", "kepub", "pdf", "zine", "minizine")
# Formats imposed from a reading PDF, written beside it as <stem>-zine.pdf and so on.
IMPOSED_FORMATS = ("zine", "minizine")
DEFAULT_FORMATS = ("epub", "pdf")
# When neither SOURCE_DATE_EPOCH nor the manifest gives a date, books carry this
# fixed one, so that the same inputs always give the same bytes.
FALLBACK_TIMESTAMP = datetime(2000, 1, 1, tzinfo=timezone.utc)
# Work worth starting worker processes for (forking them takes tens of milliseconds,
# and each result comes back pickled): story bytes to parse (about a third of a
# second's reading), and HTML to lay out as PDF (a second or two of WeasyPrint).
PARALLEL_READ_BYTES = 512 * 1024
PARALLEL_LAYOUT_BYTES = 100 * 1024
# What the workers of a build that prints import before their first job (parallel.py):
# the readers, for stories read in parallel, WeasyPrint with ficbind's use of it, and
# the command line's module, which the `ficbind` script imports (multiprocessing runs a
# worker's main module again in each worker from a fork server).
PRINTING_WORKER_MODULES = ("ficbind.cli", "ficbind.build", "ficbind.writers.pdf_parts", "weasyprint")


class Reporter(Protocol):
    def stage(self, label: str, total: int) -> None: ...
    def advance(self) -> None: ...
    def warn(self, message: str) -> None: ...
    def note(self, message: str) -> None: ...


class SilentReporter:
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def stage(self, label: str, total: int) -> None:
        pass

    def advance(self) -> None:
        pass

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def note(self, message: str) -> None:
        pass


@dataclass
class BuildOptions:
    output_dir: Path = Path("out")
    formats: tuple[str, ...] | None = None  # None: the manifest's, else DEFAULT_FORMATS
    title: str | None = None
    author: str | None = None
    name: str | None = None  # output file stem; default: a slug of the title
    page_size: str | None = None
    font: str | None = None
    bleed: str | None = None  # PDF bleed beyond the trim, e.g. "3mm"
    marks: str | None = None  # PDF printer's marks: "crop", "cross", "crop,cross"
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


# BuildOptions fields that cannot change how a story reads or renders. Every other
# field, including any added later, is part of each story's cache key, so a new
# option can never bring back a story that was read or rendered without it.
_BOOK_ONLY_OPTIONS = frozenset(
    {"output_dir", "formats", "title", "author", "name", "max_bytes", "strict", "force", "cache", "cache_dir", "zine",
     "jobs", "cover_page"}
)


@dataclass
class StoryReport:
    path: str
    title: str | None
    words: int
    status: str  # "built" (read now), "cached" (recalled), or "refused" with a message in `error`
    error: str | None = None


@dataclass
class OutputReport:
    format: str
    path: str
    bytes: int
    sha256: str
    instructions: list[str] = field(default_factory=list)  # how to print and fold it (zines)


@dataclass
class BuildReport:
    outputs: list[OutputReport] = field(default_factory=list)
    stories: list[StoryReport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # For the terminal summary; not part of the JSON report.
    left_out: int = 0  # stories the manifest's [select] did not keep
    unchanged: list[str] = field(default_factory=list)  # formats whose file was already up to date

    def to_json(self) -> dict[str, Any]:
        """The report scripts read: outputs, stories, warnings, seconds."""
        return {
            # `instructions` only where there are some (zines): how to print and fold the file.
            "outputs": [{k: v for k, v in dataclasses.asdict(o).items() if k != "instructions" or v}
                        for o in self.outputs],
            "stories": [dataclasses.asdict(s) for s in self.stories],
            "warnings": list(self.warnings),
            "seconds": self.seconds,
        }


def parse_formats(text: str) -> tuple[str, ...]:
    """`epub,pdf` -> ("epub", "pdf"), rejecting unknown names."""
    names = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise UsageError(f"unknown format {', '.join(unknown) or repr(text)}; choose from {', '.join(FORMATS)}")
    return names


def build_timestamp(book_date: str | None) -> datetime:
    """The moment the book claims to be from: SOURCE_DATE_EPOCH, else the manifest's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None
    if book_date:
        return datetime.combine(_parse_date(book_date), datetime.min.time(), tzinfo=timezone.utc)
    return FALLBACK_TIMESTAMP


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"the book date {text!r} is not an ISO date such as 2026-11-21") from None


def _story_from_bytes(data: bytes, source: StorySource, notes: str | None = None) -> Story:
    story = parse_story(data, source.path, source.display)
    if source.overrides:
        story.meta = apply_overrides(story.meta, source.overrides)
    return place_notes(transform_story(story), notes)


def read_source(source: StorySource, max_bytes: int | None = None, notes: str | None = None) -> Story:
    """One input file, read, overridden by its manifest entry, transformed, its notes placed."""
    data = load_story_bytes(source.path, source.display, max_bytes or DEFAULT_MAX_BYTES)
    return _story_from_bytes(data, source, notes)


# --- reading, or recalling, every gathered story ---------------------------------------


@dataclass
class GatheredStory:
    """A story read for this build, or recalled from the cache (then only its metadata
    is loaded until a writer needs the text)."""

    source: StorySource
    key: str  # the cache key: the file's bytes, its overrides, the options
    meta: StoryMeta
    words: int
    status: str  # "built" or "cached"
    story: Story | None = None
    notes: str | None = None  # where its authors' notes were placed (--notes)
    digest: str = ""  # sha256 of the file's bytes: two files with the same text are one story
    story_json: str | None = None  # a story read by a worker process, as it sent it (native JSON)


class _Warnings:
    """Warnings go to the reporter (for people) and into the report (for scripts)."""

    def __init__(self, report: BuildReport, reporter: Reporter) -> None:
        self.report = report
        self.reporter = reporter

    def __call__(self, message: str) -> None:
        self.report.warnings.append(message)
        self.reporter.warn(message)


def _story_options(options: BuildOptions, output_settings: dict[str, Any]) -> dict[str, Any]:
    """What, besides its own bytes, can change how a story reads and renders."""
    chosen = {f.name: getattr(options, f.name) for f in dataclasses.fields(options) if f.name not in _BOOK_ONLY_OPTIONS}
    settings = {k: v for k, v in output_settings.items() if k not in ("formats", "name", "cover_page")}
    return {"options": chosen, "output": settings}


@dataclass(frozen=True)
class _ParseJob:
    """One story to parse, as a worker process gets it."""

    source: StorySource
    data: bytes
    notes: str | None
    for_cache: bool  # also make the cache's JSON, there and then


def _parse(job: _ParseJob) -> tuple:
    """Parse and transform one story here: ("story", Story, words, cache entry or None),
    or ("refused", message, path, line)."""
    try:
        story = _story_from_bytes(job.data, job.source, job.notes)
    except InputError as error:
        return ("refused", error.message, error.path, error.line)
    return ("story", story, count_words(story.blocks), story_entry(story) if job.for_cache else None)


def _parse_elsewhere(job: _ParseJob) -> tuple:
    """`_parse` in a worker process. The story travels back as the native JSON the cache
    stores (made here, in parallel), which unpickles far faster than the objects
    themselves; an InputError travels as its parts, as it does not pickle whole."""
    kind, story, *rest = _parse(dataclasses.replace(job, for_cache=False))
    if kind == "story":
        return (kind, None, rest[0], story_entry(story))
    return (kind, story, *rest)


def _read_stories(
    gathered: Gathered, options: BuildOptions, output_settings: dict, cache: BuildCache,
    reporter: Reporter, warn: _Warnings, refused: list[StoryReport], workers: Workers, printing: bool = False,
) -> list[GatheredStory]:
    """Every gathered story, recalled or read (in worker processes when there is enough
    to read). `printing`: a PDF will be laid out, so workers that are not needed for
    reading may start now and load WeasyPrint meanwhile."""
    for unmatched in gathered.unmatched:
        if options.strict:
            raise unmatched.error
        warn(f"skipped: {unmatched.error}")
        refused.append(StoryReport(unmatched.pattern, None, 0, "refused", str(unmatched.error)))
    story_options = _story_options(options, output_settings)
    notes = _notes_placement(options, output_settings)
    reporter.stage("Reading stories", len(gathered.sources))
    # Each source's slot: a story recalled or read, or the error that refused it.
    slots: list[GatheredStory | InputError | None] = []
    jobs: list[_ParseJob] = []
    keys: list[str] = []
    for source in gathered.sources:
        try:
            data = load_story_bytes(source.path, source.display, options.max_bytes)
        except InputError as error:
            slots.append(error)
            reporter.advance()
            continue
        # Keyed by the file's name, not its path: a reader only uses the name (a title from
        # it), and a cron job and a manual run from another folder then share entries.
        digest = hashlib.sha256(data).hexdigest()
        key = cache_key("story", source.path.name, digest, source.overrides, story_options)
        known = None if options.force else cache.story_meta(key)
        if known is not None:
            slots.append(GatheredStory(source, key, known[0], known[1], "cached", notes=notes, digest=digest))
            reporter.advance()
            continue
        slots.append(None)
        jobs.append(_ParseJob(source, data, notes, cache.enabled))
        keys.append((key, digest))
    to_read = sum(len(job.data) for job in jobs)
    if workers.spreads(len(jobs), to_read >= PARALLEL_READ_BYTES):
        parsed = workers.map(_parse_elsewhere, jobs, costs=[len(job.data) for job in jobs],
                             done=lambda job: reporter.advance())
    else:
        if printing and to_read >= PARALLEL_LAYOUT_BYTES:
            workers.start_early()  # the layout's workers get WeasyPrint ready while this reads
        parsed = []
        for job in jobs:
            parsed.append(_parse(job))
            reporter.advance()
    results = iter(zip(jobs, keys, parsed))
    read: list[GatheredStory] = []
    by_digest: dict[str, GatheredStory] = {}
    for source, slot in zip(gathered.sources, slots):
        if slot is None:
            job, (key, digest), (kind, *result) = next(results)
            if kind == "story":
                story, words, dumped = result
                cache.put_story(key, story, words, dumped)
                if story is None:  # from a worker: the metadata now, the story when a writer needs it
                    meta = from_native(json.loads(dumped[0]))
                    slot = GatheredStory(source, key, meta, words, "built", notes=notes, digest=digest,
                                         story_json=dumped[1])
                else:
                    slot = GatheredStory(source, key, story.meta, words, "built", story, notes=notes, digest=digest)
            else:
                slot = InputError(*result)
        if isinstance(slot, InputError):
            if len(gathered.sources) == 1 or options.strict:
                raise slot
            # One unreadable story does not cost the reader the rest of the anthology.
            warn(f"skipped: {slot}")
            refused.append(StoryReport(source.display, None, 0, "refused", str(slot)))
            continue
        first = by_digest.setdefault(slot.digest, slot)
        if first is not slot:
            # A second copy of one story (`story (1).txt`, a file saved twice) is bound
            # once, where it first appears.
            message = f"{source.display}: the same text as {first.source.display}, which is bound already"
            warn(f"skipped: {message}")
            refused.append(StoryReport(source.display, slot.meta.title, slot.words, "refused", message))
            continue
        read.append(slot)
    return read


def _full_story(item: GatheredStory, options: BuildOptions, cache: BuildCache) -> Story:
    if item.story is None:
        story = from_native(json.loads(item.story_json)) if item.story_json is not None else cache.story(item.key)
        if story is None:  # the entry failed its check: read the file again
            story = read_source(item.source, options.max_bytes, item.notes)
            item.status = "built"
        story.path = item.source.display
        item.story = story
    return item.story


def _choose(gathered: Gathered, read: list[GatheredStory]) -> list[GatheredStory]:
    manifest = gathered.manifest
    selection = manifest.select if manifest else Selection()
    chosen = select(selection, read)
    if not read:
        raise InputError("none of the inputs could be read; nothing to bind")
    if not chosen:
        assert manifest is not None
        raise manifest.error(
            f"none of the {len(read)} stories matches [select]; loosen the filters", "select"
        )
    return chosen


# --- the book -------------------------------------------------------------------------


def _book_meta(gathered: Gathered, stories: list[StoryMeta], options: BuildOptions) -> BookMeta:
    settings = gathered.manifest.book if gathered.manifest else {}
    title = options.title or settings.get("title")
    if not title:
        title = stories[0].title if len(stories) == 1 and stories[0].title else gathered.fallback_title
    language = settings.get("language")
    if not language:
        # Headers name languages as archives print them (`English`); the book needs a tag (`en`).
        languages = [tag for tag in (language_tag(s.language) for s in stories) if tag]
        language = max(sorted(set(languages)), key=languages.count) if languages else "en"
    book_date = settings.get("date")
    if book_date is None and os.environ.get("SOURCE_DATE_EPOCH"):
        book_date = build_timestamp(None).date().isoformat()
    elif book_date is not None:
        book_date = _parse_date(book_date).isoformat()
    compiler, description = options.author or settings.get("author"), settings.get("description")
    return BookMeta(
        # A --title or manifest string may spell any character (`"\u0007"`): keep only text.
        title=drop_non_text(title).strip() or gathered.fallback_title,
        compiler=drop_non_text(compiler).strip() or None if compiler else None,
        language=language,
        date=book_date,
        description=drop_non_text(description).strip() or None if description else None,
        not_for_sale=settings.get("not_for_sale", True),
    )


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


# --- writing --------------------------------------------------------------------------


class StoryParts:
    """Rendered parts of the book: recalled from the cache, or rendered (on every core
    when there are enough of them) and remembered. Writers get parts through methods
    here, so the cache and the worker processes stay out of writers/.

    The EPUB's parts are each story's XHTML sections, keyed by the story's cache key
    (its bytes, overrides and options) and its place in the book (ids and numbering
    depend on it). The PDF's parts (`pdf_parts`) are keyed by what their pages are made
    of, the whole HTML document WeasyPrint lays out (pdf_parts.job_fingerprint): a part
    comes back exactly when its pages would come out the same, and an edit to one story
    lays out that story alone, with the contents and the running heads and folios
    whose page numbers it moved."""

    def __init__(self, cache: BuildCache, stories: list[GatheredStory], reporter: Reporter, force: bool,
                 workers: Workers | None = None) -> None:
        self.cache = cache
        self.keys = [item.key for item in stories]
        self.reporter = reporter
        self.force = force
        self.workers = workers or Workers(1)
        self.laid_out = 0  # PDF parts laid out by this build (not recalled)

    def key(self, kind: str, number: int, **settings: Any) -> str:
        return cache_key("part", kind, self.keys[number - 1], number, settings)

    def epub_sections(self, story: Story, number: int) -> list:
        """The story's XHTML sections for the EPUB (epub.story_files, cached)."""
        from .writers.epub import story_files

        key = self.key("epub-xhtml", number)
        data = None if self.force else self.cache.part(key)
        sections = _sections_from_json(data) if data is not None else None
        if sections is None:
            sections = story_files(story, number)
            payload = json.dumps([dataclasses.asdict(s) for s in sections], ensure_ascii=False)
            self.cache.put_part(key, "epub-xhtml", payload.encode("utf-8"))
        self.reporter.advance()
        return sections

    def pdf_parts(self, jobs: list, more: Callable | None = None) -> list:
        """pdf.RenderParts: the parts of a PDF, recalled or laid out."""
        from .writers.pdf_parts import job_fingerprint, part_from_bytes, part_to_bytes, render_part

        keys: dict[int, str] = {}  # id(job) -> its cache key (the jobs live until this returns)

        def key(job) -> str:
            if id(job) not in keys:
                keys[id(job)] = cache_key("part", "pdf", job_fingerprint(job))
            return keys[id(job)]

        looked_up: dict[int, Any] = {}

        def known(job):
            if id(job) in looked_up:
                return looked_up.pop(id(job))
            data = None if self.force else self.cache.part(key(job))
            return part_from_bytes(data) if data is not None else None

        def keep(job, part) -> None:
            self.cache.put_part(key(job), "pdf", part_to_bytes(part))
            self.laid_out += 1

        # One step per story part, then one when the front matter (with the contents) is
        # in, and one when the last running heads and folios are.
        total = len(jobs) + 2
        self.reporter.stage("Laying out PDF", total)
        steps = 0

        def done(job) -> None:
            nonlocal steps
            if job.kind in ("story", "front") and steps < total - 1:
                steps += 1
                self.reporter.advance()

        looked_up.update((id(job), known(job)) for job in jobs)
        to_lay_out = sum(len(job.html) for job in jobs if looked_up[id(job)] is None)
        parts = self.workers.map(render_part, jobs, worth_it=to_lay_out >= PARALLEL_LAYOUT_BYTES,
                                 costs=[len(job.html) for job in jobs], done=done, more=more, known=known, keep=keep)
        for _ in range(total - steps):
            self.reporter.advance()
        return parts


def _sections_from_json(data: bytes) -> list | None:
    from .writers.xhtml import Section

    try:
        items = json.loads(data.decode("utf-8"))
        sections = [Section(**item) for item in items]
    except (ValueError, TypeError, AttributeError):
        return None
    if not sections or not all(isinstance(s.id, str) and isinstance(s.html, str) for s in sections):
        return None
    return sections


def _pdf_options(options: BuildOptions, output: dict):
    """The PDF's options: the command line's, else the manifest's, else the defaults."""
    from .writers.pdf import PdfOptions

    defaults = PdfOptions()
    return PdfOptions(
        page_size=options.page_size or output.get("page_size") or defaults.page_size,
        font=options.font or output.get("font") or defaults.font,
        bleed=options.bleed or output.get("bleed") or defaults.bleed,
        marks=options.marks or output.get("marks") or defaults.marks,
    )


def _cover_choice(options: BuildOptions, gathered: Gathered) -> Path | str:
    """The book's cover: an image file (--cover, else the manifest's `[book] cover`,
    relative to the manifest), "none", or "drawn" (a typographic cover, for the EPUB only:
    it is an e-reader's thumbnail, not a printed cover)."""
    manifest = gathered.manifest
    if options.cover:
        choice: Path | str = "none" if options.cover.strip().lower() == "none" else Path(options.cover)
    elif manifest is not None and "cover" in manifest.book:
        setting = manifest.book["cover"]
        choice = "none" if setting.strip().lower() == "none" else manifest.folder / setting
        if isinstance(choice, Path) and not choice.is_file():
            raise manifest.error(f"[book] cover: {setting} is not a file; check the path", "book", "cover")
    else:
        choice = "drawn"
    if isinstance(choice, Path) and not choice.is_file():
        raise InputError("no such cover image; check the path", choice)
    return choice


def _cover_page(cover: Path | str, options: BuildOptions, output: dict) -> bool:
    """Whether the PDF opens on the cover picture: only the reader's own picture, and
    then --no-cover-page, else the manifest's `[output] cover_page`, else yes (a print
    shop that prints the cover apart says no)."""
    if not isinstance(cover, Path):
        return False
    return options.cover_page if options.cover_page is not None else output.get("cover_page", True)


def _cover_byline(book: Book) -> str | None:
    """Who the drawn cover names: the compiler, else the stories' author(s)."""
    if book.meta.compiler:
        return f"compiled by {book.meta.compiler}"
    authors = list(dict.fromkeys(name for story in book.stories for name in story.meta.authors))
    if not authors or len(authors) > 3:
        return None
    return authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + " and " + authors[-1]


def _cover_image(choice: Path | str, book: Book) -> bytes | None:
    from .writers.cover import drawn_cover, user_cover

    if choice == "none":
        return None
    if isinstance(choice, Path):
        return user_cover(choice)
    return drawn_cover(book.meta, _cover_byline(book))


def _writers(
    options: BuildOptions, output: dict, parts: StoryParts, warn: Callable[[str], None], cover: Path | str = "drawn"
) -> dict[str, Callable[[Book, datetime], bytes]]:
    """Every rendering a build may need, by name: the EPUB, the reading PDF, the PDF a
    zine imposes (no bleed or printer's marks) and the mini-zine's compact PDF."""

    @functools.cache
    def cover_picture():
        """The picture every PDF of this build opens on, read once; None for no cover page."""
        from .writers.pdf_cover import read_picture

        return read_picture(cover) if _cover_page(cover, options, output) else None

    covers: dict[int, bytes | None] = {}  # the EPUB's cover image, drawn once for the epub and the kepub

    def epub_writer(book: Book, stamp: datetime, kepub: bool = False) -> bytes:
        from .writers.epub import write_epub

        if id(book) not in covers:
            covers[id(book)] = _cover_image(cover, book)
        return write_epub(book, stamp, render_story=parts.epub_sections, cover=covers[id(book)], kepub=kepub)

    def kepub_writer(book: Book, stamp: datetime) -> bytes:
        return epub_writer(book, stamp, kepub=True)

    def pdf_writer(book: Book, stamp: datetime, **changes: Any) -> bytes:
        from .writers.pdf import write_pdf

        return write_pdf(book, stamp, dataclasses.replace(_pdf_options(options, output), **changes), warn=warn,
                         render=parts.pdf_parts, cover=cover_picture())

    def trim_pdf_writer(book: Book, stamp: datetime) -> bytes:
        return pdf_writer(book, stamp, bleed="0", marks=None)

    def minizine_pdf_writer(book: Book, stamp: datetime) -> bytes:
        from .writers.imposition import minizine_page_size

        # Laid out for its tiny panels rather than shrunk from the reading pages.
        size = minizine_page_size(options.zine.sheet, _pdf_options(options, output).page_size)
        return pdf_writer(book, stamp, page_size=size, bleed="0", marks=None, layout="compact")

    return {"epub": epub_writer, "kepub": kepub_writer, "pdf": pdf_writer, "trim": trim_pdf_writer,
            "minizine": minizine_pdf_writer}


def _output_paths(fmt: str, stem: str, options: BuildOptions) -> list[Path]:
    """The files a format writes: one, or a zine's fronts and backs."""
    if fmt == "zine":
        suffixes = ["-zine-fronts", "-zine-backs"] if options.zine.single_sided else ["-zine"]
        return [options.output_dir / f"{stem}{suffix}.pdf" for suffix in suffixes]
    if fmt == "minizine":
        return [options.output_dir / f"{stem}-minizine.pdf"]
    if fmt == "kepub":
        return [options.output_dir / f"{stem}.kepub.epub"]  # the name Kobo's own engine opens
    return [options.output_dir / f"{stem}.{fmt}"]


def _impose(fmt: str, reading_pdf: bytes, options: BuildOptions, paths: list[Path],
            cover_page: bool = False) -> tuple[list[bytes], list[str]]:
    """A zine or mini-zine imposed from a reading PDF: the files' bytes and how to print them."""
    from .writers.imposition import impose_minizine, impose_zine, page_count

    impose = impose_zine if fmt == "zine" else impose_minizine
    try:
        # ficbind's reading PDF has no back matter after the last story, so the blank pages
        # go at the very end, never between a story's last pages.
        imposition = impose(reading_pdf, options.zine, pad_before=page_count(reading_pdf))
    except UsageError as error:
        if not cover_page:
            raise
        # A story that filled the eight panels no longer fits once its cover takes one.
        raise UsageError(f"{error.message}; the cover picture is one of those pages (--no-cover-page leaves it out)") \
            from None
    assert [file.suffix for file in imposition.files] == [p.stem[-len(file.suffix):] for p, file in
                                                         zip(paths, imposition.files)], "zine file names"
    return [file.data for file in imposition.files], imposition.instructions([path.name for path in paths])


_STAGE_LABELS = {
    "epub": "Writing EPUB", "kepub": "Writing KEPUB", "pdf": "Writing PDF", "zine": "Imposing zine",
    "minizine": "Imposing mini-zine",
}


def _write_books(
    formats: tuple[str, ...], chosen: list[GatheredStory], meta: BookMeta, stamp: datetime, stem: str,
    options: BuildOptions, output_settings: dict, cache: BuildCache, reporter: Reporter, report: BuildReport,
    warn: Callable[[str], None], workers: Workers, cover: Path | str = "drawn",
) -> None:
    parts = StoryParts(cache, chosen, reporter, options.force, workers)
    writers = _writers(options, output_settings, parts, warn, cover)
    book_options = {f.name: getattr(options, f.name) for f in dataclasses.fields(options)
                    if f.name not in ("output_dir", "formats", "strict", "force", "cache", "cache_dir", "max_bytes",
                                      "jobs")}
    book_options["zine"] = dataclasses.asdict(options.zine)
    settings = {k: v for k, v in output_settings.items() if k != "formats"}  # each format has its own key
    book_key_parts = [to_native(meta), stamp.isoformat(), [item.key for item in chosen], book_options, settings]
    if isinstance(cover, Path):  # the picture may change under the same name
        book_key_parts.append(file_sha256(cover))
    book: Book | None = None
    rendered: dict[str, bytes] = {}  # renderings shared between formats (pdf and zine)

    def render(name: str) -> bytes:
        nonlocal book
        if book is None:
            book = Book(meta=meta, stories=[_full_story(item, options, cache) for item in chosen])
        if name not in rendered:
            rendered[name] = writers[name](book, stamp)
        return rendered[name]

    # Bleed and printer's marks belong to a print shop's PDF; a zine imposes the pages at
    # their trim size, so it gets a rendering without them.
    zine_source = "trim" if "zine" in formats and _pdf_options(options, output_settings).has_press_extras else "pdf"

    with output_folder_lock(options.output_dir, on_wait=reporter.note):
        remove_stale_temporaries(options.output_dir)
        for fmt in formats:
            paths = _output_paths(fmt, stem, options)
            keys = [cache_key("output", fmt, path.name[len(stem):], *book_key_parts) for path in paths]
            instructions_key = cache_key("instructions", fmt, *book_key_parts)
            known = [None if options.force else cache.output(key) for key in keys]
            if all(k is not None and file_sha256(p) == k.sha256 for k, p in zip(known, paths)):
                # The files on disk are this very book: leave them alone, render nothing.
                saved = cache.part(instructions_key) if fmt in IMPOSED_FORMATS else None
                instructions = json.loads(saved.decode("utf-8")) if saved else []
                for k, p in zip(known, paths):
                    report.outputs.append(OutputReport(fmt, str(p), k.bytes, k.sha256, instructions))
                report.unchanged.append(fmt)
                continue
            label = _STAGE_LABELS.get(fmt, f"Writing {fmt.upper()}")
            if fmt in ("epub", "kepub"):
                # The EPUB advances once per story it renders (StoryParts), then once when written.
                reporter.stage(label, len(chosen) + 1)
                datas, instructions = [render(fmt)], []
            else:
                # A PDF shows its own progress while it is laid out (StoryParts.pdf_parts).
                source = render(zine_source if fmt == "zine" else fmt)
                reporter.stage(label, 1)
                if fmt in IMPOSED_FORMATS:
                    datas, instructions = _impose(fmt, source, options, paths,
                                                  _cover_page(cover, options, output_settings))
                    cache.put_part(instructions_key, "instructions", json.dumps(instructions).encode("utf-8"))
                else:
                    datas, instructions = [source], []
            for path, key, data in zip(paths, keys, datas):
                digest = hashlib.sha256(data).hexdigest()
                if file_sha256(path) == digest:
                    report.unchanged.append(fmt)  # same bytes as before: no need to touch the file
                else:
                    write_atomically(path, data)
                cache.put_output(key, digest, len(data))
                report.outputs.append(OutputReport(fmt, str(path), len(data), digest, instructions))
            reporter.advance()


def _open_cache(options: BuildOptions, warn: Callable[[str], None]) -> BuildCache:
    if not options.cache:
        return BuildCache(None, warn)
    return BuildCache(options.cache_dir or user_cache_dir(), warn)


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


def _notes_placement(options: BuildOptions, output_settings: dict[str, Any]) -> str | None:
    """Where authors' notes go: --notes, else the manifest's [output] notes, else as placed."""
    setting = options.notes or output_settings.get("notes")
    return parse_notes_placement(setting) if setting else None


def build(inputs: list[str], options: BuildOptions, reporter: Reporter | None = None) -> BuildReport:
    """Build every requested format from the inputs. Raises FicbindError for user mistakes."""
    reporter = reporter or SilentReporter()
    started = time.perf_counter()
    report = BuildReport()
    warn = _Warnings(report, reporter)
    gathered = gather(inputs)
    if options.max_bytes is None:
        manifest_limit = gathered.manifest.max_bytes if gathered.manifest else None
        options = dataclasses.replace(options, max_bytes=manifest_limit or DEFAULT_MAX_BYTES)
    output_settings = gathered.manifest.output if gathered.manifest else {}
    formats = _formats(options, gathered)
    if options.zine.asked and not set(formats) & set(IMPOSED_FORMATS):
        raise UsageError("--sheet, --signature, --duplex, --single-sided, --fold-marks and --creep shape a zine; "
                         "add --format zine (or minizine)")
    if set(formats) & {"pdf", *IMPOSED_FORMATS}:
        _pdf_options(options, output_settings).check()  # a typo in --page-size fails before any work
    _notes_placement(options, output_settings)  # and so does a typo in --notes
    cover = _cover_choice(options, gathered)  # and a missing cover
    refused: list[StoryReport] = []

    printing = bool(set(formats) & {"pdf", *IMPOSED_FORMATS})
    with _open_cache(options, warn) as cache, Workers(options.jobs, PRINTING_WORKER_MODULES if printing else ()) \
            as workers:
        read = _read_stories(gathered, options, output_settings, cache, reporter, warn, refused, workers,
                             printing=printing)
        chosen = _choose(gathered, read)
        report.left_out = len(read) - len(chosen)
        meta = _book_meta(gathered, [item.meta for item in chosen], options)
        stamp = build_timestamp(meta.date if not os.environ.get("SOURCE_DATE_EPOCH") else None)
        stem = slugify(options.name or output_settings.get("name") or meta.title)
        _write_books(formats, chosen, meta, stamp, stem, options, output_settings, cache, reporter, report, warn,
                     workers, cover)

    report.stories = [
        StoryReport(item.source.display, item.meta.title, item.words, item.status) for item in chosen
    ] + refused
    report.seconds = round(time.perf_counter() - started, 3)
    return report


__all__ = ["BuildOptions", "BuildReport", "FicbindError", "ManifestError", "build", "parse_formats"]

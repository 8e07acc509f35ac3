"""Bind stories into books: gather inputs, read, transform, assemble the Book, write each format.

This is the library behind `ficbind build`; the CLI only parses options and shows
progress. Everything a script needs to know afterwards is in the `BuildReport`.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Protocol

from .errors import FicbindError, InputError, UsageError
from .gather import Gathered, StorySource, gather
from .model import Book, BookMeta, Story
from .outputs import slugify, write_atomically
from .readers import DEFAULT_MAX_BYTES, read_story
from .readers.metadata import apply_overrides, language_tag
from .transforms import transform_story
from .transforms.notes import PLACEMENTS as NOTES_PLACEMENTS, place_notes
from .wordcount import count_words

FORMATS = ("epub", "pdf")
DEFAULT_FORMATS = ("epub", "pdf")
# When neither SOURCE_DATE_EPOCH nor the manifest gives a date, books carry this
# fixed one, so that the same inputs always give the same bytes.
FALLBACK_TIMESTAMP = datetime(2000, 1, 1, tzinfo=timezone.utc)


class Reporter(Protocol):
    def stage(self, label: str, total: int) -> None: ...
    def advance(self) -> None: ...
    def warn(self, message: str) -> None: ...


class SilentReporter:
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def stage(self, label: str, total: int) -> None:
        pass

    def advance(self) -> None:
        pass

    def warn(self, message: str) -> None:
        self.warnings.append(message)


@dataclass
class BuildOptions:
    output_dir: Path = Path("out")
    formats: tuple[str, ...] | None = None  # None: the manifest's, else DEFAULT_FORMATS
    title: str | None = None
    author: str | None = None
    name: str | None = None  # output file stem; default: a slug of the title
    page_size: str | None = None
    font: str | None = None
    notes: str | None = None  # "before", "end", "omit"; None: the manifest's, else as the author placed them
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass
class StoryReport:
    path: str
    title: str | None
    words: int
    status: str  # "built", or "refused" with a message in `error`
    error: str | None = None


@dataclass
class OutputReport:
    format: str
    path: str
    bytes: int
    sha256: str


@dataclass
class BuildReport:
    outputs: list[OutputReport] = field(default_factory=list)
    stories: list[StoryReport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


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


def read_source(source: StorySource, max_bytes: int = DEFAULT_MAX_BYTES) -> Story:
    """One input file, read, overridden by its manifest entry, and transformed."""
    story = read_story(source.path, source.display, max_bytes=max_bytes)
    if source.overrides:
        story.meta = apply_overrides(story.meta, source.overrides)
    return transform_story(story)


def _book_meta(gathered: Gathered, stories: list[Story], options: BuildOptions) -> BookMeta:
    settings = gathered.manifest.book if gathered.manifest else {}
    title = options.title or settings.get("title")
    if not title:
        title = stories[0].meta.title if len(stories) == 1 and stories[0].meta.title else gathered.fallback_title
    language = settings.get("language")
    if not language:
        # Headers name languages as archives print them (`English`); the book needs a tag (`en`).
        languages = [tag for tag in (language_tag(s.meta.language) for s in stories) if tag]
        language = max(set(languages), key=languages.count) if languages else "en"
    book_date = settings.get("date")
    if book_date is None and os.environ.get("SOURCE_DATE_EPOCH"):
        book_date = build_timestamp(None).date().isoformat()
    elif book_date is not None:
        book_date = _parse_date(book_date).isoformat()
    return BookMeta(
        title=title,
        compiler=options.author or settings.get("author"),
        language=language,
        date=book_date,
        description=settings.get("description"),
        not_for_sale=settings.get("not_for_sale", True),
    )


def _writers(options: BuildOptions, output: dict) -> dict[str, Callable[[Book, datetime], bytes]]:
    def epub_writer(book: Book, stamp: datetime) -> bytes:
        from .writers.epub import write_epub

        return write_epub(book, stamp)

    def pdf_writer(book: Book, stamp: datetime) -> bytes:
        from .writers.pdf import PdfOptions, write_pdf

        defaults = PdfOptions()
        pdf_options = PdfOptions(
            page_size=options.page_size or output.get("page_size") or defaults.page_size,
            font=options.font or output.get("font") or defaults.font,
        )
        return write_pdf(book, stamp, pdf_options)

    return {"epub": epub_writer, "pdf": pdf_writer}


def parse_notes_placement(text: str) -> str:
    """`--notes` / `[output] notes`: where authors' notes go."""
    value = text.strip().lower()
    if value not in NOTES_PLACEMENTS:
        raise UsageError(f"unknown notes placement {text!r}; choose from {', '.join(NOTES_PLACEMENTS)}")
    return value


def build(inputs: list[str], options: BuildOptions, reporter: Reporter | None = None) -> BuildReport:
    """Build every requested format from the inputs. Raises FicbindError for user mistakes."""
    reporter = reporter or SilentReporter()
    started = time.perf_counter()
    report = BuildReport()
    gathered = gather(inputs)
    output_settings = gathered.manifest.output if gathered.manifest else {}
    formats = options.formats or tuple(output_settings.get("formats", DEFAULT_FORMATS))
    formats = parse_formats(",".join(formats))
    notes_setting = options.notes or output_settings.get("notes")
    notes_placement = parse_notes_placement(notes_setting) if notes_setting else None

    reporter.stage("Reading stories", len(gathered.sources))
    stories: list[Story] = []
    for source in gathered.sources:
        try:
            story = read_source(source, options.max_bytes)
        except InputError as error:
            if len(gathered.sources) == 1:
                raise
            # One unreadable story does not cost the reader the rest of the anthology.
            message = str(error)
            reporter.warn(f"skipped: {message}")
            report.warnings.append(f"skipped: {message}")
            report.stories.append(StoryReport(source.display, None, 0, "refused", message))
            reporter.advance()
            continue
        stories.append(place_notes(story, notes_placement))
        report.stories.append(StoryReport(source.display, story.meta.title, count_words(story.blocks), "built"))
        reporter.advance()
    if not stories:
        raise InputError("none of the inputs could be read; nothing to bind")

    book = Book(meta=_book_meta(gathered, stories, options), stories=stories)
    stamp = build_timestamp(book.meta.date if not os.environ.get("SOURCE_DATE_EPOCH") else None)
    stem = slugify(options.name or output_settings.get("name") or book.meta.title)
    writers = _writers(options, output_settings)

    reporter.stage("Writing books", len(formats))
    for fmt in formats:
        data = writers[fmt](book, stamp)
        path = options.output_dir / f"{stem}.{fmt}"
        write_atomically(path, data)
        report.outputs.append(OutputReport(fmt, str(path), len(data), hashlib.sha256(data).hexdigest()))
        reporter.advance()
    report.seconds = round(time.perf_counter() - started, 3)
    return report


__all__ = ["BuildOptions", "BuildReport", "FicbindError", "build", "parse_formats"]

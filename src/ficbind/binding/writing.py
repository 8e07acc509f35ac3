"""The book -> its files: each format's rendering made once (EPUB, PDF), imposed where the
format is a zine, and written atomically — or, when the cache knows that the files on
disk are already this very book, nothing rendered and nothing touched."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import Book, BookMeta
from ..model.native import to_native
from ..runtime.cache import BuildCache, cache_key
from ..runtime.outputs import file_sha256, output_folder_lock, remove_stale_temporaries, write_atomically
from ..runtime.parallel import Workers
from ..writers import WriteContext
from .formats import FORMAT_TABLE, Format, Rendering
from .parts_cache import PartsCache
from .reading import LoadedStory, full_story
from .report import BuildReport, OutputReport, Reporter
from .settings import CoverKind, Settings


def _cover_byline(book: Book) -> str | None:
    """Who the drawn cover names: the compiler, else the stories' author(s)."""
    if book.meta.compiler:
        return f"compiled by {book.meta.compiler}"
    authors = list(dict.fromkeys(name for story in book.stories for name in story.meta.authors))
    if not authors or len(authors) > 3:
        return None
    return authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + " and " + authors[-1]


class Renderer:
    """Makes each rendering a build needs, once: the EPUB (and KEPUB) with its cover image,
    and each PDF (the reading one, a zine's at trim size, the mini-zine's compact one)."""

    def __init__(self, settings: Settings, parts: PartsCache, stamp: datetime, warn: Callable[[str], None]) -> None:
        self.settings = settings
        self.parts = parts
        self.stamp = stamp
        self.warn = warn
        # What every writer is given alike: the moment, the report's warnings, the cache.
        self.context = WriteContext(stamp, warn, parts)
        self.done: dict[Rendering, bytes] = {}
        self.done_covers: dict[str, bytes | None] = {}
        self.coarse_warnings: set[str] = set()
        # A zine's PDF whose stories open on either page: how many pages opening them on the
        # right would have taken, for the instructions to say what that saved.
        self.pages_if_right: dict[Rendering, int] = {}

    def __call__(self, book: Book, rendering: Rendering) -> bytes:
        if rendering not in self.done:
            if rendering.writer == "epub":
                self.done[rendering] = self._epub(book, rendering.kepub)
            else:
                self.done[rendering] = self._pdf(book, rendering)
        return self.done[rendering]

    def _epub_cover(self, book: Book) -> bytes | None:
        """The EPUB's cover image, made once for the epub and the kepub."""
        from ..writers.epub.cover import drawn_cover, user_cover

        if "epub_cover" not in self.done_covers:
            cover = self.settings.cover
            image = None
            if cover.kind is CoverKind.PICTURE:
                assert cover.picture is not None
                image = user_cover(cover.picture)
            elif cover.kind is CoverKind.DRAWN:
                image = drawn_cover(book.meta, _cover_byline(book))
            self.done_covers["epub_cover"] = image
        return self.done_covers["epub_cover"]

    @functools.cached_property
    def _pdf_cover(self) -> Any:
        """The picture every PDF of this build opens on, read once; None for no cover page."""
        from ..writers.pdf.cover import read_picture

        picture = self.settings.cover.picture
        return read_picture(picture) if self.settings.cover_page and picture is not None else None

    def _epub(self, book: Book, kepub: bool) -> bytes:
        from ..writers.epub.write import EpubOptions, write_epub

        return write_epub(book, EpubOptions(kepub=kepub, cover=self._epub_cover(book)), self.context)

    def _pdf(self, book: Book, rendering: Rendering) -> bytes:
        from ..writers.pdf.write import write_pdf

        assert rendering.pdf is not None
        self._warn_if_coarse(rendering.pdf)

        def pages_if_right(count: int) -> None:
            self.pages_if_right[rendering] = count

        options = dataclasses.replace(rendering.pdf, cover=self._pdf_cover)
        return write_pdf(book, options, self.context, pages_if_right=pages_if_right)

    def _warn_if_coarse(self, options: Any) -> None:
        """A cover picture too coarse for the page it is printed on, said once per page size.
        Not for a mini-zine: its panels are pages the size of a playing card, printed at home."""
        from ..writers.pdf.cover import coarse_for_print
        from ..writers.pdf.geometry import page_geometry

        if self._pdf_cover is None or options.layout == "compact":
            return
        message = coarse_for_print(self._pdf_cover, page_geometry(options.page_size, options.bleed, options.marks))
        if message and message not in self.coarse_warnings:
            self.coarse_warnings.add(message)
            self.warn(f"{self.settings.cover.picture}: {message}")


def _impose(fmt: Format, reading_pdf: bytes, settings: Settings, paths: list[Path],
            pages_if_right: int | None = None) -> tuple[list[bytes], list[str]]:
    """A zine or mini-zine imposed from a reading PDF: the files' bytes and how to print them."""
    from ..writers.zine import impose_minizine, impose_zine, page_count

    try:
        # ficbind's reading PDF has no back matter after the last story, so the blank pages
        # go at the very end, never between a story's last pages.
        if fmt.name == "zine":
            imposition = impose_zine(reading_pdf, settings.zine, pad_before=page_count(reading_pdf),
                                     pages_if_right=pages_if_right)
        else:
            imposition = impose_minizine(reading_pdf, settings.zine, pad_before=page_count(reading_pdf))
    except UsageError as error:
        if not settings.cover_page:
            raise
        # A story that filled the eight panels no longer fits once its cover takes one.
        raise UsageError(f"{error.message}; the cover picture is one of those pages (--no-cover-page leaves it out)") \
            from None
    assert [file.suffix for file in imposition.files] == [p.stem[-len(file.suffix):] for p, file in
                                                         zip(paths, imposition.files)], "zine file names"
    return [file.data for file in imposition.files], imposition.instructions([path.name for path in paths])


def _cover_wrap(book: Book, reading_pdf: bytes, settings: Settings, stamp: datetime) -> bytes:
    """The cover wrap for the book the reading PDF holds: its page count makes the spine."""
    from ..model import blocks_text
    from ..writers.pdf.geometry import page_geometry
    from ..writers.pdf.wrap import WrapJob, write_cover_wrap
    from ..writers.zine import page_count

    geometry = page_geometry(settings.pdf.page_size, settings.pdf.bleed or "3mm")
    blurb = book.meta.blurb or book.meta.description
    if not blurb and len(book.stories) == 1:
        blurb = blocks_text(book.stories[0].meta.summary) or None  # a one-story book: its summary
    picture = settings.cover.picture
    pages = page_count(reading_pdf) - (2 if settings.cover_page else 0)  # the cover and its back are not the block's
    job = WrapJob(
        title=book.meta.title, author=_cover_byline(book), blurb=blurb, pages=pages,
        trim=(geometry.width, geometry.height), bleed=geometry.bleed, font=settings.pdf.font,
        language=book.meta.language, picture=(picture.name, picture.read_bytes()) if picture else None,
        paper_ppi=settings.paper_ppi, spine=settings.spine, marks=bool(settings.pdf.marks),
        timestamp=int(stamp.timestamp()),
    )
    return write_cover_wrap(job)


def write_books(
    chosen: list[LoadedStory], meta: BookMeta, stamp: datetime, stem: str, settings: Settings, cache: BuildCache,
    reporter: Reporter, report: BuildReport, warn: Callable[[str], None], workers: Workers,
) -> None:
    """Every format's files, in the output folder (locked against a second build)."""
    # The PDFs this build may lay out: once the last is laid out, its workers have nothing
    # left to do, and end before the parts are joined (the join of a 100-story anthology
    # holds some 700 MB of PDF objects, and idle workers held 400 MB more).
    layouts = len({rendering for name in settings.formats
                   if (rendering := FORMAT_TABLE[name].rendering(settings)).writer == "pdf"})
    parts = PartsCache(cache, chosen, reporter, settings.force, workers, layouts=layouts)
    renderer = Renderer(settings, parts, stamp, warn)
    book_key_parts: list[Any] = [to_native(meta), stamp.isoformat(), [item.key for item in chosen],
                                 settings.book_key()]
    if settings.cover.picture is not None:  # the picture may change under the same name
        book_key_parts.append(file_sha256(settings.cover.picture))
    book: Book | None = None

    def render(rendering: Rendering) -> bytes:
        nonlocal book
        if book is None:
            book = Book(meta=meta, stories=[full_story(item, settings, cache) for item in chosen])
        return renderer(book, rendering)

    output_dir = settings.output_dir
    with output_folder_lock(output_dir, on_wait=reporter.note):
        remove_stale_temporaries(output_dir)
        for name in settings.formats:
            fmt = FORMAT_TABLE[name]
            paths = [output_dir / file_name for file_name in fmt.file_names(stem, settings)]
            keys = [cache_key("output", name, path.name[len(stem):], *book_key_parts) for path in paths]
            instructions_key = cache_key("instructions", name, *book_key_parts)
            known = [None if settings.force else cache.output(key) for key in keys]
            if all(k is not None and file_sha256(p) == k.sha256 for k, p in zip(known, paths)):
                # The files on disk are this very book: leave them alone, render nothing.
                saved = cache.part(instructions_key) if fmt.imposed else None
                instructions = json.loads(saved.decode("utf-8")) if saved else []
                for k, p in zip(known, paths):
                    assert k is not None
                    report.outputs.append(OutputReport(name, str(p), k.bytes, k.sha256, instructions))
                report.unchanged.append(name)
                continue
            rendering = fmt.rendering(settings)
            if rendering.writer == "epub":
                # The EPUB advances once per story it renders (PartsCache), then once when written.
                reporter.stage(fmt.label, len(chosen) + 1)
                datas, instructions = [render(rendering)], []
            else:
                # A PDF shows its own progress while it is laid out (PartsCache.pdf_parts).
                source = render(rendering)
                reporter.stage(fmt.label, 1)
                if fmt.name == "cover":
                    assert book is not None
                    datas, instructions = [_cover_wrap(book, source, settings, stamp)], []
                elif fmt.imposed:
                    datas, instructions = _impose(fmt, source, settings, paths,
                                                  renderer.pages_if_right.get(rendering))
                    cache.put_part(instructions_key, "instructions", json.dumps(instructions).encode("utf-8"))
                else:
                    datas, instructions = [source], []
            for path, key, data in zip(paths, keys, datas):
                digest = hashlib.sha256(data).hexdigest()
                if file_sha256(path) == digest:
                    report.unchanged.append(name)  # same bytes as before: no need to touch the file
                else:
                    write_atomically(path, data)
                cache.put_output(key, digest, len(data))
                report.outputs.append(OutputReport(name, str(path), len(data), digest, instructions))
            reporter.advance()

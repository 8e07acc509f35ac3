"""`ficbind build` as a library: gather the inputs, resolve the settings, read (or
recall) each story, choose and order them, make the book's metadata, write each format.

The stages, each a module: `settings.py` (the flags, else the manifest, else the
defaults, resolved once), `reading.py` (stories read in worker processes or recalled
from the cache), `book.py` (the book's metadata), `formats.py` (one record per output
format), `writing.py` (renderings made once, imposed, written atomically),
`parts_cache.py` (rendered pieces remembered between builds) and `report.py` (what
the build tells people and scripts). The CLI only parses options and shows progress;
everything a script needs to know afterwards is in the `BuildReport`.

With the cache, a story whose bytes, overrides and settings are unchanged is recalled
instead of parsed, its rendered pieces are reused, and a format whose whole book is
unchanged is neither rendered nor written again. Stories are read, and the PDF's parts
laid out, on every core when there is enough of them to pay for starting worker
processes; the result is the same either way.
"""

from __future__ import annotations

import time

from ..errors import FicbindError, ManifestError
from ..project.gather import gather
from ..runtime.cache import BuildCache, user_cache_dir
from ..runtime.outputs import slugify
from ..runtime.parallel import Workers
from .book import book_meta
from .book_date import book_date
from .formats import DEFAULT_FORMATS, FORMATS
from .reading import choose, read_source, read_stories
from .report import BuildReport, Reporter, SilentReporter, StoryReport, Warnings
from .settings import BuildOptions, Settings, parse_formats, resolve
from .writing import write_books

# What the workers of a build that prints import before their first job (parallel.py):
# the readers, for stories read in parallel, WeasyPrint with ficbind's use of it, and
# the command line's module, which the `ficbind` script imports (multiprocessing runs a
# worker's main module again in each worker from a fork server).
PRINTING_WORKER_MODULES = ("ficbind.cli.app", "ficbind.binding.reading", "ficbind.writers.pdf.parts", "weasyprint")


def _open_cache(settings: Settings, warn: Warnings) -> BuildCache:
    if not settings.cache:
        return BuildCache(None, warn)
    return BuildCache(settings.cache_dir or user_cache_dir(), warn)


def build(inputs: list[str], options: BuildOptions, reporter: Reporter | None = None) -> BuildReport:
    """Build every requested format from the inputs. Raises FicbindError for user mistakes."""
    reporter = reporter or SilentReporter()
    started = time.perf_counter()
    report = BuildReport()
    warn = Warnings(report, reporter)
    gathered = gather(inputs)
    settings = resolve(options, gathered)
    # Files a folder holds that are not read are named in the summary (and the JSON's
    # warnings), with what to do instead; they do not stop a --strict build.
    report.not_read = [str(item) for item in gathered.not_read]
    report.warnings.extend(f"not read: {item}" for item in gathered.not_read)
    refused: list[StoryReport] = []
    with _open_cache(settings, warn) as cache, \
            Workers(settings.jobs, PRINTING_WORKER_MODULES if settings.printing else ()) as workers:
        read = read_stories(gathered, settings, cache, reporter, warn, refused, workers)
        if not settings.printing:
            # Only a PDF is laid out in workers: an EPUB's are done once the stories are
            # read, and each holds 40 MB that the EPUB's writing would otherwise add to.
            workers.close()
        chosen = choose(gathered, read)
        report.left_out = len(read) - len(chosen)
        metas = [item.meta for item in chosen]
        dated = book_date(gathered.manifest.book.get("date") if gathered.manifest else None, metas,
                          [item.source.path for item in chosen])
        meta = book_meta(gathered, metas, settings, dated.day)
        stem = slugify(settings.name or meta.title)
        write_books(chosen, meta, dated.moment, stem, settings, cache, reporter, report, warn, workers)

    report.stories = [
        StoryReport(item.source.display, item.meta.title, item.words, item.status) for item in chosen
    ] + refused
    report.seconds = round(time.perf_counter() - started, 3)
    return report


__all__ = [
    "DEFAULT_FORMATS", "FORMATS", "BuildOptions", "BuildReport", "FicbindError", "ManifestError", "Reporter",
    "build", "parse_formats", "read_source",
]

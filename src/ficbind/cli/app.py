"""The `ficbind` command line: a thin layer over build.py and the readers.

Each command parses its options, calls the library, and turns a FicbindError into
one line on stderr and its exit code. Tracebacks appear only under `--debug`.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer

from .. import __version__
from ..errors import ExitCode, FicbindError
from .usage import FicbindGroup, usage_error

EXIT_CODES_HELP = (
    "Exit codes: 0 built; 1 built with warnings under --strict; 2 usage or manifest error; "
    "3 an input could not be read or was refused (empty, binary, over --max-size…), or an output could not "
    "be written; 130 interrupted (Ctrl-C), "
    "143 terminated (SIGTERM), 129 hung up (SIGHUP); 70 an internal error."
)

app = typer.Typer(
    name="ficbind",
    cls=FicbindGroup,
    help="Bind fan fiction into books: EPUB for e-readers, PDF for print.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DebugOption = typer.Option(False, "--debug", help="Show a full traceback when something goes wrong.")


def _fail(message: str, code: int) -> typer.Exit:
    from .console import printable

    print(f"ficbind: error: {printable(message)}", file=sys.stderr)
    return typer.Exit(code)


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl-C so every `finally` runs and temporary files go."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.signal_number = signal_number


@contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """Turn SIGTERM (kill, systemd, a cron timeout) and SIGHUP (the terminal closed) into
    an exception for the duration of a command: by default they end Python at once,
    leaving temporary files behind."""
    def handler(signum: int, frame: object) -> None:
        raise Terminated(signum)

    numbers = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    try:
        previous = {number: signal.signal(number, handler) for number in numbers}
    except ValueError:  # not the main thread (tests calling main() from a thread)
        yield
        return
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def _stopped_by(signal_number: int) -> str:
    """What stopped ficbind, in words: a bare 'terminated' leaves a person wondering who did it."""
    if signal_number == getattr(signal, "SIGHUP", None):
        return "stopped because the terminal was closed (SIGHUP)"
    return "stopped by a request to end (SIGTERM: kill, a shutdown, or a job's time limit)"


def run_guarded(debug: bool, action: Callable[[], int | None]) -> None:
    """Run a command body, turning errors into one line and an exit code."""
    try:
        with _terminate_cleanly():
            code = action() or 0
    except FicbindError as error:
        if debug:
            raise
        raise _fail(str(error), int(error.exit_code)) from None
    except BrokenPipeError:
        # The reader of stdout went away (`ficbind build --json | head -1`): not an error
        # of ours. Point stdout at nothing so Python's exit flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(128 + 13) from None  # as if killed by SIGPIPE, like other Unix tools
    except Terminated as stop:
        raise _fail(f"{_stopped_by(stop.signal_number)}; no output was left half-written",
                    128 + stop.signal_number) from None
    except KeyboardInterrupt:
        raise _fail("interrupted; no output was left half-written", 130) from None
    except Exception as error:  # a bug in ficbind, not a user mistake
        if debug:
            raise
        raise _fail(
            f"internal error: {type(error).__name__}: {error}. Run again with --debug and report it.",
            int(ExitCode.INTERNAL),
        ) from None
    if code:
        raise typer.Exit(code)


def _at_least_one_job(context: typer.Context, value: Optional[int]) -> Optional[int]:
    if value is not None and value < 1:
        raise usage_error(f"--jobs {value}: give 1 or more worker processes (1: everything in one process)", context)
    return value


def _version(value: bool) -> None:
    if value:
        print(f"ficbind {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_callback(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Bind fan fiction into books: EPUB for e-readers, PDF for print."""


@app.command(epilog=EXIT_CODES_HELP)
def build(
    inputs: Optional[list[str]] = typer.Argument(
        None, metavar="INPUT",
        help="Story files (.txt, .md; EPUB downloads from AO3, FanFicFare, fichub, WebToEpub or any other; "
             "web pages saved as .html/.htm/.xhtml: AO3 downloads and work pages, FanFiction.net pages, forum "
             "posts), folders of them, or a manifest .toml (default: ficbind.toml here).",
    ),
    output: Path = typer.Option(Path("out"), "-o", "--output", metavar="DIR", help="Folder to write the books into."),
    formats: Optional[str] = typer.Option(
        None, "--format", "-f", metavar="LIST",
        help="Comma-separated formats: epub, kepub (Kobo), pdf, zine, minizine, cover (a cover wrap). "
        "Default: epub,pdf.",
    ),
    title: Optional[str] = typer.Option(
        None, "--title", metavar="TEXT", help="Book title (default: the manifest's, or the story's)."
    ),
    author: Optional[str] = typer.Option(
        None, "--author", metavar="NAME", help="The compiler's name, shown on the title page."
    ),
    name: Optional[str] = typer.Option(
        None, "--name", metavar="NAME", help="Output file name without suffix (default: a slug of the title)."
    ),
    page_size: Optional[str] = typer.Option(
        None, "--page-size", metavar="SIZE", help="PDF trim size, e.g. a5 (default), a6, 5x8in."
    ),
    font: Optional[str] = typer.Option(
        None, "--font", metavar="FACE", help="Book face for the PDF: eb-garamond, literata, crimson-pro."
    ),
    bleed: Optional[str] = typer.Option(
        None, "--bleed", metavar="SIZE", help="PDF bleed beyond the trim for a print shop, e.g. 3mm or 0.125in."
    ),
    marks: Optional[str] = typer.Option(
        None, "--marks", metavar="LIST", help="Printer's marks outside the bleed: crop, cross or crop,cross."
    ),
    pdf_standard: Optional[str] = typer.Option(
        None, "--pdf-standard", metavar="NAME",
        help="The standard the PDF claims: x-4 (print shops), ua-1 (screen readers), a-2b or a-2u (archives)."),
    pdf_tags: Optional[bool] = typer.Option(
        None, "--pdf-tags/--no-pdf-tags",
        help="Tag the PDF's headings, paragraphs and links for screen readers (default: yes)."),
    pages_multiple_of: Optional[int] = typer.Option(
        None, "--pages-multiple-of", metavar="N", min=2,
        help="Pad the PDF with blank pages at its end to a multiple of N pages (4 for saddle stitching)."),
    paper_ppi: Optional[float] = typer.Option(
        None, "--paper-ppi", metavar="PPI",
        help="The cover wrap's paper in pages per inch: 444 white 50-60 lb (default), 400 cream."),
    spine: Optional[str] = typer.Option(
        None, "--spine", metavar="WIDTH", help="The cover wrap's spine width, e.g. 12mm (default: pages / paper PPI)."),
    sheet: Optional[str] = typer.Option(
        None, "--sheet", metavar="SIZE",
        help="Zine paper: a4, letter, a3, a5, … or 210x297mm (default: fits two pages, A5 on A4).",
    ),
    signature: Optional[int] = typer.Option(
        None, "--signature", metavar="N",
        help="Zine in fanbinding signatures of N folded sheets each (default: one booklet).",
    ),
    duplex: str = typer.Option(
        "short", "--duplex", metavar="EDGE", help="The edge your printer flips on for zines: short or long."
    ),
    single_sided: bool = typer.Option(
        False, "--single-sided", help="Write the zine's fronts and backs as two PDFs, for printers without duplex."
    ),
    fold_marks: bool = typer.Option(False, "--fold-marks", help="Draw fold and cut marks on zine sheets."),
    creep: float = typer.Option(
        0.0, "--creep", metavar="MM", help="Move the zine's inner pages up to MM toward the fold (creep)."
    ),
    openings: str = typer.Option(
        "any", "--openings", metavar="any|right",
        help="Where stories open in a zine: on either page (any, no blank pages before them) or on a "
        "right-hand page, as in a bound book (right).",
    ),
    cover: Optional[str] = typer.Option(
        None, "--cover", metavar="IMAGE",
        help="The cover: a JPEG or PNG, the EPUB's cover and the PDF's first page, or none "
        "(default: the EPUB gets a cover drawn from the title, the PDF none).",
    ),
    no_cover_page: bool = typer.Option(
        False, "--no-cover-page",
        help="Leave the cover picture out of the PDF (for a print shop that prints it apart).",
    ),
    notes: Optional[str] = typer.Option(
        None, "--notes", metavar="PLACE",
        help="Authors' notes: before (all on each story's title page), end (all after the story), "
        "omit, or as-placed (default: where the author put them).",
    ),
    max_size: Optional[str] = typer.Option(
        None, "--max-size", metavar="SIZE",
        help="The largest story file to read, e.g. 64MB (default: the manifest's [input] max_size, else 32MB).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON report on stdout instead of progress."),
    strict: bool = typer.Option(
        False, "--strict", help="Exit 1 when the build had warnings; a story that cannot be read stops the build."
    ),
    force: bool = typer.Option(False, "--force", help="Read and render every story again, ignoring the cache."),
    cache_dir: Optional[Path] = typer.Option(
        None, "--cache", metavar="DIR", help="Keep the cache in DIR (default: the user's cache folder)."
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help="Use no cache at all: read and store nothing."),
    jobs: Optional[int] = typer.Option(
        None, "--jobs", "-j", metavar="N", callback=_at_least_one_job,
        help="Worker processes that read stories and lay out the PDF (default: one per core; 1: none).",
    ),
    watch: bool = typer.Option(
        False, "--watch", help="Rebuild whenever a story or the manifest changes, until Ctrl-C."
    ),
    verbose: bool = typer.Option(False, "-v", "--verbose", help="Report each stage even when not on a terminal."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="Only errors and warnings."),
    debug: bool = DebugOption,
) -> None:
    """Bind stories into an EPUB and a PDF (or a zine to print and fold) in the output folder.

    An unchanged rebuild is quick and rewrites nothing: stories and rendered parts are
    cached (--force ignores the cache). A terminal shows progress and a summary; a
    script sees only warnings and errors, and --json prints a report on stdout.
    """
    from ..binding import BuildOptions, parse_formats
    from ..binding import build as run_build
    from ..binding.settings import parse_max_size, parse_notes_placement
    from ..writers.zine import ZineOptions
    from .console import ConsoleReporter

    story_inputs = list(inputs or [])

    def options() -> BuildOptions:
        return BuildOptions(
            output_dir=output,
            formats=parse_formats(formats) if formats else None,
            title=title,
            author=author,
            name=name,
            page_size=page_size,
            font=font,
            bleed=bleed,
            marks=marks,
            pdf_standard=pdf_standard,
            pdf_tags=pdf_tags,
            pages_multiple_of=pages_multiple_of,
            paper_ppi=paper_ppi,
            spine=spine,
            zine=ZineOptions(sheet, signature, duplex.lower(), single_sided, fold_marks, creep, openings.lower()),
            strict=strict,
            force=force,
            cache=not no_cache,
            cache_dir=cache_dir,
            jobs=jobs,
            notes=parse_notes_placement(notes) if notes else None,
            max_bytes=parse_max_size(max_size) if max_size else None,
            cover=cover,
            cover_page=False if no_cover_page else None,
        )

    def once() -> int:
        with ConsoleReporter(verbose=verbose, quiet=quiet or as_json) as reporter:
            report = run_build(story_inputs, options(), reporter)
        if as_json:
            # One object per build; under --watch, one line per build (JSON Lines).
            print(json.dumps(report.to_json(), ensure_ascii=False, indent=None if watch else 2), flush=True)
        else:
            reporter.summary(report)
            shown: list[list[str]] = []
            for out in report.outputs:  # a zine's fronts and backs share one set of instructions
                # How to print and fold is what a zine maker needs, in a script as on a terminal:
                # shown unless -q asks for errors and warnings only.
                if out.instructions and out.instructions not in shown and not quiet:
                    shown.append(out.instructions)
                    print("\n" + "\n".join(out.instructions), file=sys.stderr)
        return int(ExitCode.WARNINGS) if strict and report.warnings else 0

    def watching() -> int:
        from .watch import watch as watch_loop

        note = ConsoleReporter(verbose=verbose, quiet=quiet or as_json)

        def rebuild() -> None:
            try:
                once()
            except FicbindError as error:  # keep watching: the next save may fix it
                from .console import printable

                print(f"ficbind: error: {printable(str(error))}", file=sys.stderr, flush=True)
            note.info("watching for changes; Ctrl-C to stop")

        options()  # a bad option is an error now, not on every rebuild
        watch_loop(story_inputs, rebuild)
        note.info("stopped watching")
        return 0

    run_guarded(debug, watching if watch else once)


@app.command(epilog="Exit codes: 0 written; 2 the manifest exists (use --force); 3 no readable stories.")
def init(
    folder: Path = typer.Argument(Path("."), metavar="FOLDER", help="The folder holding the stories (default: here)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing ficbind.toml."),
    debug: bool = DebugOption,
) -> None:
    """Write a commented starter manifest (ficbind.toml) for the stories in a folder."""
    from ..binding import DEFAULT_FORMATS, FORMATS
    from ..errors import InputError, UsageError
    from ..project.manifest import MANIFEST_NAME
    from ..runtime.outputs import write_atomically
    from .starter import starter_manifest

    def action() -> int:
        if not folder.is_dir():
            raise InputError("no such folder; check the path", folder)
        target = folder / MANIFEST_NAME
        if target.exists() and not force:
            raise UsageError("already exists; edit it, or pass --force to replace it", target)
        text, count = starter_manifest(folder, FORMATS, DEFAULT_FORMATS)
        write_atomically(target, text.encode("utf-8"))
        build_command = "ficbind build" if folder.resolve() == Path.cwd().resolve() else f"ficbind build {target}"
        print(f"wrote {target} with {count} {'story' if count == 1 else 'stories'}; "
              f"check it, then run: {build_command}")
        return 0

    run_guarded(debug, action)


@app.command(epilog="Exit codes: 0 every file was read; 3 a file could not be read (the others are still shown).")
def inspect(
    files: list[Path] = typer.Argument(
        ..., metavar="FILE", help="Story files (text, Markdown, EPUB, saved web pages), or folders of them, to read."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array, one object per story."),
    debug: bool = DebugOption,
) -> None:
    """Show what ficbind reads from story files: what each was read as (plain text,
    Markdown, an AO3 HTML download…), title, author, header fields, and the source
    lines it took as header and notes."""
    from .inspection import Unreadable, describe_each, inspect_files, render_table

    def action() -> int:
        if as_json:
            described = describe_each(files)
            print(json.dumps([item.to_json() if isinstance(item, Unreadable) else item for item in described],
                             ensure_ascii=False, indent=2))
            failed = [item.error for item in described if isinstance(item, Unreadable)]
        else:
            inspected = inspect_files(files)
            render_table(inspected, sys.stdout, sys.stderr)
            failed = [item.error for item in inspected if isinstance(item, Unreadable)]
        return max(int(error.exit_code) for error in failed) if failed else 0

    run_guarded(debug, action)


CHECK_EXIT_CODES_HELP = (
    "Exit codes: 0 ready for print; 1 the PDF has problems (listed); 2 usage error; 3 the file is not a readable PDF."
)


@app.command(epilog=CHECK_EXIT_CODES_HELP)
def check(
    pdf: Path = typer.Argument(..., metavar="BOOK.pdf", help="The PDF to check."),
    multiple_of: Optional[int] = typer.Option(
        None, "--multiple-of", min=2, help="Require a page count that is a multiple of N (4 for saddle stitching)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
    debug: bool = DebugOption,
) -> None:
    """Preflight a PDF for printing: fonts embedded, trim and bleed boxes, page count, image resolution."""
    from ..writers.pdf.preflight import check_pdf, render_verdict

    def action() -> int:
        verdict = check_pdf(pdf, multiple_of=multiple_of)
        if as_json:
            data = dataclasses.asdict(verdict) | {"ready": verdict.ready}
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            print(render_verdict(verdict))
        return 0 if verdict.ready else 1

    run_guarded(debug, action)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point; `argv` lets tests call it directly."""
    app(args=argv, prog_name="ficbind")


if __name__ == "__main__":  # pragma: no cover
    main()

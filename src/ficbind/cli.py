"""The `ficbind` command line: a thin layer over build.py and the readers.

Each command parses its options, calls the library, and turns a FicbindError into
one line on stderr and its exit code. Tracebacks appear only under `--debug`.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Callable, List, Optional

import typer

from . import __version__
from .errors import ExitCode, FicbindError

EXIT_CODES_HELP = (
    "Exit codes: 0 built; 1 built with warnings under --strict; 2 usage or manifest error; "
    "3 an input could not be read."
)

app = typer.Typer(
    name="ficbind",
    help="Bind fan fiction into books: EPUB for e-readers, PDF for print.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DebugOption = typer.Option(False, "--debug", help="Show a full traceback when something goes wrong.")


def _fail(message: str, code: int) -> typer.Exit:
    print(f"ficbind: error: {message}", file=sys.stderr)
    return typer.Exit(code)


def run_guarded(debug: bool, action: Callable[[], int | None]) -> None:
    """Run a command body, turning errors into one line and an exit code."""
    try:
        code = action() or 0
    except FicbindError as error:
        if debug:
            raise
        raise _fail(str(error), int(error.exit_code)) from None
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


def _version(value: bool) -> None:
    if value:
        print(f"ficbind {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_callback(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Bind fan fiction into books: EPUB for e-readers, PDF for print."""


@app.command(epilog=EXIT_CODES_HELP)
def build(
    inputs: List[str] = typer.Argument(..., metavar="INPUT...", help="Story files, folders of stories, or a manifest .toml."),
    output: Path = typer.Option(Path("out"), "-o", "--output", help="Folder to write the books into."),
    formats: Optional[str] = typer.Option(None, "--format", "-f", help="Comma-separated formats: epub, pdf. Default: both."),
    title: Optional[str] = typer.Option(None, "--title", help="Book title (default: the manifest's, or the story's)."),
    author: Optional[str] = typer.Option(None, "--author", help="The compiler's name, shown on the title page."),
    name: Optional[str] = typer.Option(None, "--name", help="Output file name without suffix (default: a slug of the title)."),
    page_size: Optional[str] = typer.Option(None, "--page-size", help="PDF trim size, e.g. a5 (default), a6, 5x8in."),
    font: Optional[str] = typer.Option(None, "--font", help="Book face for the PDF: eb-garamond, literata, crimson-pro."),
    notes: Optional[str] = typer.Option(
        None, "--notes", metavar="PLACE",
        help="Authors' notes: before (all on each story's title page), end (all after the story), "
        "omit, or as-placed (default: where the author put them).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON report on stdout instead of progress."),
    verbose: bool = typer.Option(False, "-v", "--verbose", help="Report each stage even when not on a terminal."),
    quiet: bool = typer.Option(False, "-q", "--quiet", help="Only errors and warnings."),
    debug: bool = DebugOption,
) -> None:
    """Bind stories into an EPUB and a PDF in the output folder."""
    from .build import BuildOptions, build as run_build, parse_formats, parse_notes_placement
    from .console import ConsoleReporter

    def action() -> int:
        options = BuildOptions(
            output_dir=output,
            formats=parse_formats(formats) if formats else None,
            title=title,
            author=author,
            name=name,
            page_size=page_size,
            font=font,
            notes=parse_notes_placement(notes) if notes else None,
        )
        with ConsoleReporter(verbose=verbose, quiet=quiet or as_json) as reporter:
            report = run_build(inputs, options, reporter)
        if as_json:
            print(json.dumps(dataclasses.asdict(report), ensure_ascii=False, indent=2))
        else:
            for out in report.outputs:
                reporter.info(f"wrote {out.path} ({out.bytes / 1024:.0f} KB)")
        return 0

    run_guarded(debug, action)


@app.command()
def inspect(
    files: List[Path] = typer.Argument(..., metavar="FILE...", help="Story files to read."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array, one object per story."),
    debug: bool = DebugOption,
) -> None:
    """Show what ficbind reads from story files: title, author, header fields, and the
    source lines it took as header and notes."""
    from .inspection import describe, inspect_files, render_table

    def action() -> int:
        if as_json:
            print(json.dumps([describe(path) for path in files], ensure_ascii=False, indent=2))
        else:
            render_table(inspect_files(files), sys.stdout)
        return 0

    run_guarded(debug, action)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point; `argv` lets tests call it directly."""
    app(args=argv, prog_name="ficbind")


if __name__ == "__main__":  # pragma: no cover
    main()

"""ficbind binds fan fiction into books: EPUB 3 for e-readers, a print-ready PDF, zines.

The public API is `build(inputs, BuildOptions(...))`, which returns a `BuildReport` and
raises `FicbindError` (with an exit code) for a user's mistake.

The package is a pipeline, one folder per stage; a module imports only from the
stages to its left (a test guards it):

    model  <-  text  <-  readers, transforms  <-  writers  <-  project, runtime  <-  binding  <-  cli

- `model/`      the document every reader produces and every writer consumes
- `text/`       fic-text knowledge every stage shares: chapter headings, languages, word counts
- `readers/`    bytes -> Story, one module per input format
- `transforms/` Story -> Story: typography, structure, chapters, lyrics, notes
- `writers/`    Book -> bytes: the shared XHTML, `epub/`, `pdf/`, `zine/`
- `project/`    what the user names: inputs gathered, the manifest, `[select]`
- `runtime/`    no fic knowledge: cache store, worker processes, atomic outputs, package data
- `binding/`    `ficbind build` as a library: settings, reading, formats, writing
- `cli/`        the Typer app on top

Deferred imports, the one rule for start-up time: WeasyPrint, pikepdf, ebooklib,
Pillow and the readers' parsers are imported inside the functions that use them, never
at a module's top level in `binding/`, `cli/` or a package `__init__`, so that `ficbind
--help`, a cached nightly rebuild and an EPUB-only build never load the PDF machinery
(tests/test_layout.py guards it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .binding import BuildOptions, BuildReport, build
    from .errors import FicbindError

__all__ = ["BuildOptions", "BuildReport", "FicbindError", "build"]


def __getattr__(name: str) -> Any:
    # The public API, loaded on first use: `import ficbind` stays instant.
    if name in ("BuildOptions", "BuildReport", "build"):
        from . import binding as _binding

        return getattr(_binding, name)
    if name == "FicbindError":
        from .errors import FicbindError

        return FicbindError
    raise AttributeError(f"module 'ficbind' has no attribute {name!r}")

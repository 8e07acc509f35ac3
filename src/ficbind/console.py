"""What a build shows while it runs: progress bars on a terminal, nothing in a script.

A terminal gets a progress bar per stage and a one-line summary; anything else
(cron, CI, a pipe) gets only warnings and errors, unless `--verbose`.
"""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class ConsoleReporter:
    """Reports build progress on stderr, so stdout stays free for `--json`."""

    def __init__(self, stream: TextIO | None = None, verbose: bool = False, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.console = Console(file=self.stream, highlight=False, soft_wrap=True)
        self.interactive = self.stream.isatty() and not quiet
        self.verbose = verbose and not quiet
        self.warnings: list[str] = []
        self._progress: Progress | None = None
        self._task = None

    def __enter__(self) -> "ConsoleReporter":
        if self.interactive:
            self._progress = Progress(
                TextColumn("{task.description:<16}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=False,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def stage(self, label: str, total: int) -> None:
        if self._progress is not None:
            self._task = self._progress.add_task(label, total=total)
        elif self.verbose:
            print(f"ficbind: {label.lower()} ({total})", file=self.stream)

    def advance(self) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        if self._progress is not None:
            self._progress.console.print(f"[yellow]warning:[/] {escape(message)}", markup=True)
        else:
            print(f"ficbind: warning: {message}", file=self.stream)

    def info(self, message: str) -> None:
        """A line for a person at a terminal (or anyone under --verbose)."""
        if self.interactive or self.verbose:
            print(message, file=self.stream)

"""What a build shows while it runs: progress bars on a terminal, nothing in a script.

A terminal gets a progress bar per stage and a short summary; anything else (cron,
CI, a pipe) gets only warnings and errors, unless `--verbose`. Everything goes to
stderr, so stdout stays free for `--json`.
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from ..binding.report import BuildReport


# Control characters in a message (from a file's name: `a\x1b]0;…\x07.txt`) would be
# obeyed by the terminal, and a newline would break the one-line promise: show them.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable(message: str) -> str:
    """A message safe to print on a terminal: control characters as `\x1b`-style escapes."""
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], message)


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    return f"{max(1, round(count / 1024))} KB"


def summary_lines(report: BuildReport) -> list[str]:
    """A few lines saying what the build did, for a person at a terminal."""
    bound = [s for s in report.stories if s.status != "refused"]
    cached = sum(1 for s in bound if s.status == "cached")
    refused = len(report.stories) - len(bound)
    counts = [f"{cached} from the cache"] if cached else []
    if len(bound) - cached and cached:
        counts.append(f"{len(bound) - cached} read")
    line = f"bound {len(bound)} {'story' if len(bound) == 1 else 'stories'}"
    if counts:
        line += f" ({', '.join(counts)})"
    if report.left_out:
        line += f"; {report.left_out} left out by [select]"
    if refused:
        line += f"; {refused} refused"
    if report.not_read:
        line += f"; {len(report.not_read)} {'file' if len(report.not_read) == 1 else 'files'} not read"
    lines = [line + f" in {report.seconds:.1f} s"]
    lines.extend(f"  not read: {item}" for item in report.not_read)
    for out in report.outputs:
        state = "unchanged" if out.format in report.unchanged else "written"
        lines.append(f"  {out.path}  {_size(out.bytes)}  {state}")
    return lines


def _time_left_column() -> Any:
    """`about 0:01:20 left` beside a stage's bar, once its pace is known: a novel's PDF takes
    minutes, and the count alone does not say whether to wait or make tea. Nothing while the
    pace is unknown (the first item) or once the stage is done, where the elapsed time says it."""
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class TimeLeftColumn(ProgressColumn):
        max_refresh = 0.5  # the estimate jumps about as items finish; redraw it at most twice a second

        def render(self, task: Task) -> Text:
            left = task.time_remaining
            if task.finished or left is None:
                return Text("")
            minutes, seconds = divmod(round(left), 60)
            hours, minutes = divmod(minutes, 60)
            return Text(f"about {hours}:{minutes:02d}:{seconds:02d} left", style="progress.remaining")

    return TimeLeftColumn()


class ConsoleReporter:
    """Reports build progress on stderr. rich is imported only for a terminal: a cron
    run never pays for it. The bars are redrawn when they move, not by rich's timer
    thread: the build forks worker processes, which is only safe in a process that
    runs no other thread."""

    def __init__(self, stream: TextIO | None = None, verbose: bool = False, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty() and not quiet
        self.verbose = verbose and not quiet
        self.warnings: list[str] = []
        self._progress: Any = None  # a rich Progress while a terminal shows one
        self._task = None

    def __enter__(self) -> ConsoleReporter:
        if self.interactive:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.console = Console(file=self.stream, highlight=False, soft_wrap=True)
            self._progress = Progress(
                TextColumn("{task.description:<16}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                _time_left_column(),
                console=self.console,
                transient=False,
                auto_refresh=False,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def stage(self, label: str, total: int) -> None:
        if self._progress is not None:
            if self._task is not None:  # a stage that ends early still shows as done
                task = self._progress.tasks[-1]
                self._progress.update(self._task, completed=task.total)
            self._task = self._progress.add_task(label, total=total)
            self._progress.refresh()
        elif self.verbose:
            print(f"ficbind: {label.lower()} ({total})", file=self.stream)

    def advance(self) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)
            self._progress.refresh()

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        if self._progress is not None:
            from rich.markup import escape

            self._progress.console.print(f"[yellow]warning:[/] {escape(printable(message))}", markup=True)
        else:
            print(f"ficbind: warning: {printable(message)}", file=self.stream)

    def note(self, message: str) -> None:
        """Something a person watching would like to know, which is not a problem."""
        if self._progress is not None:
            self._progress.console.print(printable(message), markup=False)
        elif self.interactive or self.verbose:
            print(f"ficbind: {printable(message)}", file=self.stream)

    def info(self, message: str) -> None:
        """A line for a person at a terminal (or anyone under --verbose)."""
        if self.interactive or self.verbose:
            print(message, file=self.stream)

    def summary(self, report: BuildReport) -> None:
        for line in summary_lines(report):
            self.info(line)

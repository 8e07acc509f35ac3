"""What a build tells: progress and warnings as they happen (a `Reporter`, the CLI's
console or nothing), and afterwards the `BuildReport` a script reads (`--json`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


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


class StoryStatus(StrEnum):
    BUILT = "built"  # read by this build
    CACHED = "cached"  # recalled from the cache
    REFUSED = "refused"  # not bound; the report's `error` says why


@dataclass
class StoryReport:
    path: str
    title: str | None
    words: int
    status: StoryStatus
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
    not_read: list[str] = field(default_factory=list)  # files in the folders ficbind does not read, and why
    unchanged: list[str] = field(default_factory=list)  # formats whose file was already up to date

    def to_json(self) -> dict[str, Any]:
        """The report scripts read: outputs, stories, warnings, seconds."""
        return {
            # `instructions` only where there are some (zines): how to print and fold the file.
            "outputs": [{k: v for k, v in dataclasses.asdict(o).items() if k != "instructions" or v}
                        for o in self.outputs],
            "stories": [{k: str(v) if k == "status" else v for k, v in dataclasses.asdict(s).items()}
                        for s in self.stories],
            "warnings": list(self.warnings),
            "seconds": self.seconds,
        }


class Warnings:
    """Warnings go to the reporter (for people) and into the report (for scripts)."""

    def __init__(self, report: BuildReport, reporter: Reporter) -> None:
        self.report = report
        self.reporter = reporter

    def __call__(self, message: str) -> None:
        self.report.warnings.append(message)
        self.reporter.warn(message)

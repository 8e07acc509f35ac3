"""Errors a user can cause, each carrying the exit code the CLI returns for it.

Messages follow one shape: `path:line: what is wrong; what to do`. The CLI prints
them as one line without a traceback (tracebacks only under `--debug`).
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    WARNINGS = 1  # built, but with warnings, and --strict was given
    USAGE = 2  # bad command line or manifest
    INPUT = 3  # an input could not be read
    INTERNAL = 70  # a bug in ficbind (EX_SOFTWARE)


class FicbindError(Exception):
    exit_code = ExitCode.USAGE

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return where + self.message


class UsageError(FicbindError):
    exit_code = ExitCode.USAGE


class ManifestError(FicbindError):
    exit_code = ExitCode.USAGE


class InputError(FicbindError):
    """An input file is missing, unreadable, or not a story."""

    exit_code = ExitCode.INPUT


class OutputError(FicbindError):
    """An output could not be written (permissions, full disk)."""

    exit_code = ExitCode.INPUT


def unreadable(error: OSError, path: str | Path, what: str = "file", folder_is_not: str = "a story file",
               permission_hint: bool = True) -> InputError:
    """The one line for an input file the system would not let ficbind read: `what` names
    it as the messages do ("file", "manifest"), `folder_is_not` what a folder given in its
    place is not."""
    if isinstance(error, FileNotFoundError):
        return InputError(f"no such {what}; check the path", path)
    if isinstance(error, IsADirectoryError):
        return InputError(f"is a folder, not {folder_is_not}", path)
    if isinstance(error, PermissionError) and permission_hint:
        return InputError("permission denied; check the file's permissions", path)
    return InputError(f"cannot read the {what} ({error.strerror})", path)

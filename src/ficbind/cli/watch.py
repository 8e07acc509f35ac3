"""Rebuild a book whenever one of its stories or its manifest changes (`build --watch`).

INPUT arguments -> a build now, and another after every change, until Ctrl-C. Changes
are found by polling sizes and modification times every half second: no dependency,
and it works on every file system, network shares included, where change
notifications often never arrive. With the cache, a rebuild after editing one story
reads and renders that story alone.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import FicbindError
from ..project.gather import gather
from ..project.manifest import MANIFEST_NAME

POLL_SECONDS = 0.5

Snapshot = dict[str, tuple[int, int, int] | None]


def _watched_files(inputs: list[str]) -> list[Path]:
    try:
        return gather(inputs).watched_files
    except FicbindError:
        # A manifest mid-edit may not parse: watch what was named until it does.
        return [Path(raw) for raw in inputs] or [Path(MANIFEST_NAME)]


def snapshot(inputs: list[str]) -> Snapshot:
    """Every watched file -> (modification time, size, inode), or None if it is gone.

    Gathering again each time also notices stories added to a folder or a glob."""
    state: Snapshot = {}
    for path in _watched_files(inputs):
        try:
            info = os.stat(path)
            state[str(path)] = (info.st_mtime_ns, info.st_size, info.st_ino)
        except OSError:
            state[str(path)] = None
    return state


def watch(
    inputs: list[str],
    rebuild: Callable[[], None],
    interval: float = POLL_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Run `rebuild` now and after every change, until KeyboardInterrupt (Ctrl-C, or
    SIGTERM turned into one), which ends the watch normally."""
    try:
        while True:
            # Taken before the build, so an edit saved during a build starts another.
            before = snapshot(inputs)
            rebuild()
            current = before
            while current == before:
                sleep(interval)
                current = snapshot(inputs)
            # Editors save in steps (write, rename, touch): wait until the files settle.
            while True:
                sleep(interval)
                settled = snapshot(inputs)
                if settled == current:
                    break
                current = settled
    except KeyboardInterrupt:
        return

"""Run a command and measure its wall time and peak memory (the whole process tree).

Used by the benchmark scripts in this folder. Peak memory is the largest sum of the
resident set sizes of the command and all its descendants, sampled every 20 ms with
psutil when it is installed (so a process pool's workers count together); without
psutil it falls back to the largest single descendant reported by the kernel.
"""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import time
from dataclasses import dataclass


@dataclass
class Measurement:
    seconds: float
    peak_mb: float
    returncode: int


class TimedOut(Exception):
    """The command ran past its time limit and was stopped."""


def run(command: list[str], env: dict | None = None, cwd: str | None = None, timeout: float | None = None) -> Measurement:
    try:
        import psutil
    except ImportError:
        psutil = None
    started = time.perf_counter()
    # stderr goes to a file, not a pipe: a chatty command must never block on a full pipe
    # while this loop samples its memory.
    errors = tempfile.TemporaryFile()
    process = subprocess.Popen(
        command, env={**os.environ, **(env or {})}, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors
    )
    peak = 0
    deadline = started + timeout if timeout else None
    if psutil is not None:
        root = psutil.Process(process.pid)
        while process.poll() is None:
            if deadline and time.perf_counter() > deadline:
                _stop(process, psutil)
                raise TimedOut(" ".join(command))
            try:
                tree = [root, *root.children(recursive=True)]
                total = 0
                for member in tree:
                    try:
                        total += member.memory_info().rss
                    except psutil.Error:
                        pass
                peak = max(peak, total)
            except psutil.Error:
                pass
            time.sleep(0.02)
    try:
        process.wait(timeout=max(1.0, deadline - time.perf_counter()) if deadline else None)
    except subprocess.TimeoutExpired:
        _stop(process, psutil)
        raise TimedOut(" ".join(command)) from None
    seconds = time.perf_counter() - started
    errors.seek(0)
    stderr = errors.read()
    errors.close()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr.decode(errors='replace')}")
    if psutil is None:
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return Measurement(seconds, peak / 1e6, process.returncode)


def _stop(process: subprocess.Popen, psutil) -> None:
    """End the command and everything it started."""
    children = []
    if psutil is not None:
        try:
            children = psutil.Process(process.pid).children(recursive=True)
        except psutil.Error:
            pass
    process.kill()
    for child in children:
        try:
            child.kill()
        except psutil.Error:
            pass
    process.wait()

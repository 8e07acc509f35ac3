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
import time
from dataclasses import dataclass


@dataclass
class Measurement:
    seconds: float
    peak_mb: float
    returncode: int


def run(command: list[str], env: dict | None = None, cwd: str | None = None) -> Measurement:
    try:
        import psutil
    except ImportError:
        psutil = None
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env={**os.environ, **(env or {})}, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = 0
    if psutil is not None:
        root = psutil.Process(process.pid)
        while process.poll() is None:
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
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr.decode(errors='replace')}")
    if psutil is None:
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return Measurement(seconds, peak / 1e6, process.returncode)

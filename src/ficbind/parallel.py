"""Spread independent jobs over the machine's cores: reading stories, laying out the parts of a PDF.

(function, [item]) -> [result], in the items' order. A build holds one `Workers`; its
worker processes start the first time a batch of work is big enough to pay for them,
and serve every later batch of the same build. Below that size, or with `--jobs 1`,
the work runs here, one item after another. Either way every item is handled by the
same function with the same input, so the results (and the books made from them)
are the same bytes.

Workers are forked where the platform allows it (Linux): a fork costs milliseconds
and shares the modules already imported, where a fresh interpreter would import
them again. They ignore Ctrl-C (the build stops them), die with the default action
on SIGTERM and SIGHUP (the build's own handler is for the main process only), and
on Linux die with the build even when it is killed outright.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import TYPE_CHECKING, Callable, Sequence, TypeVar

if TYPE_CHECKING:  # imported when the first worker starts: most builds start none
    import multiprocessing.context
    from concurrent.futures import ProcessPoolExecutor

Item = TypeVar("Item")
Result = TypeVar("Result")


def available_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than exist)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _context() -> "multiprocessing.context.BaseContext":
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    # Forking a process that runs other threads may copy a lock some thread holds;
    # ficbind runs none while it builds, but a program embedding it might.
    if sys.platform == "linux" and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _start_worker(build_pid: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if sys.platform == "linux":
        # PR_SET_PDEATHSIG: a worker outlives no build, even one killed with SIGKILL.
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
        if os.getppid() != build_pid:  # the build died before the line above ran
            os._exit(1)


class Workers:
    """The build's worker processes (none until a batch is worth them)."""

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = max(1, jobs if jobs is not None else available_cores())
        self._pool: "ProcessPoolExecutor | None" = None

    def map(
        self,
        function: Callable[[Item], Result],
        items: Sequence[Item],
        *,
        worth_it: bool = True,
        costs: Sequence[float] | None = None,
        done: Callable[[], None] | None = None,
    ) -> list[Result]:
        """`[function(item) for item in items]`, in worker processes when more than one
        job is allowed and the workers are running already, or there are two or more
        items and they are `worth_it` (the caller knows what its work costs). `function`
        must be a module-level function, and items and results must pickle. With
        `costs`, the dearest items start first, so the cores finish together. `done` is
        called once per finished item (progress)."""
        if not self.spreads(len(items), worth_it):
            results = []
            for item in items:
                results.append(function(item))
                if done:
                    done()
            return results
        from concurrent.futures import FIRST_COMPLETED, wait

        pool = self._start()
        order = sorted(range(len(items)), key=lambda i: -costs[i]) if costs is not None else range(len(items))
        futures = {pool.submit(function, items[i]): i for i in order}
        by_index: dict[int, Result] = {}
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                by_index[futures[future]] = future.result()  # a failure is raised here, at once
                if done:
                    done()
        return [by_index[i] for i in range(len(items))]

    def warm(self, function: Callable[[], object]) -> None:
        """Start the workers now and have each run `function` (imports, say) while this
        process gets on with something else; `map` then finds them ready."""
        if self.jobs == 1:
            return
        pool = self._start()
        for _ in range(self.jobs):
            pool.submit(function)

    def spreads(self, count: int, worth_it: bool = True) -> bool:
        """Whether `map` would send `count` items to worker processes."""
        return self.jobs > 1 and count > 0 and (self._pool is not None or (count >= 2 and worth_it))

    def _start(self) -> "ProcessPoolExecutor":
        from concurrent.futures import ProcessPoolExecutor

        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.jobs, mp_context=_context(), initializer=_start_worker, initargs=(os.getpid(),)
            )
        return self._pool

    def close(self, abandon: bool = False) -> None:
        """Stop the workers: let them finish and exit, or, after an error or an
        interrupt (`abandon`), end them at once, mid-job."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if not abandon:
            pool.shutdown(wait=True)
            return
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, kind: type | None, *exc: object) -> None:
        self.close(abandon=kind is not None)

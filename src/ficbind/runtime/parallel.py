"""Spread independent jobs over the machine's cores: reading stories, laying out the parts of a PDF.

(function, [item]) -> [result], in the items' order. A build holds one `Workers`; its
worker processes start the first time a batch of work is big enough to pay for them,
and serve every later batch of the same build. Below that size, or with `--jobs 1`,
the work runs here, one item after another. Either way every item is handled by the
same function with the same input, so the results (and the books made from them)
are the same bytes.

Where the workers come from:
- Workers that will lay out PDF pages (`preload`) are forked from a fork server that
  imports WeasyPrint once. Its half second of imports (most of it WeasyPrint binding
  Pango and HarfBuzz) is then paid once, on a core the build is not using while it
  reads the stories, instead of by every worker at once while the build reads (on two
  cores, that held back the first page of a novel by half a second). `start_early`
  starts the server; the workers are forked from it when the first batch comes.
- Otherwise they are forked from the build itself where the platform allows it
  (Linux): a fork costs milliseconds and shares the modules already imported, where a
  fresh interpreter would import them again.
Workers ignore Ctrl-C (the build stops them), die with the default action on SIGTERM
and SIGHUP (the build's own handler is for the main process only), and on Linux die
with the build even when it is killed outright.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

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


def _context(preload: tuple[str, ...] = ()) -> multiprocessing.context.BaseContext:
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if preload and "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        # Only heard by a server not running yet: one a previous build of this process
        # started (`--watch`) is simply used again.
        context.set_forkserver_preload(list(preload))
        return context
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
    if sys.platform != "linux":
        return
    # A worker outlives no build, even one killed with SIGKILL. A worker from the fork
    # server is not the build's child, so it watches the build itself: a pidfd turns
    # readable when that process ends, and a thread waiting on it costs nothing meanwhile.
    pidfd_open = getattr(os, "pidfd_open", None)
    if pidfd_open is not None:
        try:
            watched = pidfd_open(build_pid)
        except ProcessLookupError:
            os._exit(1)  # the build died before this worker started
        except OSError:
            pass  # a kernel older than 5.3: see below
        else:
            import threading

            threading.Thread(target=_exit_with_build, args=(watched,), name="ficbind-build-watch",
                             daemon=True).start()
            return
    # PR_SET_PDEATHSIG: killed when the parent dies (the build, for a worker forked from it).
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != build_pid:  # the build died before the line above ran, or is not the parent
        try:
            os.kill(build_pid, 0)
        except ProcessLookupError:
            os._exit(1)


def _exit_with_build(watched: int) -> None:
    import select

    select.select([watched], [], [])
    os._exit(1)


# A result not in yet (None may be a result).
_PENDING = object()


def _import_modules(names: tuple[str, ...]) -> None:
    import importlib

    for name in names:
        importlib.import_module(name)


class Workers:
    """The build's worker processes (none until a batch is worth them)."""

    def __init__(self, jobs: int | None = None, preload: tuple[str, ...] = ()) -> None:
        """`preload`: modules every worker will need, for workers forked from a fork
        server that has imported them (see the module's docstring)."""
        self.jobs = max(1, jobs if jobs is not None else available_cores())
        self.preload = tuple(preload)
        self._pool: ProcessPoolExecutor | None = None

    def map(
        self,
        function: Callable[[Item], Result],
        items: Sequence[Item],
        *,
        worth_it: bool = True,
        costs: Sequence[float] | None = None,
        done: Callable[[Item], None] | None = None,
        more: Callable[[Item, Result], Sequence[Item]] | None = None,
        known: Callable[[Item], Result | None] | None = None,
        keep: Callable[[Item, Result], None] | None = None,
    ) -> list[Result]:
        """`[function(item) for item in items]`, in worker processes when more than one
        job is allowed and the workers are running already, or there are two or more
        items and they are `worth_it` (the caller knows what its work costs). `function`
        must be a module-level function, and items and results must pickle. With
        `costs`, the dearest items start first, so the cores finish together.

        Called here, in this process, as each result comes in: `done(item)` (progress);
        `more(item, result)`, which may return further items, started at once and
        handled the same way (their results follow in the list, in the order they were
        given): work that depends on earlier results need not wait for all of them.
        `known(item)` gives a result already known (a cache), or None; `keep(item,
        result)` is told of each result computed."""
        everything: list[Item] = []
        results: list[Any] = []
        recalled: deque[tuple[int, Result]] = deque()
        waiting: deque[int] = deque()

        def add(new: Sequence[Item]) -> None:
            start = len(everything)
            everything.extend(new)
            results.extend([_PENDING] * len(new))
            for index in range(start, len(everything)):
                found = known(everything[index]) if known is not None else None
                if found is not None:
                    recalled.append((index, found))
                else:
                    waiting.append(index)

        def arrived(index: int, result: Result, computed: bool) -> None:
            results[index] = result
            item = everything[index]
            if computed and keep is not None:
                keep(item, result)
            if done is not None:
                done(item)
            if more is not None:
                add(more(item, result))

        add(items)
        if costs is not None:
            waiting = deque(sorted(waiting, key=lambda i: -costs[i]))
        if not self.spreads(len(waiting), worth_it):
            while recalled or waiting:
                if recalled:
                    arrived(*recalled.popleft(), computed=False)
                else:
                    index = waiting.popleft()
                    arrived(index, function(everything[index]), computed=True)
            return results
        from concurrent.futures import FIRST_COMPLETED, wait

        pool = self._start()
        running: dict[Any, int] = {}
        while True:
            while recalled:
                arrived(*recalled.popleft(), computed=False)
            while waiting:
                index = waiting.popleft()
                running[pool.submit(function, everything[index])] = index
            if not running:
                return results
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=running.__getitem__):
                index = running.pop(future)
                arrived(index, future.result(), computed=True)  # a failure is raised here, at once

    def start_early(self) -> None:
        """Start getting workers ready while this process gets on with something else:
        the fork server, which imports `preload` meanwhile, or (without a fork server)
        the workers themselves, each importing `preload`; `map` then finds them ready."""
        if self.jobs == 1:
            return
        context = _context(self.preload)
        if context.get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()  # returns at once; the server imports in the background
            return
        pool = self._start()
        for _ in range(self.jobs):
            pool.submit(_import_modules, self.preload)

    def spreads(self, count: int, worth_it: bool = True) -> bool:
        """Whether `map` would send `count` items to worker processes."""
        return self.jobs > 1 and count > 0 and (self._pool is not None or (count >= 2 and worth_it))

    def _start(self) -> ProcessPoolExecutor:
        from concurrent.futures import ProcessPoolExecutor

        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.jobs, mp_context=_context(self.preload), initializer=_start_worker, initargs=(os.getpid(),)
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

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type | None, *exc: object) -> None:
        self.close(abandon=kind is not None)

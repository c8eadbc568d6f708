"""The worker processes: files analysed in forked processes, results in order, no hangs.

A forked worker shares the parent's memory pages until either process writes to one, so
workers forked while the parent is small stay small: the run starts them (:meth:`started`)
before it lists the corpus, and stops them (:meth:`Workers.stop`) as soon as the files are
analysed, so that the cross-file phase runs without them.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

from contentlint.pipeline.analyse import Analyser, Outcome, display_path

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

PARALLEL_MIN = 64  # fewer files than this are not worth starting processes for

# Set in each worker process when it starts (the pool's initializer), never in the parent.
_ANALYSER: Analyser | None = None

Task = tuple[str, bool]  # a file's name, and whether it was asked about (its findings wanted)


def _worker_start(parent: int, analyser: Analyser) -> None:
    """Start a worker: keep the analyser it runs (forked, not pickled), and die with the
    process that forked it (a CI runner's SIGKILL, say) instead of waiting forever on its
    queue: Linux's parent-death signal, and a check that the parent had not died already."""
    import signal

    global _ANALYSER
    _ANALYSER = analyser

    with suppress(OSError, AttributeError, TypeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def _work(tasks: list[Task]) -> list[Outcome]:
    assert _ANALYSER is not None, "run only in a worker process"
    return [_ANALYSER.outcome(*task) for task in tasks]


def can_fork() -> bool:
    import multiprocessing as mp

    return "fork" in mp.get_all_start_methods()


class Workers:
    """The run's worker processes, while they run, and why the run failed if one died."""

    def __init__(self, analyser: Analyser) -> None:
        self.analyser = analyser
        self.executor: ProcessPoolExecutor | None = None
        self.failure: str | None = None  # a worker died: the run could not check everything

    @contextmanager
    def started(self, jobs: int) -> Iterator[None]:
        """Fork ``jobs`` worker processes, unless they run already (or one job is asked)."""
        if jobs <= 1 or self.executor is not None or not can_fork():
            yield
            return
        import gc
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        # Frozen, the inherited objects are left alone by a worker's garbage collector,
        # which would otherwise write to (and so copy) every page holding one.
        gc.freeze()
        try:
            self.executor = ProcessPoolExecutor(
                jobs,
                mp_context=mp.get_context("fork"),
                initializer=_worker_start,
                initargs=(os.getpid(), self.analyser),
            )
            self.executor.submit(int).result()  # the workers are forked now, all of them
        finally:
            gc.unfreeze()
        try:
            yield
        finally:
            self.stop()

    def stop(self) -> None:
        if self.executor is not None:
            pool, self.executor = self.executor, None
            processes = list((getattr(pool, "_processes", None) or {}).values())
            for process in processes:  # stop them now, busy or not
                process.terminate()
            # The executor's own thread notices they are gone and reaps them; wait for it.
            # Joining them here meanwhile would race it for each exit status (the loser
            # believes its process alive forever), and at exit Python would race it to a
            # pipe it closes ("Bad file descriptor").
            pool.shutdown(wait=True, cancel_futures=True)
            for process in processes:  # the thread has ended: no race now
                process.join()

    def run(
        self, tasks: list[Task], jobs: int, progress: Callable[[int, int], None] | None
    ) -> Iterator[Outcome]:
        """Analyse files, in ``jobs`` forked processes when there are enough of them; the
        results come one by one, in the order of ``tasks`` whatever the number of processes.

        A worker that dies (killed by the system when out of memory, say) never hangs the
        run: the files not analysed yet get an internal finding, and the run fails."""
        total = len(tasks)
        if jobs <= 1 or total < PARALLEL_MIN or not can_fork():
            for done, task in enumerate(tasks, start=1):
                yield self.analyser.outcome(*task)
                if progress is not None:
                    progress(done, total)
            return
        from concurrent.futures.process import BrokenProcessPool

        with self.started(jobs):
            pool = self.executor
            assert pool is not None
            size = max(8, min(256, total // (jobs * 8)))
            chunks = [tasks[i : i + size] for i in range(0, total, size)]
            ahead = jobs * 4  # chunks in flight: enough to keep the workers busy
            futures = deque(pool.submit(_work, chunk) for chunk in chunks[:ahead])
            done = 0
            for number in range(len(chunks)):
                try:
                    outcomes = futures.popleft().result()
                except BrokenProcessPool:
                    self.stop()
                    yield from self._died(tasks[done:])
                    return
                if number + ahead < len(chunks):
                    futures.append(pool.submit(_work, chunks[number + ahead]))
                for outcome in outcomes:
                    done += 1
                    yield outcome
                    if progress is not None:
                        progress(done, total)
            self.stop()  # their work is done: give their memory back now

    def _died(self, tasks: list[Task]) -> Iterator[Outcome]:
        self.failure = (
            "a worker process died while analysing files (killed by the system,"
            " perhaps out of memory); the files it had not finished were not checked"
        )
        reason = "not checked: the worker process analysing it died"
        for path, asked in tasks:
            display = display_path(path, self.analyser.cwd)
            yield Outcome(None, self.analyser.unread(display, reason) if asked else [])

"""Worker processes for big imports, exports and suggestions: how many, and the pool itself.

A worker ends when the process that started it dies (a killed import or export): it would
otherwise wait forever for work that never comes, holding its memory.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing.connection import wait

from annotator.errors import AnnotatorError

PARENT_POLL_SECONDS = 0.5


class WorkerError(AnnotatorError):
    """A worker process that died (killed, out of memory) before sending back its work."""


def workers_setting(variable: str) -> int:
    """Worker processes from the environment `variable`, else 2 (1 on a one-core machine)."""
    return int(os.environ.get(variable, min(2, os.cpu_count() or 1)))


@contextmanager
def worker_pool(
    workers: int, needed: bool, *, fork: bool = False
) -> Iterator[ProcessPoolExecutor | None]:
    """`workers` spawned processes (safe from a window's threads) when `needed` and more than
    one, else None: the caller then does the work itself. With `fork`, forked instead when
    that is safe (on Linux, no other thread running): they start at once, with what the
    parent has loaded, instead of importing and loading it all again."""
    if not needed or workers < 2:
        yield None
        return
    forked = fork and sys.platform == "linux" and threading.active_count() == 1
    executor = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork" if forked else "spawn"),
        initializer=end_with_parent,
        initargs=(os.getpid(),),
    )
    try:
        yield executor
    except BrokenProcessPool:
        raise WorkerError(
            "a worker process ended before its work was done (killed, or out of memory?);"
            " the command stopped, and what it had not finished is not written"
        ) from None
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def end_with_parent(parent: int) -> None:
    """In a worker: start a thread that ends this process as soon as `parent` is gone."""
    threading.Thread(
        target=_exit_when_parent_dies, args=(parent,), name="end-with-parent", daemon=True
    ).start()


def _exit_when_parent_dies(parent: int) -> None:
    started_by = multiprocessing.parent_process()
    if started_by is not None and started_by.sentinel is not None:
        wait([started_by.sentinel])  # readable once the parent's end of the pipe is closed
    else:  # not started by multiprocessing: an orphan is adopted by another process
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)

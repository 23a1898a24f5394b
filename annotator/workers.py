"""Worker processes for big imports and exports: how many, and the pool itself."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager


def workers_setting(variable: str) -> int:
    """Worker processes from the environment `variable`, else 2 (1 on a one-core machine)."""
    return int(os.environ.get(variable, min(2, os.cpu_count() or 1)))


@contextmanager
def worker_pool(workers: int, needed: bool) -> Iterator[ProcessPoolExecutor | None]:
    """`workers` spawned processes (safe from a window's threads) when `needed` and more than
    one, else None: the caller then does the work itself."""
    if not needed or workers < 2:
        yield None
        return
    executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield executor
    finally:
        executor.shutdown(wait=True, cancel_futures=True)

"""A model's predictions for batches of texts, in worker processes when there are many.

Each worker has the model loaded once (forked from the parent that loaded it, or loading it on
its first batch when it had to be spawned) and sends back only (start, end, label) tuples and an
uncertainty per text, never spaCy Docs: cheaper than `nlp.pipe(n_process=...)`, which pickles
every Doc back to the parent. A few pieces of work are in flight at a time, so memory stays flat
however many documents there are.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from annotator.suggest.model import ModelSuggester
from annotator.workers import worker_pool, workers_setting

SUGGEST_WORKERS = workers_setting("ANNOTATOR_SUGGEST_WORKERS")
WORKERS_FROM = 2000
"""Documents from which workers pay for their start: nothing when forked, else each imports
spaCy and loads the model (~1.5 s)."""
WORK_PIECE = 100
"""Texts a worker is given at a time."""
Batch = TypeVar("Batch", bound=list)
Predicted = tuple[list[list[tuple[int, int, str, dict, Any]]], list[float]]

_suggester: ModelSuggester | None = None


def _predict(model: Path, labels: list[str], texts: list[str]) -> Predicted:
    """In a worker: the model (the parent's when forked, else loaded on the first batch)
    applied to `texts`."""
    global _suggester
    if _suggester is None or (_suggester.model, _suggester.labels) != (model, set(labels)):
        _suggester = ModelSuggester(model, labels)
    return _suggester.suggest_with_uncertainty(texts)


@contextmanager
def model_predictions(
    model: Path, labels: list[str], documents: int, workers: int = SUGGEST_WORKERS
):
    """A function from an iterable of batches of (id, text) rows to (batch, predictions)
    pairs in order: the model's proposals and uncertainty for each text of the batch."""
    global _suggester
    suggester = ModelSuggester(model, labels)  # checks the model before any worker starts
    _suggester = suggester  # what forked workers start with
    try:
        with worker_pool(workers, documents >= WORKERS_FROM, fork=True) as pool:
            yield _in_order(pool, model, labels, workers) if pool else _here(suggester)
    finally:
        _suggester = None


def _here(suggester: ModelSuggester):
    def here(batches: Iterable[Batch]) -> Iterator[tuple[Batch, Predicted]]:
        for batch in batches:
            yield batch, suggester.suggest_with_uncertainty([row[1] for row in batch])

    return here


def _in_order(pool, model: Path, labels: list[str], workers: int):
    """Each batch in pieces of WORK_PIECE texts across the workers (so that both keep busy
    to the end of a run), put back together in order; a few pieces in flight at a time."""

    def pooled(batches: Iterable[Batch]) -> Iterator[tuple[Batch, Predicted]]:
        in_flight: deque = deque()
        for batch in batches:
            texts = [row[1] for row in batch]
            pieces = [
                pool.submit(_predict, model, labels, texts[start : start + WORK_PIECE])
                for start in range(0, len(texts), WORK_PIECE)
            ]
            in_flight.append((batch, pieces))
            while sum(len(pieces) for _, pieces in in_flight) > 4 * workers:
                yield _joined(*in_flight.popleft())
        while in_flight:
            yield _joined(*in_flight.popleft())

    return pooled


def _joined(batch: Batch, pieces: list) -> tuple[Batch, Predicted]:
    proposals: list = []
    uncertainty: list[float] = []
    for piece in pieces:
        found, unsure = piece.result()
        proposals += found
        uncertainty += unsure
    return batch, (proposals, uncertainty)

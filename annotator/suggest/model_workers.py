"""A model's predictions for batches of texts, in worker processes when there are many.

Each worker loads the model once and sends back only (start, end, label) tuples and an
uncertainty per text, never spaCy Docs: cheaper than `nlp.pipe(n_process=...)`, which pickles
every Doc back to the parent. A few batches are in flight at a time, so memory stays flat
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
"""Documents from which workers pay for their start (each loads spaCy and the model, ~3 s)."""
Batch = TypeVar("Batch", bound=list)
Predicted = tuple[list[list[tuple[int, int, str, dict, Any]]], list[float]]

_suggester: ModelSuggester | None = None


def _predict(model: Path, labels: list[str], texts: list[str]) -> Predicted:
    """In a worker: the model (loaded on its first batch) applied to `texts`."""
    global _suggester
    if _suggester is None:
        _suggester = ModelSuggester(model, labels)
    return _suggester.suggest_with_uncertainty(texts)


@contextmanager
def model_predictions(
    model: Path, labels: list[str], documents: int, workers: int = SUGGEST_WORKERS
):
    """A function from an iterable of batches of (id, text) rows to (batch, predictions)
    pairs in order: the model's proposals and uncertainty for each text of the batch."""
    suggester = ModelSuggester(model, labels)  # checks the model before any worker starts
    with worker_pool(workers, documents >= WORKERS_FROM) as pool:
        if pool is None:

            def here(batches: Iterable[Batch]) -> Iterator[tuple[Batch, Predicted]]:
                for batch in batches:
                    yield batch, suggester.suggest_with_uncertainty([row[1] for row in batch])

            yield here
            return

        def pooled(batches: Iterable[Batch]) -> Iterator[tuple[Batch, Predicted]]:
            in_flight: deque = deque()
            for batch in batches:
                texts = [row[1] for row in batch]
                in_flight.append((batch, pool.submit(_predict, model, labels, texts)))
                if len(in_flight) > 2 * workers:
                    done, future = in_flight.popleft()
                    yield done, future.result()
            while in_flight:
                done, future = in_flight.popleft()
                yield done, future.result()

        yield pooled

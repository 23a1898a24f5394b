"""Every chosen source's proposals for batches of texts, in worker processes when there are many.

Each worker has the sources built once (forked from the parent that built them, or building
them on its first piece when it had to be spawned: importing spaCy and loading a model, about
1.5 s) and sends back only proposals as tuples and an uncertainty per text, never spaCy Docs:
cheaper than `nlp.pipe(n_process=...)`, which pickles every Doc back to the parent. A few pieces
of work are in flight at a time, so memory stays flat however many documents there are.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from annotator.suggest.attributes import with_casualty_figures
from annotator.suggest.casualties import find_casualties
from annotator.suggest.fill import CASUALTY
from annotator.workers import worker_pool, workers_setting

SUGGEST_WORKERS = workers_setting("ANNOTATOR_SUGGEST_WORKERS")
WORKERS_FROM = 2000
"""Documents from which workers pay for their start: nothing when forked, else each imports
spaCy and builds the sources (~1.5 s)."""
WORK_PIECE = 100
"""Texts a worker is given at a time."""
Batch = TypeVar("Batch", bound=list)
Proposal = tuple[int, int, str, dict[str, Any], float | None]
Proposed = tuple[dict[str, list[list[Proposal]]], list[float] | None]
"""Per source, each text's proposals; and the model's uncertainty per text (None without one)."""


@dataclass(frozen=True)
class Recipe:
    """The sources chosen, as a spawned worker needs them to build its own."""

    language: str
    patterns: tuple[dict[str, Any], ...] | None = None
    """The pattern entries (shipped and the project's), None when patterns are not chosen."""
    casualties: bool = False
    model: Path | None = None
    labels: tuple[str, ...] = ()

    def source_names(self) -> list[str]:
        """The chosen sources' names, as suggestions store them."""
        chosen = {
            "patterns": self.patterns is not None,
            "casualties": self.casualties,
            "model": self.model is not None,
        }
        return [name for name, wanted in chosen.items() if wanted]


class Sources:
    """The sources of a recipe, built: each text's proposals per source."""

    def __init__(self, recipe: Recipe) -> None:
        from annotator.suggest.model import ModelSuggester
        from annotator.suggest.patterns import PatternSuggester

        self.recipe = recipe
        self.patterns = None
        if recipe.patterns is not None:
            self.patterns = PatternSuggester(recipe.patterns, recipe.language)
        self.model = None
        if recipe.model is not None:
            self.model = ModelSuggester(recipe.model, recipe.labels)

    def propose(self, texts: list[str]) -> Proposed:
        found: dict[str, list[list[Proposal]]] = {}
        language = self.recipe.language
        if self.patterns is not None:
            found["patterns"] = [[(*m, None) for m in f] for f in self.patterns.suggest(texts)]
        if self.recipe.casualties:
            found["casualties"] = [
                [(m.start, m.end, CASUALTY, m.attrs, None) for m in find_casualties(t, language)]
                for t in texts
            ]
        uncertainty = None
        if self.model is not None:
            predicted, uncertainty = self.model.suggest_with_uncertainty(texts)
            found["model"] = [
                with_casualty_figures(spans, text, language)
                for spans, text in zip(predicted, texts)
            ]
        return found, uncertainty


_sources: Sources | None = None


def _propose(recipe: Recipe, texts: list[str]) -> Proposed:
    """In a worker: the sources (the parent's when forked, else built on the first piece)
    applied to `texts`."""
    global _sources
    if _sources is None or _sources.recipe != recipe:
        _sources = Sources(recipe)
    return _sources.propose(texts)


@contextmanager
def proposals(recipe: Recipe, documents: int, workers: int = SUGGEST_WORKERS):
    """A function from an iterable of batches of (id, text) rows to (batch, Proposed) pairs,
    in order. The sources are built here first, so a model that cannot be used fails before
    any worker starts."""
    global _sources
    sources = _sources = Sources(recipe)  # what forked workers start with
    try:
        with worker_pool(workers, documents >= WORKERS_FROM, fork=True) as pool:
            yield _in_order(pool, recipe, workers) if pool else _here(sources)
    finally:
        _sources = None


def _here(sources: Sources):
    def here(batches: Iterable[Batch]) -> Iterator[tuple[Batch, Proposed]]:
        for batch in batches:
            yield batch, sources.propose([row[1] for row in batch])

    return here


def _in_order(pool, recipe: Recipe, workers: int):
    """Each batch in pieces of WORK_PIECE texts across the workers (so that both keep busy
    to the end of a run), put back together in order; a few pieces in flight at a time."""

    def pooled(batches: Iterable[Batch]) -> Iterator[tuple[Batch, Proposed]]:
        in_flight: deque = deque()
        for batch in batches:
            texts = [row[1] for row in batch]
            pieces = [
                pool.submit(_propose, recipe, texts[start : start + WORK_PIECE])
                for start in range(0, len(texts), WORK_PIECE)
            ]
            in_flight.append((batch, pieces))
            while sum(len(pieces) for _, pieces in in_flight) > 4 * workers:
                yield _joined(*in_flight.popleft())
        while in_flight:
            yield _joined(*in_flight.popleft())

    return pooled


def _joined(batch: Batch, pieces: list) -> tuple[Batch, Proposed]:
    found: dict[str, list[list[Proposal]]] = {}
    uncertainty: list[float] | None = None
    for piece in pieces:
        piece_found, piece_unsure = piece.result()
        for name, per_text in piece_found.items():
            found.setdefault(name, []).extend(per_text)
        if piece_unsure is not None:
            uncertainty = (uncertainty or []) + piece_unsure
    return batch, (found, uncertainty)

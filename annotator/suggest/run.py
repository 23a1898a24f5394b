"""Suggesting for a project: each chosen source over the chosen documents, stored in batches.

Sources: `patterns` (shipped and the project's own, through spaCy's SpanRuler),
`casualties` (the casualty parser, in the project's language) and `model` (a trained spaCy
pipeline's ner or spancat). Each batch of documents is one short write, so an annotator
working at the same time never waits long for the project.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError
from annotator.model import Suggestion
from annotator.store import Project
from annotator.store.suggestions import (
    count_documents_to_suggest,
    documents_to_suggest,
    labelled_texts,
    replace_suggestions,
    store_uncertainty,
    stored_patterns,
)
from annotator.suggest.attributes import AttributeMemory
from annotator.suggest.casualties import find_casualties, supported_languages
from annotator.suggest.fill import CASUALTY
from annotator.suggest.patterns import PatternSuggester, shipped_patterns

Progress = Callable[[int, int], object]
Proposal = tuple[int, int, str, dict[str, Any], float | None]


class SuggestError(AnnotatorError):
    """Suggesting that cannot start: no source chosen, or a model that cannot be used."""


def pattern_source(project: Project, language: str) -> Callable[[list[str]], list[list[Proposal]]]:
    suggester = PatternSuggester(
        [*shipped_patterns(project.schema), *stored_patterns(project)], language
    )

    def propose(texts: list[str]) -> list[list[Proposal]]:
        return [[(*m, None) for m in found] for found in suggester.suggest(texts)]

    return propose


def casualty_source(language: str) -> Callable[[list[str]], list[list[Proposal]]]:
    def propose(texts: list[str]) -> list[list[Proposal]]:
        return [
            [(m.start, m.end, CASUALTY, m.attrs, None) for m in find_casualties(text, language)]
            for text in texts
        ]

    return propose


def model_proposals(
    memory: AttributeMemory, texts: list[str], predicted, language: str
) -> list[list[Proposal]]:
    """The model's proposals, their attributes filled from what annotators gave the same text."""
    return [memory.fill(found, text, language) for found, text in zip(predicted, texts)]


Source = Callable[[list[str]], list[list[Proposal]]]


def chosen_sources(
    project: Project, language: str, *, model, patterns, casualties
) -> tuple[dict[str, Source], list[str]]:
    """The sources asked for, and notes for the user (a language the parser does not read)."""
    sources: dict[str, Source] = {}
    notes: list[str] = []
    if patterns:
        sources["patterns"] = pattern_source(project, language)
    if casualties and language in supported_languages():
        sources["casualties"] = casualty_source(language)
    elif casualties:
        notes.append(
            f"casualty figures are not read in the project's language {language!r}"
            f" (only {', '.join(supported_languages())}); none suggested"
        )
    if not sources and not notes and model is None:
        raise SuggestError("choose at least one source: --patterns, --casualties or --model DIR")
    return sources, notes


def _proposed(sources: dict[str, Source], ids, texts, annotator, counts) -> list[Suggestion]:
    proposed = []
    for name, propose in sources.items():
        for document, found in zip(ids, propose(texts)):
            for start, end, label, attrs, score in found:
                counts[name][label] += 1
                proposed.append(
                    Suggestion(document, start, end, label, name, attrs, score, annotator)
                )
    return proposed


def suggest_project(
    project: Project,
    *,
    model: Path | None = None,
    patterns: bool = False,
    casualties: bool = False,
    annotator: str = "",
    documents: str = "todo",
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Store suggestions of the chosen sources; returns counts per source and label, the
    number of documents and notes worth telling the user (an unsupported language).

    A model runs in worker processes when there are many documents (see model_workers)."""
    sources, notes = chosen_sources(
        project, project.language, model=model, patterns=patterns, casualties=casualties
    )
    names = [*sources, *(["model"] if model is not None else [])]
    counts: dict[str, Counter[str]] = {name: Counter() for name in names}
    total = count_documents_to_suggest(project, which=documents, annotator=annotator)
    batches = documents_to_suggest(project, which=documents, annotator=annotator)
    done = 0
    with _predictions(project, model, total) as (predict, memory):
        for batch, predicted in predict(batches):
            ids, texts = [row[0] for row in batch], [row[1] for row in batch]
            proposed = _proposed(sources, ids, texts, annotator, counts)
            if predicted is not None:
                found = model_proposals(memory, texts, predicted[0], project.language)
                proposed += _proposed(
                    {"model": lambda _, found=found: found}, ids, texts, annotator, counts
                )
            replace_suggestions(
                project, proposed, documents=ids, sources=names, annotator=annotator
            )
            if predicted is not None:
                store_uncertainty(project, dict(zip(ids, predicted[1])), str(model))
            done += len(ids)
            if progress:
                progress(done, total)
    return {"documents": done, "counts": counts, "notes": notes}


@contextmanager
def _predictions(project: Project, model: Path | None, total: int):
    """(batches -> (batch, predictions or None), attribute memory) for the model, if any."""
    if model is None:
        yield (lambda batches: ((batch, None) for batch in batches)), None
        return
    from annotator.suggest.model_workers import model_predictions

    with model_predictions(Path(model), project.schema.label_names, total) as predict:
        yield predict, AttributeMemory(labelled_texts(project))

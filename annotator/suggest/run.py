"""Suggesting for a project: each chosen source over the chosen documents, stored in batches.

Sources: `patterns` (shipped and the project's own, through spaCy's SpanRuler),
`casualties` (the casualty parser, in the project's language) and `model` (a trained spaCy
pipeline's ner or spancat). Each batch of documents is one short write, so an annotator
working at the same time never waits long for the project.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from shlex import quote
from typing import Any

from annotator.errors import AnnotatorError, one_line
from annotator.model import Suggestion
from annotator.store import Project
from annotator.store.suggestions import (
    count_documents_to_suggest,
    documents_to_suggest,
    labelled_texts,
    numbered_patterns,
    replace_suggestions,
    store_uncertainty,
)
from annotator.suggest.attributes import AttributeMemory
from annotator.suggest.casualties import supported_languages
from annotator.suggest.patterns import shipped_patterns, stored_refusal
from annotator.suggest.source_workers import Proposal, Recipe, proposals

Progress = Callable[[int, int], object]


class SuggestError(AnnotatorError):
    """Suggesting that cannot start: no source chosen, or a model that cannot be used."""


def project_patterns(project: Project) -> list[dict[str, Any]]:
    """The project's own patterns, checked again: one an older version stored unchecked (a
    token on POS, say) would otherwise stop spaCy in the middle of every run."""
    numbered = numbered_patterns(project)
    if not numbered:
        return []
    refused = stored_refusal(numbered, project.schema)
    if refused:
        id_, reason = refused
        entry = dict(numbered)[id_]
        shown = one_line(json.dumps(entry["pattern"], ensure_ascii=False), 80)
        remove = f"annotator patterns {quote(str(project.path))} --remove {id_}"
        raise SuggestError(
            f"{project.path}: the project's pattern {id_} ({entry['label']} {shown}) cannot be"
            f" used: {reason}; remove it with `{remove}`"
        )
    return [entry for _, entry in numbered]


def chosen_sources(
    project: Project, *, model: Path | None, patterns: bool, casualties: bool
) -> tuple[Recipe, list[str]]:
    """The sources asked for, and notes for the user (a language the parser does not read)."""
    language = project.language
    notes: list[str] = []
    entries = None
    if patterns:
        entries = (*shipped_patterns(project.schema), *project_patterns(project))
    if casualties and language not in supported_languages():
        casualties = False
        notes.append(
            f"casualty figures are not read in the project's language {language!r}"
            f" (only {', '.join(supported_languages())}); none suggested"
        )
    if not (patterns or casualties or notes or model is not None):
        raise SuggestError("choose at least one source: --patterns, --casualties or --model DIR")
    labels = tuple(project.schema.label_names)
    model = Path(model) if model is not None else None
    if model is not None:
        _check_model_language(model, language)
    return Recipe(language, entries, casualties, model, labels), notes


def _check_model_language(model: Path, language: str) -> None:
    """Refuse a model of another language: its tokenizer and vectors would read the articles
    wrongly, and what it proposed would look like real suggestions."""
    if not (model / "config.cfg").is_file():
        return  # the model loader names what is wrong with the folder
    from annotator.train import model_language

    try:
        found = model_language(model)
    except Exception:  # noqa: BLE001 - the loader reports a config spaCy cannot read
        return
    if found != language:
        raise SuggestError(
            f"{model}: a model of language {found!r}, but the project's articles are"
            f" {language!r}; train one on this project (`annotator train`)"
        )


def _suggestions(
    found: dict[str, list[list[Proposal]]], ids: list[int], annotator: str, counts
) -> list[Suggestion]:
    proposed = []
    for name, per_text in found.items():
        for document, found_here in zip(ids, per_text):
            for start, end, label, attrs, score in found_here:
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

    The sources run in worker processes when there are many documents (see source_workers)."""
    recipe, notes = chosen_sources(project, model=model, patterns=patterns, casualties=casualties)
    names = recipe.source_names()
    counts: dict[str, Counter[str]] = {name: Counter() for name in names}
    total = count_documents_to_suggest(project, which=documents, annotator=annotator)
    batches = documents_to_suggest(project, which=documents, annotator=annotator)
    done = 0
    with proposals(recipe, total) as propose:
        memory = AttributeMemory(labelled_texts(project)) if model is not None else None
        for batch, (found, uncertainty) in propose(batches):
            ids, texts = [row[0] for row in batch], [row[1] for row in batch]
            if memory is not None:
                found["model"] = [  # CASUALTY attributes come filled from the workers
                    memory.remembered(spans, text) for spans, text in zip(found["model"], texts)
                ]
            proposed = _suggestions(found, ids, annotator, counts)
            replace_suggestions(
                project, proposed, documents=ids, sources=names, annotator=annotator
            )
            if uncertainty is not None:
                store_uncertainty(project, dict(zip(ids, uncertainty)), str(model))
            done += len(ids)
            if progress:
                progress(done, total)
    return {"documents": done, "counts": counts, "notes": notes}

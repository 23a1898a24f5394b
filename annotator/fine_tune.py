"""Fine-tuning a saved or installed spaCy pipeline on a project's labels instead of a blank one.

The base keeps its other components (sourced and frozen, so a tagger or parser stays as it
was); its ner or spancat learns the project's labels, added before training. A base without
that component gets a fresh one beside the others.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError, one_line

SHARED_TOK2VEC = "tok2vec"


class BaseModelError(AnnotatorError):
    """A base model spaCy cannot load."""


def prepare_base(base: str, component: str, labels: list[str], folder: Path) -> list[str]:
    """Save `base` to `folder` with the project's labels added to its `component`; returns
    the components to train (the rest stay frozen)."""
    import spacy

    try:
        nlp = spacy.load(base)
    except (OSError, ValueError) as error:
        raise BaseModelError(
            f"{base}: spaCy cannot load this base model: {one_line(error)}"
        ) from None
    if component in nlp.pipe_names:
        trained = nlp.get_pipe(component)
        for label in labels:
            trained.add_label(label)
    nlp.to_disk(folder)
    trainable = [component]
    if SHARED_TOK2VEC in nlp.pipe_names and not _others_listen(nlp, component):
        trainable.append(SHARED_TOK2VEC)
    return trainable


def _others_listen(nlp, component: str) -> bool:
    """Whether a component other than `component` reads the shared tok2vec's output."""
    tok2vec = nlp.get_pipe(SHARED_TOK2VEC)
    listening = getattr(tok2vec, "listening_components", [])
    return any(name != component for name in listening)


def fine_tune_config(
    folder: Path,
    *,
    component: str,
    trainable: list[str],
    train_path: Path,
    dev_path: Path,
    max_steps: int,
    seed: int,
) -> Any:
    """The base's own config with every component sourced from `folder`, `component` built
    fresh when the base has none, the others frozen, and our corpus and step limits."""
    import spacy

    nlp = spacy.load(folder)
    config = nlp.config.copy()
    for name in nlp.pipe_names:
        config["components"][name] = {"source": str(folder)}
    if component not in nlp.pipe_names:
        blank = spacy.blank(nlp.lang)
        blank.add_pipe(component)
        config["components"][component] = blank.config["components"][component]
        config["nlp"]["pipeline"] = [*nlp.pipe_names, component]
    frozen = [name for name in nlp.pipe_names if name not in trainable]
    training = config["training"]
    training["frozen_components"] = frozen
    training["annotating_components"] = [n for n in frozen if n == SHARED_TOK2VEC]
    training["max_steps"] = max_steps
    training["max_epochs"] = 0
    training["eval_frequency"] = max(1, min(200, max_steps // 5))
    training["patience"] = max(1600, max_steps)
    training["seed"] = seed
    config["system"]["seed"] = seed
    config["paths"]["train"] = str(train_path)
    config["paths"]["dev"] = str(dev_path)
    config["corpora"] = {
        "train": {"@readers": "spacy.Corpus.v1", "path": "${paths.train}"},
        "dev": {"@readers": "spacy.Corpus.v1", "path": "${paths.dev}"},
    }
    return config

"""`annotator train` and `annotator evaluate`: a spaCy model from a project, and its scores."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

import typer

from annotator.cli._app import EXISTING_PROJECT_ARG, JSON_OPTION, app, msg, print_json, user_errors
from annotator.exporters.source import ExportError
from annotator.store import Project
from annotator.store.exports import DamagedDocument


class Component(str, Enum):
    ner = "ner"
    spancat = "spancat"


def train_project(*, path: Path, output: Path, **options: Any) -> dict[str, Any]:
    from annotator.train import train_model

    with Project.open(path, read_only=True) as project:  # they only read it
        try:
            return train_model(project, output=output, **options)
        except DamagedDocument as error:
            raise ExportError(error.in_project(path)) from None


def evaluate_project(
    *, path: Path, model: Path, source: str | None = None, all_documents: bool = False
) -> dict[str, Any]:
    from annotator.train import evaluate_model

    with Project.open(path, read_only=True) as project:  # they only read it
        try:
            return evaluate_model(project, model=model, source=source, all_documents=all_documents)
        except DamagedDocument as error:
            raise ExportError(error.in_project(path)) from None


def print_scores(scores: dict[str, Any]) -> None:
    """A table of P, R and F1 (percent) per label, then the overall figures."""
    rows = [
        (label, *(f"{100 * s[k]:.1f}" for k in ("p", "r", "f")))
        for label, s in scores["per_label"].items()
    ]
    overall = scores["overall"]
    rows.append(("overall", *(f"{100 * overall[k]:.1f}" for k in ("p", "r", "f"))))
    msg.table(rows, header=("label", "P", "R", "F1"), divider=True, aligns=("l", "r", "r", "r"))


@app.command("train")
def train_cli(
    path: Path = EXISTING_PROJECT_ARG,
    output: Path = typer.Option(..., "--output", "-o", help="Folder for the trained model."),
    source: str | None = typer.Option(None, "--source", help="Annotator to learn from (gold)."),
    component: Component = typer.Option(Component.ner, "--component", help="ner or spancat."),
    max_steps: int = typer.Option(2000, "--max-steps", min=1, help="Training steps at most."),
    seed: int = typer.Option(0, "--seed", help="Seed of the train/dev split and of training."),
    dev_fraction: float = typer.Option(
        0.2, "--dev-fraction", min=0.01, max=0.9, help="Share of documents held out for scoring."
    ),
    force: bool = typer.Option(False, "--force", help="Replace a non-empty output folder."),
    base_model: str | None = typer.Option(
        None,
        "--base-model",
        help="Fine-tune this installed pipeline (name) or saved one (folder) instead of a blank.",
    ),
    small: bool = typer.Option(
        False, "--small", help="A narrow tok2vec and ner: suggests several times as fast."
    ),
) -> None:
    """Train a spaCy model (tok2vec + ner or spancat, CPU) on a source's done documents.

    With --base-model, the base keeps its other components (frozen) and its ner or spancat
    learns the project's labels; train, suggest, accept and train again from the last model.

    Shows spaCy's training progress, keeps the best model in OUTPUT (`spacy.load(OUTPUT)`
    opens it; the run's config, corpus and last model are in OUTPUT/training), then prints
    precision, recall and F1 per label on the dev set.

    Example: annotator train news.db --output models/news-ner --max-steps 2000

    Example: annotator train news.db -o models/v2 --base-model models/news-ner

    Example: annotator train news.db -o models/fast-ner --small
    """
    with user_errors(path):
        result = train_project(
            path=path,
            output=output,
            source=source,
            component=component.value,
            max_steps=max_steps,
            seed=seed,
            dev_fraction=dev_fraction,
            force=force,
            base_model=base_model,
            small=small,
        )
    export = result["export"]
    msg.good(
        f"Model saved to {output} ({result['component']}, trained on {export['train']} "
        f"documents of {export['source']}, scored on {export['dev']})"
    )
    print_scores(result["scores"])


@app.command("evaluate")
def evaluate_cli(
    path: Path = EXISTING_PROJECT_ARG,
    model: Path = typer.Option(..., "--model", help="Trained model folder.", exists=True),
    source: str | None = typer.Option(None, "--source", help="Annotator to score against (gold)."),
    all_documents: bool = typer.Option(
        False, "--all", help="Score on every done document, the ones the model trained on too."
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Score a trained model against a source's labels: precision, recall and F1 per label.

    By default on the model's dev split only (the done documents it did not train on, kept in
    MODEL/dev_split.json by `annotator train`); --all scores on every done document.

    Example: annotator evaluate news.db --model models/news-ner --source gold
    """
    with user_errors(path):
        scores = evaluate_project(
            path=path, model=model, source=source, all_documents=all_documents
        )
    if json_:
        print_json(scores)
        return
    msg.info(f"{model} {scope_text(scores)}")
    print_scores(scores)


def scope_text(scores: dict[str, Any]) -> str:
    """Which documents the scores are on, in words."""
    done, source = scores["documents"], scores["source"]
    if scores["scope"] == "all":
        return f"on all {done} documents done by {source} (training documents included)"
    missing = scores["dev_documents"] - done
    text = f"on the dev split: {done} documents done by {source} the model did not train on"
    return text + (f" ({missing} of its dev documents are no longer done)" if missing else "")

"""Training and scoring a spaCy model on a project's labels: config, spaCy's own loop, P/R/F.

`train_model` leaves a model `spacy.load(output)` opens: the best checkpoint's files sit in
`output` itself, the uids of the dev documents it was scored on (never trained on) in
`output/dev_split.json`, and everything else of the run (the exported corpus, the config,
spaCy's `model-last`) in `output/training/`. `evaluate_model` scores on that dev split.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from annotator.errors import AnnotatorError
from annotator.exporters.atomic import (
    file_system_reason,
    keep_others,
    remove_stale_staging,
    replace_folder,
    staging_path,
)
from annotator.exporters.project_output import check_folder_spares_project
from annotator.exporters.spacy import SPANS_KEY, export_spacy, read_docs, split_of
from annotator.store import Project
from annotator.store.export_queries import done_document_uids
from annotator.terminal import colour_wanted
from annotator.tokens import DEFAULT_LANGUAGE

COMPONENTS = ("ner", "spancat")
MAX_SPAN_TOKENS = 8
SMALL_TOK2VEC = {"width": 32, "depth": 2, "maxout_pieces": 2}
SMALL_EMBED_ROWS = [2000, 500, 1000, 1000]
SMALL_NER = {"hidden_width": 32, "maxout_pieces": 2}
"""`--small`: spaCy's efficiency preset narrowed (tok2vec 96 wide, 4 deep, maxout 3, hash
rows 5000/1000/2500/2500; ner hidden 64, maxout 2), for suggestions several times as fast.
The tok2vec's cost grows with the square of its width; the ner keeps 2 maxout pieces, since
with 1 spaCy's compiled decoder leaves out the relu its training applies (see ner_decoding)."""
TRAINING_FOLDER = "training"
DEV_SPLIT_FILE = "dev_split.json"
MODEL_FILES = frozenset(
    {"config.cfg", "meta.json", "tokenizer", "vocab", DEV_SPLIT_FILE, TRAINING_FOLDER}
)
"""A saved model's own entries besides one folder per component (see `model_names`)."""


class TrainingError(AnnotatorError):
    """Training that cannot start: too little data, or an output folder in the way."""


def training_config(
    *,
    component: str,
    train_path: Path,
    dev_path: Path,
    max_steps: int,
    seed: int = 0,
    language: str = DEFAULT_LANGUAGE,
    small: bool = False,
):
    """A filled spaCy config: blank `language`, tok2vec and `component` (ner or spancat), CPU;
    with `small`, the narrow tok2vec and ner of SMALL_TOK2VEC and SMALL_NER."""
    from spacy.cli.init_config import init_config

    if component not in COMPONENTS:
        raise TrainingError(
            f"unknown component {component!r} (choose from {', '.join(COMPONENTS)})"
        )
    config = init_config(lang=language, pipeline=[component], optimize="efficiency", gpu=False)
    config["paths"]["train"] = str(train_path)
    config["paths"]["dev"] = str(dev_path)
    config["system"]["seed"] = seed
    training = config["training"]
    training["max_steps"] = max_steps
    training["eval_frequency"] = max(1, min(200, max_steps // 5))
    training["patience"] = max(1600, max_steps)
    if component == "spancat":
        spancat = config["components"]["spancat"]
        spancat["spans_key"] = SPANS_KEY
        spancat["suggester"] = {
            "@misc": "spacy.ngram_range_suggester.v1",
            "min_size": 1,
            "max_size": MAX_SPAN_TOKENS,
        }
    if small:
        _make_small(config, component)
    return config


def _make_small(config, component: str) -> None:
    tok2vec = config["components"]["tok2vec"]["model"]
    tok2vec["encode"].update(SMALL_TOK2VEC)
    tok2vec["embed"]["rows"] = SMALL_EMBED_ROWS
    if component == "ner":
        config["components"]["ner"]["model"].update(SMALL_NER)


def check_enough_data(report: dict[str, Any]) -> None:
    """Raise TrainingError, before spaCy runs, when an export cannot train and score a model."""
    problems = []
    if report["documents"] < 2:
        problems.append(f"only {report['documents']} done document(s); at least 2 are needed")
    if report["spans"] == 0:
        problems.append("no spans in the done documents")
    if report["train"] == 0:
        problems.append("no document fell in the training set")
    if report["dev"] == 0:
        problems.append("no document fell in the dev set (label more, or raise --dev-fraction)")
    if problems:
        raise TrainingError(
            f"too little data to train on {report['source']}'s labels: " + "; ".join(problems)
        )


def train_model(
    project: Project,
    *,
    output: Path,
    source: str | None = None,
    component: str = "ner",
    max_steps: int = 2000,
    seed: int = 0,
    dev_fraction: float = 0.2,
    force: bool = False,
    base_model: str | None = None,
    small: bool = False,
) -> dict[str, Any]:
    """Export, train with spaCy's loop (its progress printed), keep the best model in `output`.

    With `base_model` (an installed pipeline's name or a saved one's folder), fine-tune it
    instead of starting blank (see `fine_tune`); with `small`, a narrow tok2vec and ner
    (SMALL_TOK2VEC, SMALL_NER) that suggests several times as fast. Returns the export
    report and the dev-set scores of the saved model.
    """
    output = Path(output)
    check_folder_spares_project(project.path, output)
    if output.exists() and not output.is_dir():
        raise TrainingError(f"{output}: exists and is not a folder")
    if output.is_dir() and any(output.iterdir()) and not force:
        raise TrainingError(f"{output}: folder exists and is not empty (use --force to replace)")
    if small and base_model is not None:
        raise TrainingError("--small shapes a new model; a --base-model keeps its own shape")
    with tempfile.TemporaryDirectory(prefix="annotator-train-") as scratch:
        corpus = Path(scratch) / "corpus"
        report = export_spacy(
            project, output=corpus, source=source, dev_fraction=dev_fraction, seed=seed
        )
        check_enough_data(report)
        split = dev_split(project, report, dev_fraction, seed)
        run = Path(scratch) / "run"
        config = _config(
            corpus, Path(scratch), component, max_steps, seed, base_model, project, small
        )
        _run_spacy_training(config, corpus, run)
        _install_model(run, output, split)
    scores = score_model(output, output / TRAINING_FOLDER / "corpus" / "dev.spacy")
    return {"export": report, "component": component, "model": str(output), "scores": scores}


def _config(corpus, scratch, component, max_steps, seed, base_model, project, small):
    paths = {"train_path": corpus / "train.spacy", "dev_path": corpus / "dev.spacy"}
    if base_model is None:
        return training_config(
            component=component,
            max_steps=max_steps,
            seed=seed,
            language=project.language,
            small=small,
            **paths,
        )
    from annotator.fine_tune import fine_tune_config, prepare_base

    if component not in COMPONENTS:
        raise TrainingError(
            f"unknown component {component!r} (choose from {', '.join(COMPONENTS)})"
        )
    base = scratch / "base"
    trainable = prepare_base(base_model, component, project.schema.label_names, base)
    return fine_tune_config(
        base, component=component, trainable=trainable, max_steps=max_steps, seed=seed, **paths
    )


def _run_spacy_training(config, corpus: Path, run: Path) -> None:
    """spaCy's training (what `spacy train` does), its table of losses and scores shown, its
    lines about the temporary folder it trains in (gone when the command ends) not."""
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train

    (run / "output").mkdir(parents=True)
    config.to_disk(run / "config.cfg")
    lines = _SpacyLines(sys.stdout, str(run))
    with _plain_unless_terminal():
        train(init_nlp(config), run / "output", stdout=lines, stderr=sys.stderr)
    shutil.move(corpus, run / "corpus")


class _SpacyLines(io.TextIOBase):
    """spaCy's training output on its way to `target`, less the lines naming `hidden`."""

    def __init__(self, target: TextIO, hidden: str) -> None:
        self.target, self.hidden = target, hidden

    def write(self, text: str) -> int:
        for line in text.splitlines(keepends=True):
            if self.hidden not in line and "Saved pipeline to output directory" not in line:
                self.target.write(line)
        return len(text)

    def flush(self) -> None:
        self.target.flush()


@contextmanager
def _plain_unless_terminal() -> Iterator[None]:
    """spaCy's printers without colour codes where ours have none (a pipe, a file, NO_COLOR)."""
    plain = not colour_wanted()
    before = os.environ.get("WASABI_LOG_FRIENDLY")
    if plain:
        os.environ["WASABI_LOG_FRIENDLY"] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("WASABI_LOG_FRIENDLY", None)
        else:
            os.environ["WASABI_LOG_FRIENDLY"] = before


def _install_model(run: Path, output: Path, split: dict[str, Any]) -> None:
    """Replace `output` with model-best's files, the dev split, and `training/` (config,
    corpus, model-last): assembled beside `output` and swapped in at once, so that a failure
    or a kill leaves the earlier model whole. Entries of `output` that are not the old
    model's (see `model_names`) are kept."""
    remove_stale_staging(output)
    staging = staging_path(output)
    try:
        shutil.move(run / "output" / "model-best", staging)
        (staging / DEV_SPLIT_FILE).write_text(json.dumps(split, indent=2) + "\n", encoding="utf-8")
        training = staging / TRAINING_FOLDER
        training.mkdir()
        shutil.move(run / "config.cfg", training / "config.cfg")
        shutil.move(run / "corpus", training / "corpus")
        shutil.move(run / "output" / "model-last", training / "model-last")
        if output.is_dir():
            keep_others(output, staging, model_names(output).__contains__)
        replace_folder(staging, output)
    except OSError as error:  # a full disk, a read-only folder: one line, the old model kept
        raise TrainingError(
            f"{output}: cannot write the model: {file_system_reason(error)}; the model that"
            " was there, if any, is as it was"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def model_names(folder: Path) -> set[str]:
    """The entries of the model folder `folder` that a new model replaces: MODEL_FILES and a
    folder per component its meta.json names (a user's own files beside them are kept)."""
    names = set(MODEL_FILES)
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        for key in ("components", "pipeline", "disabled"):
            names.update(name for name in meta.get(key) or [] if isinstance(name, str))
    except (OSError, ValueError, AttributeError, TypeError):  # no model there, or a broken one
        pass
    return names


def dev_split(
    project: Project, report: dict[str, Any], dev_fraction: float, seed: int
) -> dict[str, Any]:
    """What DEV_SPLIT_FILE keeps with the model: the uids of the documents it is scored on
    and never trained on, so that `evaluate` scores on them alone."""
    dev = [
        uid
        for _, uid in done_document_uids(project, report["source"])
        if split_of(uid, seed, dev_fraction) == "dev"
    ]
    return {
        "source": report["source"],
        "seed": seed,
        "dev_fraction": dev_fraction,
        "train_documents": report["train"],
        "dev": dev,
    }


def stored_dev_split(model: Path) -> list[str]:
    """The uids of the documents `model` was scored on and not trained on (see DEV_SPLIT_FILE)."""
    path = Path(model) / DEV_SPLIT_FILE
    if not path.is_file():
        raise TrainingError(
            f"{model}: no dev split stored with this model ({DEV_SPLIT_FILE}: it was not trained"
            " by `annotator train`, or by an older version); use --all to score on every done"
            " document, the ones it trained on included"
        )
    try:
        return list(json.loads(path.read_text(encoding="utf-8"))["dev"])
    except (ValueError, KeyError, TypeError) as error:
        raise TrainingError(f"{path}: not a dev split ({error})") from None


def score_model(model: Path, docs_path: Path) -> dict[str, Any]:
    """Precision, recall and F1 (overall and per label) of `model` on the docs at `docs_path`.

    P = tp / (tp + fp), R = tp / (tp + fn), F = 2PR / (P + R), over exact spans: ents for a
    ner model, `doc.spans["sc"]` for spancat.
    """
    import spacy
    from spacy.tokens import Doc
    from spacy.training import Example

    nlp = spacy.load(model)
    examples = [
        Example(
            Doc(nlp.vocab, words=[t.text for t in ref], spaces=[bool(t.whitespace_) for t in ref]),
            ref,
        )
        for ref in read_docs(docs_path, nlp.vocab)
    ]
    if not examples:
        raise TrainingError(f"{docs_path}: no documents to score on")
    scores = nlp.evaluate(examples)
    prefix = "ents" if "ner" in nlp.pipe_names else f"spans_{SPANS_KEY}"
    per_label = scores.get(f"{prefix}_per_type") or {}
    return {
        "documents": len(examples),
        "overall": {k: scores.get(f"{prefix}_{k}") or 0.0 for k in ("p", "r", "f")},
        "per_label": {label: dict(per_label[label]) for label in sorted(per_label)},
    }


def evaluate_model(
    project: Project, *, model: Path, source: str | None = None, all_documents: bool = False
) -> dict[str, Any]:
    """Score a trained model against `source`'s (default gold) done documents.

    By default only the model's dev split (the documents it did not train on, see
    DEV_SPLIT_FILE); `all_documents` scores every done document, training ones included.
    """
    model = Path(model)
    if not (model / "config.cfg").exists():
        raise TrainingError(f"{model}: not a spaCy model folder (no config.cfg)")
    _check_model_language(model, project.language)
    dev = None if all_documents else stored_dev_split(model)
    with tempfile.TemporaryDirectory(prefix="annotator-evaluate-") as scratch:
        report = export_spacy(
            project,
            output=Path(scratch) / "corpus",
            source=source,
            dev_fraction=0,
            only_uids=None if dev is None else set(dev),
        )
        if dev is not None and report["documents"] == 0:
            raise TrainingError(
                f"{project.path}: none of the model's {len(dev)} dev documents is marked done"
                f" by {report['source']}; use --all to score on every done document"
            )
        scores = score_model(model, Path(scratch) / "corpus" / "train.spacy")
    scope = {"scope": "all"} if dev is None else {"scope": "dev", "dev_documents": len(dev)}
    return {"source": report["source"], "model": str(model), **scope, **scores}


def _check_model_language(model: Path, language: str) -> None:
    """Refuse a model of another language than the project's: its scores would mean nothing."""
    found = model_language(model)
    if found != language:
        raise TrainingError(
            f"{model}: a model of language {found!r}, but the project's articles are "
            f"{language!r}; score it on a project of its own language"
        )


def model_language(model: Path) -> str:
    """The language code a saved model's config.cfg names (spaCy's error if it cannot read
    it)."""
    from spacy.util import load_config

    return load_config(Path(model) / "config.cfg")["nlp"]["lang"]

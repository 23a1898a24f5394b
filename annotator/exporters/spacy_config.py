"""A ready `config.cfg` beside a spaCy export, and the command that trains on it."""

from __future__ import annotations

import shlex
from pathlib import Path

CONFIG_FILE = "config.cfg"
MAX_STEPS = 20_000
"""spaCy's own default for `training.max_steps`; `patience` stops earlier when dev stops
improving."""
PATIENCE = 1600
EVAL_FREQUENCY = 200


def write_training_config(
    staging: Path, output: Path, language: str, component: str = "ner", *, dev: bool = True
) -> str:
    """Write `config.cfg` into `staging` for the export that will sit at `output`; returns the
    command that trains on it (`python -m spacy train ...`).

    The config reads `train.spacy` and `dev.spacy` by their absolute paths, so the command
    runs from any folder; `--paths.train` / `--paths.dev` override them after a move. Without
    a `dev` set it scores on `train.spacy`: spaCy's training needs a corpus to score and keep
    the best model by, and one trained on every document is what --dev-fraction 0 asks for.
    """
    from annotator.train import training_config

    folder = Path(output).resolve()
    config = training_config(
        component=component,
        train_path=folder / "train.spacy",
        dev_path=folder / ("dev.spacy" if dev else "train.spacy"),
        max_steps=MAX_STEPS,
        language=language,
    )
    config["training"]["patience"] = PATIENCE
    config["training"]["eval_frequency"] = EVAL_FREQUENCY
    config.to_disk(staging / CONFIG_FILE)
    return shlex.join(
        [
            "python",
            "-m",
            "spacy",
            "train",
            str(folder / CONFIG_FILE),
            "--output",
            str(folder / "model"),
        ]
    )

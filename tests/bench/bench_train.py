"""Benchmark: train ner on 1,000 generated articles, score on 200 held-out ones (F1 per label).

Run as a script: `python tests/bench/bench_train.py [--steps N]`; prints one JSON line per figure.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotator.store import Project  # noqa: E402
from annotator.train import evaluate_model, train_model  # noqa: E402
from tests.bench import figures  # noqa: E402
from tests.bench.project_builder import generated_project  # noqa: E402

figure = partial(figures.figure, digits=4)  # scores and seconds to four digits

TARGET_F1 = 0.85


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train-articles", type=int, default=1000)
    parser.add_argument("--test-articles", type=int, default=200)
    parser.add_argument("--steps", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-train-") as folder:
        folder = Path(folder)
        train_path = generated_project(folder / "train.db", args.train_articles, seed=1)
        test_path = generated_project(folder / "test.db", args.test_articles, seed=2)
        started = time.perf_counter()
        with Project.open(train_path) as project, contextlib.redirect_stdout(sys.stderr):
            train_model(project, output=folder / "model", max_steps=args.steps, dev_fraction=0.1)
        seconds = time.perf_counter() - started
        with Project.open(test_path) as project:
            scores = evaluate_model(project, model=folder / "model")
    figure("train_ner", "training_seconds", seconds)
    figure("train_ner", "steps", args.steps)
    for label, score in scores["per_label"].items():
        figure("train_ner", f"f1_{label}", score["f"])
    overall = scores["overall"]["f"]
    figure("train_ner", "precision_overall", scores["overall"]["p"])
    figure("train_ner", "recall_overall", scores["overall"]["r"])
    figure("train_ner", "f1_overall", overall, f"> {TARGET_F1}", overall > TARGET_F1)


if __name__ == "__main__":
    main()

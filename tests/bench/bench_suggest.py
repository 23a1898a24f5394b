"""Suggestions: actions saved per article, precision and recall per source, and speed.

Run as a script: `python tests/bench/bench_suggest.py [--articles N] [--samples N]
[--model-articles N] [--steps N]`; prints one JSON line per figure (the first: the load
average and the settings; the last: how long it took, about 2 minutes on an idle 2-core
machine). Speeds stand beside their floor, spaCy's own `nlp.pipe` with the same components,
and each line says its method. The model is `annotator train --small`, 200 steps on 300
generated articles.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotator.schema import load_schema  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.store.suggestions import labelled_texts  # noqa: E402
from annotator.suggest import source_workers  # noqa: E402
from annotator.suggest.attributes import AttributeMemory  # noqa: E402
from annotator.suggest.casualties import find_casualties  # noqa: E402
from annotator.suggest.fill import CASUALTY  # noqa: E402
from annotator.suggest.model import ModelSuggester  # noqa: E402
from annotator.suggest.patterns import RULER_KEY, PatternSuggester, shipped_patterns  # noqa: E402
from annotator.suggest.source_workers import Recipe, proposals  # noqa: E402
from annotator.train import train_model  # noqa: E402
from tests.bench.corpus import articles  # noqa: E402
from tests.bench.project_builder import generated_project  # noqa: E402
from tests.bench.suggest_model_figures import speed_model, uncertainty_and_mistakes  # noqa: E402
from tests.bench.suggest_simulation import Simulation, simulate_article  # noqa: E402
from tests.bench.suggest_window_figures import bench_switch  # noqa: E402
from tests.conftest import SAMPLES  # noqa: E402

PATTERN_LABELS = {"ACTOR", "LOCATION", "WEAPON"}
ALL_LABELS = PATTERN_LABELS | {CASUALTY}


def emit(bench: str, metric: str, value: float, target: str = "-", ok=None, **extra) -> None:
    line = {"bench": bench, "metric": metric, "value": round(value, 3), "target": target}
    if ok is not None:
        line["ok"] = ok
    print(json.dumps({**line, **extra}), flush=True)


def casualty_proposals(texts):
    return [[(m.start, m.end, CASUALTY, m.attrs) for m in find_casualties(t)] for t in texts]


def best_rate(work, texts, samples: int) -> float:
    """Articles per second: the best of `samples` warm runs (one warm-up run first)."""
    work(texts[:200])
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        work(texts)
        times.append(time.perf_counter() - started)
    return len(texts) / min(times)


def in_batches(work, batch: int = 500):
    """`work` over texts a batch at a time, its results dropped after each (as `annotator
    suggest` stores and drops them): ten thousand articles' results held at once would time
    Python's garbage collector walking them instead."""

    def run(texts):
        for start in range(0, len(texts), batch):
            work(texts[start : start + batch])

    return run


def speed_patterns_and_casualties(count: int, suggester: PatternSuggester, samples: int) -> None:
    """Patterns and casualty figures as `annotator suggest` runs them on 2,000 documents or
    more (2 forked worker processes, their start included, batches of 500), beside spaCy's
    `nlp.pipe(n_process=2)` with the same two SpanRulers; then each in one process."""
    texts = [a["text"] for a in articles(count, seed=3, words=250)]
    recipe = Recipe("en", tuple(shipped_patterns(load_schema())), casualties=True)

    def pooled(ts):
        batches = [list(enumerate(ts[i : i + 500])) for i in range(0, len(ts), 500)]
        with proposals(recipe, max(count, source_workers.WORKERS_FROM), workers=2) as propose:
            for _ in propose(batches):
                pass

    def floor_pooled(ts):
        [len(d.spans[RULER_KEY]) for d in suggester.nlp.pipe(ts, batch_size=256, n_process=2)]

    def both(ts):
        return list(suggester.suggest(ts)), casualty_proposals(ts)

    ours_2 = best_rate(pooled, texts, samples)
    floor_2 = best_rate(floor_pooled, texts, 1)  # far below: one run will do
    floor = best_rate(
        in_batches(lambda ts: [len(d.spans[RULER_KEY]) for d in suggester.nlp.pipe(ts)]),
        texts,
        samples,
    )
    patterns = best_rate(in_batches(lambda ts: list(suggester.suggest(ts))), texts, 1)
    casualties = best_rate(in_batches(casualty_proposals), texts, 1)
    ours_1 = best_rate(in_batches(both), texts, samples)
    emit(
        "suggest_patterns_casualties",
        "articles_per_s",
        ours_2,
        ">= 1000",
        ours_2 >= 1000,
        articles=count,
        method=f"best of {samples} warm runs, 2 forked workers as `annotator suggest` runs"
        " 2,000 documents or more, their start included, batches of 500 (the 2-process"
        " floor: one run); one process: the same, without workers (each source alone: one"
        " warm run)",
        floor_spacy_pipe_2_processes=round(floor_2, 1),
        one_process=round(ours_1, 1),
        floor_spacy_pipe_one_process=round(floor, 1),
        patterns_alone=round(patterns, 1),
        casualties_alone=round(casualties, 1),
    )


def simulate(name: str, items: list[dict], sources: dict, labels: dict) -> None:
    texts = [item["text"] for item in items]
    found = {source: propose(texts) for source, propose in sources.items()}
    simulation = Simulation()
    for index, item in enumerate(items):
        proposals = {source: found[source][index] for source in sources}
        simulate_article(simulation, item["spans"], proposals, labels)
    scratch = simulation.scratch_actions / simulation.articles
    suggested = simulation.suggested_actions / simulation.articles
    ratio = suggested / scratch
    emit(
        f"simulated_annotator_{name}",
        "actions_per_article_from_scratch",
        scratch,
        articles=simulation.articles,
    )
    emit(
        f"simulated_annotator_{name}",
        "actions_per_article_with_suggestions",
        suggested,
        "<= half",
        ratio <= 0.5,
        ratio=round(ratio, 3),
    )
    for source, score in simulation.sources.items():
        for metric, value in score.figures().items():
            emit(f"suggestions_{name}_{source}", metric, value)


def sample_articles() -> list[dict]:
    return [json.loads(line) for line in (SAMPLES / "gold.jsonl").read_text().splitlines()]


def train_small_model(folder: Path, steps: int) -> tuple[Path, AttributeMemory]:
    """A small ner (`annotator train --small`) trained on generated articles, and what their
    annotator gave each text."""
    path = generated_project(folder / "train.db", 300, seed=1, words=150)
    with Project.open(path) as project, contextlib.redirect_stdout(sys.stderr):
        train_model(project, output=folder / "model", max_steps=steps, dev_fraction=0.1, small=True)
        memory = AttributeMemory(labelled_texts(project))
    return folder / "model", memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--model-articles", type=int, default=2_000)
    parser.add_argument("--steps", type=int, default=200)
    args = parser.parse_args()
    started = time.perf_counter()
    print(json.dumps({"bench": "suggest", "load_average": os.getloadavg()[0], **vars(args)}))
    patterns = PatternSuggester(shipped_patterns(load_schema()))
    pattern_proposals = lambda ts: [[(*m,) for m in f] for f in patterns.suggest(ts)]  # noqa: E731
    simulate(
        "sample_articles",
        sample_articles(),
        {"patterns": pattern_proposals, "casualties": casualty_proposals},
        {"patterns": PATTERN_LABELS, "casualties": {CASUALTY}},
    )
    speed_patterns_and_casualties(args.articles, patterns, args.samples)
    with tempfile.TemporaryDirectory(prefix="bench-suggest-") as folder:
        model, memory = train_small_model(Path(folder), args.steps)
        suggester = ModelSuggester(model, ALL_LABELS)

        def model_proposals(texts):
            found = suggester.suggest(texts)
            return [memory.fill(f, text) for f, text in zip(found, texts)]

        generated = list(articles(300, seed=2, words=150))
        simulate(
            "generated_articles",
            generated,
            {
                "patterns": pattern_proposals,
                "casualties": casualty_proposals,
                "model": model_proposals,
            },
            {"patterns": PATTERN_LABELS, "casualties": {CASUALTY}, "model": ALL_LABELS},
        )
        uncertainty_and_mistakes(suggester, generated, emit)
        speed_model(model, args.model_articles, ALL_LABELS, emit)
        bench_switch(Path(folder), emit)
    emit("suggest", "bench_seconds", time.perf_counter() - started)


if __name__ == "__main__":
    main()

"""Model suggestions' speed beside spaCy's own `nlp.pipe`, where an article's time goes, and
whether the model's uncertainty points at its mistakes."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from pathlib import Path

import numpy
import spacy

from annotator.suggest import source_workers
from annotator.suggest.model import ModelSuggester
from annotator.suggest.ner_decoding import decode_entities
from annotator.suggest.source_workers import Recipe, proposals
from tests.bench.corpus import articles

Emit = Callable[..., None]


def speed_model(model: Path, count: int, labels: set[str], emit: Emit) -> None:
    """The small ner as `annotator suggest` runs it on 2,000 documents or more (2 worker
    processes, their start and each article's uncertainty included, batches of 500) beside
    `nlp.pipe(n_process=2)`; then one process each. Both from a model already loaded."""
    texts = [a["text"] for a in articles(count, seed=4, words=250)]
    batches = [list(enumerate(texts[i : i + 500])) for i in range(0, count, 500)]
    suggester = ModelSuggester(model, labels)
    nlp = spacy.load(model)  # the floor: spaCy's defaults
    list(nlp.pipe(texts[:100]))
    suggester.suggest_with_uncertainty(texts[:100])

    def pooled() -> tuple[float, float]:
        documents = max(count, source_workers.WORKERS_FROM)
        recipe = Recipe("en", model=model, labels=tuple(sorted(labels)))
        with proposals(recipe, documents, workers=2) as predict:
            started, cpu = time.perf_counter(), cpu_seconds()  # the model loaded, as the floor's
            for _ in predict(batches):
                pass
        return count / (time.perf_counter() - started), cpu_seconds() - cpu

    def floor_pooled() -> tuple[float, float]:
        cpu = cpu_seconds()
        done = rate(lambda: [len(d.ents) for d in nlp.pipe(texts, batch_size=64, n_process=2)])
        multiprocessing.active_children()  # reaps its workers, counting their time
        return done, cpu_seconds() - cpu

    (ours_2, ours_cpu), (floor_2, floor_cpu) = max(pooled(), pooled()), floor_pooled()
    few = texts[: count // 4]
    ours_1 = rate(lambda: suggester.suggest_with_uncertainty(few), len(few))
    floor_1 = rate(lambda: [len(d.ents) for d in nlp.pipe(few, batch_size=64)], len(few))
    with suggester.blas.limit(limits=1, user_api="blas"):  # as ours runs it
        floor_numpy = rate(lambda: list(suggester.nlp.pipe(few, batch_size=64)), len(few))
    emit(
        "suggest_model_ner",
        "articles_per_s",
        ours_2,
        ">= 300",
        ours_2 >= 300,
        articles=count,
        method="model loaded; 2 processes: ours the best of 2 runs, each forking 2 workers"
        " (their start included), the floor one run, forking as many; CPU seconds of all"
        " processes beside; one process: one run each, on a quarter of the articles",
        model=model_shape(nlp),
        floor_spacy_pipe_2_processes=round(floor_2, 1),
        cpu_seconds_per_1000=round(ours_cpu * 1000 / count, 2),
        floor_cpu_seconds_per_1000=round(floor_cpu * 1000 / count, 2),
        one_process=round(ours_1, 1),
        floor_spacy_pipe_1_process=round(floor_1, 1),
        floor_spacy_pipe_1_process_on_numpy_blas_1_thread=round(floor_numpy, 1),
    )
    component_times(suggester, few, emit)


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def rate(work, done: int | None = None) -> float:
    started = time.perf_counter()
    result = work()
    return (done if done is not None else len(result)) / (time.perf_counter() - started)


def component_times(suggester: ModelSuggester, texts: list[str], emit: Emit) -> None:
    """Milliseconds per article in each step of ours (one process, batches of 256), beside
    spaCy's own ner (its compiled decoder) and its beam of 4 (the uncertainty of before)."""
    nlp, steps = suggester.nlp, {}
    with suggester.blas.limit(limits=1, user_api="blas"):
        docs = timed_step(steps, "tokenizer", lambda: [nlp.make_doc(t) for t in texts])
        for name, component in nlp.pipeline:
            if name == "ner":
                timed_step(steps, "ner_ours", decode_entities, component, docs)
                timed_step(steps, "ner_spacy", spacy_pipe, component, docs)
                timed_step(steps, "ner_beam_4", component.beam_parse, docs, beam_width=4)
            else:
                docs = timed_step(steps, name, spacy_pipe, component, docs)
    per_article = {name: round(seconds / len(texts) * 1000, 3) for name, seconds in steps.items()}
    emit(
        "suggest_model_ner",
        "ms_per_article_by_step",
        sum(per_article[name] for name in per_article if name not in ("ner_spacy", "ner_beam_4")),
        articles=len(texts),
        method="one warm run each, one process, one BLAS thread; value: ours in all",
        **per_article,
    )


def spacy_pipe(component, docs: list) -> list:
    return list(component.pipe(docs, batch_size=256))


def timed_step(steps: dict[str, float], name: str, work, *args, **kwargs):
    started = time.perf_counter()
    result = work(*args, **kwargs)
    steps[name] = time.perf_counter() - started
    return result


def uncertainty_and_mistakes(suggester: ModelSuggester, items: list[dict], emit: Emit) -> None:
    """Rank correlation (Spearman) between each article's uncertainty and its mistakes (the
    model's spans that are not gold, and the gold spans it missed): above 0 when the least
    sure articles, listed first, are those where it errs."""
    texts = [item["text"] for item in items]
    found, uncertainty = suggester.suggest_with_uncertainty(texts)
    mistakes = [
        len({(s, e, label) for s, e, label, *_ in proposed} ^ gold_keys(item, suggester.labels))
        for proposed, item in zip(found, items)
    ]
    emit(
        "suggestions_generated_articles_model",
        "uncertainty_rank_correlation_with_mistakes",
        spearman(uncertainty, mistakes),
        articles=len(items),
        mistakes=sum(mistakes),
    )


def gold_keys(item: dict, labels: set[str]) -> set[tuple[int, int, str]]:
    return {(s["start"], s["end"], s["label"]) for s in item["spans"] if s["label"] in labels}


def spearman(a: list[float], b: list[float]) -> float:
    ranks = [average_ranks(values) for values in (a, b)]
    if min(numpy.std(r) for r in ranks) == 0:
        return 0.0
    return float(numpy.corrcoef(*ranks)[0, 1])


def average_ranks(values: list[float]) -> numpy.ndarray:
    """Ranks from 0, tied values sharing the mean of their places."""
    places = numpy.empty(len(values))
    places[numpy.argsort(values, kind="stable")] = numpy.arange(len(values))
    _, tie = numpy.unique(values, return_inverse=True)
    return (numpy.bincount(tie, places) / numpy.bincount(tie))[tie]


def model_shape(nlp) -> str:
    tok2vec = nlp.config["components"]["tok2vec"]["model"]
    encode, embed = tok2vec["encode"], tok2vec["embed"]
    ner = nlp.config["components"]["ner"]["model"]
    return (
        f"tok2vec width {encode['width']} depth {encode['depth']} window {encode['window_size']}"
        f" maxout {encode['maxout_pieces']}, embed {'/'.join(embed['attrs'])} rows"
        f" {'/'.join(map(str, embed['rows']))}; ner hidden {ner['hidden_width']}"
        f" maxout {ner['maxout_pieces']}"
    )

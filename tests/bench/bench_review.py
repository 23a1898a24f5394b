"""Benchmark review: ranking documents by agreement and adjudicating a project into gold.

Run: python tests/bench/bench_review.py [DOCUMENTS]
Prints one JSON line per figure. Floors: the same counting done in one SQL query.
How it measures (no window): the project is built once; ranking runs 5 times in one process
and adjudicating once on each of 3 fresh copies of the built file (it writes gold), all warm
(the file in the OS cache). Each rate is the median run's; `method` says so and the spread of
the runs' seconds (p50, p95, max) stands beside it, with the load.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotator.model import Document, Span, Status  # noqa: E402
from annotator.review import adjudicate, rank_documents  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.tokens import Tokens, document_uid  # noqa: E402
from tests.bench.timing import machine, method, percentile, spread  # noqa: E402

RANKS, ADJUDICATIONS = 5, 3

WORDS = [
    "army",
    "rebels",
    "shelled",
    "the",
    "town",
    "of",
    "Ostrel",
    "killing",
    "twelve",
    "civilians",
    "near",
    "river",
]
LABELS = ["ACTOR", "LOCATION", "WEAPON", "CASUALTY"]
ANNOTATORS = ["amira", "ben", "chen"]


def build(path: Path, count: int, spans_per_document: int = 25) -> None:
    rng = random.Random(7)
    texts = [
        " ".join(rng.choice(WORDS) for _ in range(300)) + f" article {i}." for i in range(count)
    ]
    with Project.create(path) as project, project.transaction():
        for text, tokens in zip(texts, Tokens.many_from_texts(texts)):
            doc, _ = project.add_document(
                Document(uid=document_uid(text), title=text[:40], text=text), tokens
            )
            words = tokens.word_index.tolist()
            base = []
            for _ in range(spans_per_document):
                first = rng.randrange(len(words) - 3)
                base.append((first, first + rng.randrange(3), rng.choice(LABELS)))
            rows = []
            for name in ANNOTATORS:
                for first, last, label in base:
                    if rng.random() < 0.15:
                        continue
                    if rng.random() < 0.1:
                        label = rng.choice(LABELS)
                    start = int(tokens.starts[words[first]])
                    end = int(tokens.ends[words[last]])
                    rows.append(
                        Span(document=doc, annotator=name, start=start, end=end, label=label)
                    )
                project.set_status(doc, name, Status.done)
            project.insert_checked_spans(rows)


def figure(bench: str, metric: str, value: float, target: str, ok: bool, **extra) -> None:
    print(
        json.dumps(
            {
                "bench": bench,
                "metric": metric,
                "value": round(value, 1),
                "target": target,
                "ok": ok,
                **extra,
            }
        ),
        flush=True,
    )


AGREED_SQL = (
    'SELECT document, start, "end", label, min(attrs), count(DISTINCT annotator) AS n'
    " FROM spans WHERE annotator != 'gold' GROUP BY document, start, \"end\", label"
    " HAVING n >= 2"
)


def sql_floor(project: Project, write: bool = False) -> float:
    """Seconds for the plainest SQLite version: count agreeing annotators in one query (and,
    with `write`, copy the agreed spans into a table)."""
    started = time.perf_counter()
    if write:
        project.conn.execute(f"CREATE TEMP TABLE agreed AS {AGREED_SQL}")
    else:
        project.conn.execute(AGREED_SQL).fetchall()
    return time.perf_counter() - started


def _ranking_seconds(path: Path, count: int) -> tuple[list[float], float]:
    """Seconds of each ranking run, and the floor's."""
    times = []
    with Project.open(path) as project:
        for _ in range(RANKS):
            started = time.perf_counter()
            ranked = rank_documents(project)
            times.append(time.perf_counter() - started)
            assert len(ranked) == count
        return times, sql_floor(project)


def _adjudication_seconds(path: Path, folder: Path) -> tuple[list[float], float, object]:
    """Seconds of adjudicating each fresh copy of `path`, the floor's, and the last report."""
    times, floors, report = [], [], None
    for number in range(ADJUDICATIONS):
        copy = folder / f"copy-{number}.db"
        shutil.copy(path, copy)
        with Project.open(copy) as project:
            started = time.perf_counter()
            report = adjudicate(project, min_agree=2)
            times.append(time.perf_counter() - started)
            floors.append(sql_floor(project, write=True))
    return times, percentile(floors, 0.5), report


def main(count: int = 1000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        build(path, count)
        figure(
            "review_machine", "load_average_1min", machine()["load_1min"], "-", True, **machine()
        )
        times, floor = _ranking_seconds(path, count)
        rate = count / percentile(times, 0.5)
        figure(
            "review_rank",
            "documents_per_s",
            rate,
            ">= 500",
            rate >= 500,
            floor_sql_documents_per_s=round(count / floor, 1),
            ratio=round(count / floor / rate, 1),
            method=method("median", RANKS, where="no window"),
            **spread(times, "s", 3),
        )
        times, floor, report = _adjudication_seconds(path, Path(folder))
        rate = count / percentile(times, 0.5)
        figure(
            "adjudicate",
            "documents_per_s",
            rate,
            ">= 300",
            rate >= 300,
            spans_written=report.spans_written,
            items_left=report.items_left,
            floor_sql_documents_per_s=round(count / floor, 1),
            ratio=round(count / floor / rate, 1),
            method=method("median", ADJUDICATIONS, "warm (each on a fresh copy)", "no window"),
            **spread(times, "s", 3),
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)

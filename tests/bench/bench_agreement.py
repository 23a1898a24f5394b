"""Benchmark: agreement of 3 annotators on 10,000 documents of ~300 tokens (target < 3 s).

Run: python tests/bench/bench_agreement.py [--documents N]. Prints one JSON line per figure.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from annotator.agreement_report import project_agreement  # noqa: E402
from annotator.model import Document, Span, Status  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.tokens import Tokens, document_uid  # noqa: E402

ANNOTATORS = ("amira", "ben", "chen")
LABELS = ("ACTOR", "LOCATION", "WEAPON", "CASUALTY")
WORDS = str.split(
    "rebels shelled the town of Ostrel on Monday , killing at least 18 civilians and "
    "wounding dozens more . Government forces said artillery and drones were used near "
    "the northern border , while militia fighters withdrew to the hills ."
)


def _text(rng: random.Random) -> str:
    sentences = []
    while sum(len(s.split()) for s in sentences) < 280:
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 25))))
    return "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def _spans(rng: random.Random, document: int, tokens: Tokens, annotator: str) -> list[Span]:
    words = tokens.word_index
    spans = {}
    for _ in range(12):
        first = rng.randrange(len(words) - 4)
        last = first + rng.randint(0, 3)
        start, end = int(tokens.starts[words[first]]), int(tokens.ends[words[last]])
        label = rng.choice(LABELS)
        spans[start, end, label] = Span(
            document=document, annotator=annotator, start=start, end=end, label=label
        )
    return list(spans.values())


def build(path: Path, documents: int) -> None:
    rng = random.Random(5)
    texts = [_text(rng) for _ in range(documents)]
    with Project.create(path) as project, project.transaction():
        for number, (text, tokens) in enumerate(zip(texts, Tokens.many_from_texts(texts))):
            uid = document_uid(text)
            document, _ = project.add_document(
                Document(uid=uid, title=f"Article {number}", text=text), tokens
            )
            shared = _spans(rng, document, tokens, ANNOTATORS[0])
            for annotator in ANNOTATORS:
                # Each annotator keeps most of a common set and adds some of their own.
                own = [s.model_copy(update={"annotator": annotator}) for s in shared[:8]]
                project.insert_checked_spans(own + _spans(rng, document, tokens, annotator)[:4])
                project.set_status(document, annotator, Status.done)


def report(bench: str, metric: str, value: float, target: str, ok: bool, **extra) -> None:
    line = {"bench": bench, "metric": metric, "value": round(value, 3), "target": target}
    print(json.dumps({**line, "ok": ok, **extra}), flush=True)


FLOOR_SCRIPT = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute('SELECT document, annotator, start, "end", label FROM spans').fetchall()
conn.execute("SELECT id, text, tokens FROM documents").fetchall()
"""
"""A process that only reads what agreement reads, with SQLite alone."""


def _floor_seconds(path: Path) -> float:
    """The plainest reading of the same data with SQLite alone: every span, text and tokens."""
    began = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute('SELECT document, annotator, start, "end", label FROM spans').fetchall()
    conn.execute("SELECT id, text, tokens FROM documents").fetchall()
    conn.close()
    return time.perf_counter() - began


def _best_of(runs: int, work) -> tuple[float, float]:
    """Fastest wall time and its CPU time over a few runs (the machine may be busy)."""
    timings = []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        timings.append((time.perf_counter() - wall, time.process_time() - cpu))
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        began = time.perf_counter()
        build(path, args.documents)
        report("agreement", "build_s", time.perf_counter() - began, "-", True)
        with Project.open(path) as project:
            result = project_agreement(project)
            assert result.documents == args.documents and len(result.pairs) == 3
            wall, cpu = _best_of(args.runs, lambda: project_agreement(project))
        report("agreement", "project_agreement_s", wall, "< 3", wall < 3, cpu_s=round(cpu, 3))
        floor = min(_floor_seconds(path) for _ in range(args.runs))
        report("agreement", "floor_sqlite_read_s", floor, "-", True, ratio=round(wall / floor, 2))
        command = [sys.executable, "-m", "annotator", "agreement", str(path), "--json"]
        wall, _ = _best_of(
            args.runs, lambda: subprocess.run(command, check=True, capture_output=True, cwd=REPO)
        )
        plain = [sys.executable, "-c", FLOOR_SCRIPT, str(path)]
        floor, _ = _best_of(args.runs, lambda: subprocess.run(plain, check=True))
        startup = [sys.executable, "-m", "annotator", "--help"]
        start, _ = _best_of(
            args.runs, lambda: subprocess.run(startup, check=True, capture_output=True, cwd=REPO)
        )
        ok = wall < 3
        report("agreement", "cli_end_to_end_s", wall, "< 3", ok, ratio=round(wall / floor, 2))
        report("agreement", "cli_floor_sqlite_process_s", floor, "-", True)
        report("agreement", "cli_startup_s", start, "-", True)


if __name__ == "__main__":
    main()

"""Edits during a big import: how long an annotator's save waits while `annotator import` runs.

A second process (this one) saves a span every 20 ms on articles already in the project, the
way the window does (one transaction each, through the store), while a 40,000-record JSONL
import runs in its own process. Prints p50, p99 and max of those saves, the import's rate
beside the same import with nobody editing, and the floor: the same saves on an idle project.

BENCH_EDIT_IMPORT_N sets the records (default 40,000); BENCH_DIR keeps the corpus.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from annotator.model import Span  # noqa: E402
from annotator.store import Project  # noqa: E402
from tests.bench.corpus import articles  # noqa: E402

N = int(os.environ.get("BENCH_EDIT_IMPORT_N", 40_000))
EXISTING = 200
INTERVAL_S = 0.02
TARGET_P99_S = 1.0


def emit(metric: str, value: float, **more) -> None:
    line = {"bench": "edit_during_import", "metric": metric, "value": round(value, 4)}
    print(json.dumps({**line, **more}), flush=True)


def write_jsonl(path: Path, count: int, start: int = 0) -> Path:
    if not path.exists():
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as handle:
            for record in articles(count, start=start):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        partial.replace(path)
    return path


def fresh_project(folder: Path, existing: Path) -> Path:
    database = folder / "edits.db"
    for leftover in folder.glob("edits.db*"):
        leftover.unlink()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for args in (("init", database), ("import", database, existing)):
        subprocess.run(
            [sys.executable, "-m", "annotator", *map(str, args)],
            check=True,
            capture_output=True,
            env=env,
        )
    return database


def save_spans(database: Path, until) -> list[float]:
    """Save (add, then delete) a span every INTERVAL_S until `until()`; seconds per save."""
    waits = []
    with Project.open(database) as project:
        words = {d: project.tokens(d) for d in range(1, EXISTING + 1)}
        n = 0
        while not until():
            document = 1 + n % EXISTING
            tokens = words[document]
            word = int(tokens.word_index[n % 50])
            start, end = int(tokens.starts[word]), int(tokens.ends[word])
            span = Span(document=document, annotator="editor", start=start, end=end, label="ACTOR")
            began = time.perf_counter()
            stored = project.add_span(span)
            waits.append(time.perf_counter() - began)
            began = time.perf_counter()
            project.delete_span(stored)
            waits.append(time.perf_counter() - began)
            n += 1
            time.sleep(INTERVAL_S)
    return waits


def run_import(database: Path, corpus: Path) -> tuple[subprocess.Popen, float]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "annotator", "import", str(database), str(corpus), "--json"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL), time.perf_counter()


def report(name: str, waits: list[float], **more) -> None:
    ordered = sorted(waits)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    emit(f"{name}_p50_s", statistics.median(ordered), saves=len(ordered), **more)
    emit(
        f"{name}_p99_s",
        p99,
        saves=len(ordered),
        target=f"< {TARGET_P99_S}" if name == "during_import" else None,
        ok=p99 < TARGET_P99_S if name == "during_import" else None,
        **more,
    )
    emit(f"{name}_max_s", ordered[-1], saves=len(ordered), **more)


def main() -> None:
    folder = Path(os.environ.get("BENCH_DIR") or tempfile.mkdtemp(prefix="annotator-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    existing = write_jsonl(folder / f"existing-{EXISTING}.jsonl", EXISTING, start=10**7)
    corpus = write_jsonl(folder / f"corpus-{N}.jsonl", N)

    database = fresh_project(folder, existing)
    idle_until = time.perf_counter() + 5
    report("idle_floor", save_spans(database, lambda: time.perf_counter() > idle_until))

    importer, began = run_import(database, corpus)
    alone_s = None
    waits = save_spans(database, lambda: importer.poll() is not None)
    with_edits_s = time.perf_counter() - began
    if importer.returncode:
        raise SystemExit(f"the import failed with {importer.returncode}")
    report("during_import", waits, records=N, load_average=round(os.getloadavg()[0], 2))

    database = fresh_project(folder, existing)
    importer, began = run_import(database, corpus)
    importer.wait()
    alone_s = time.perf_counter() - began
    emit("import_articles_per_s_with_edits", N / with_edits_s, records=N)
    emit("import_articles_per_s_alone", N / alone_s, records=N)
    emit(
        "machine",
        os.cpu_count() or 0,
        note="cores; saves are wall time of add_span/delete_span, one transaction each, "
        "in a second process; every save counted (no warm-up dropped)",
    )


if __name__ == "__main__":
    main()

"""Import benchmark: generated JSONL articles through `annotator import`, then `annotator stats`.

Run as a script (not collected by pytest); prints one JSON line per figure.
BENCH_IMPORT_N sets the number of articles (default 100,000); BENCH_DIR keeps the generated
corpus between runs (default: a temporary folder).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from annotator.importers import WORKERS  # noqa: E402
from tests.bench.corpus import articles  # noqa: E402

N = int(os.environ.get("BENCH_IMPORT_N", 100_000))
FLOOR_N = min(N, 10_000)
TARGET_RATE, TARGET_RSS_MB, TARGET_STATS_S = 2000, 500, 0.5


def emit(metric: str, value: float, target: str | None = None, ok: bool | None = None, **more):
    """Print one figure as a JSON line."""
    line = {"bench": more.pop("bench", "import_jsonl"), "metric": metric, "value": round(value, 3)}
    if target is not None:
        line.update(target=target, ok=ok)
    print(json.dumps({**line, **more}), flush=True)


def write_corpus(folder: Path) -> Path:
    path = folder / f"corpus-{N}.jsonl"
    if not path.exists():
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as handle:
            for record in articles(N):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        partial.replace(path)
    return path


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "annotator", *map(str, args)]


def run_measured(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB, process and children) of a command."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    process = psutil.Popen(command, env=env, stdout=subprocess.DEVNULL)
    peak, cpu = 0, 0.0
    while process.poll() is None:
        try:
            family = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in family))
            times = process.cpu_times()
            cpu = times.user + times.system + times.children_user + times.children_system
        except psutil.Error:
            pass
        time.sleep(0.05)
    wall = time.perf_counter() - start
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed with {process.returncode}")
    return wall, cpu, peak / 2**20


def floor_rate(corpus: Path, folder: Path) -> tuple[float, float, float]:
    """The same work done plainly: spaCy and sqlite3 alone, in one process, into the same
    tables and indexes (full-text index included). Returns articles/s, CPU ms/article, and
    the articles/s of the SQLite writing alone (the ceiling of any one-writer import)."""
    import spacy

    database = folder / "floor.db"
    database.unlink(missing_ok=True)
    subprocess.run(
        cli("init", database),
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    with corpus.open(encoding="utf-8") as handle:
        lines = [next(handle) for _ in range(FLOOR_N)]
    tokenizer = spacy.blank("en").tokenizer
    conn = sqlite3.connect(database, isolation_level=None)
    start, cpu = time.perf_counter(), time.process_time()
    records = [json.loads(line) for line in lines]
    lengths = [len(doc) for doc in tokenizer.pipe([r["text"] for r in records], batch_size=256)]
    writing = time.perf_counter()
    conn.execute("BEGIN")
    conn.execute("DROP TRIGGER span_counts_insert")  # counted once below, as the import does
    conn.executemany(
        "INSERT INTO documents (id, uid, title, meta, text, tokens, added)"
        " VALUES (?, ?, ?, ?, ?, ?, '')",
        (
            (i, str(i), r["meta"]["title"], json.dumps(r["meta"]), r["text"], bytes(length))
            for i, (r, length) in enumerate(zip(records, lengths), start=1)
        ),
    )
    conn.executemany(
        'INSERT OR IGNORE INTO spans (document, annotator, start, "end", label, attrs,'
        " created, updated) VALUES (?, 'imported', ?, ?, ?, ?, '', '')",
        (
            (i, s["start"], s["end"], s["label"], json.dumps(s["attrs"]))
            for i, r in enumerate(records, start=1)
            for s in r["spans"]
        ),
    )
    conn.execute(
        "INSERT INTO span_counts (annotator, label, spans)"
        " SELECT annotator, label, count(*) FROM spans GROUP BY annotator, label"
    )
    conn.execute("COMMIT")
    end = time.perf_counter()
    conn.close()
    cpu_ms = 1000 * (time.process_time() - cpu) / FLOOR_N
    return FLOOR_N / (end - start), cpu_ms, FLOOR_N / (end - writing)


def bench_stats(database: Path) -> None:
    from annotator.cli.stats import project_stats

    seconds = min(_timed(lambda: project_stats(path=database)) for _ in range(3))
    emit(
        "seconds", seconds, f"< {TARGET_STATS_S}", seconds < TARGET_STATS_S, bench="stats_function"
    )
    wall, _, _ = run_measured(cli("stats", database, "--json"))
    emit("seconds", wall, None, None, bench="stats_cli_process", note="includes Python start-up")


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> None:
    folder = Path(os.environ.get("BENCH_DIR") or tempfile.mkdtemp(prefix="annotator-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    corpus = write_corpus(folder)
    database = folder / "bench.db"
    for leftover in folder.glob("bench.db*"):
        leftover.unlink()
    subprocess.run(
        cli("init", database),
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    wall, cpu, peak = run_measured(cli("import", database, corpus, "--json"))
    rate = N / wall
    emit(
        "articles_per_s",
        rate,
        f">= {TARGET_RATE}",
        rate >= TARGET_RATE,
        articles=N,
        workers=WORKERS,
        load_average=os.getloadavg()[0],
    )
    cpu_ms = 1000 * cpu / N
    emit("cpu_ms_per_article", cpu_ms)
    emit("peak_rss_mb", peak, f"< {TARGET_RSS_MB}", peak < TARGET_RSS_MB)
    bench_stats(database)
    if rate < TARGET_RATE:
        floor, floor_cpu_ms, sqlite_only = floor_rate(corpus, folder)
        note = "json + spaCy tokenizer + sqlite3 executemany (with FTS), no validation, 1 process"
        emit("floor_articles_per_s", floor, articles=FLOOR_N, note=note)
        emit("floor_cpu_ms_per_article", floor_cpu_ms, articles=FLOOR_N, note=note)
        emit(
            "sqlite_only_articles_per_s",
            sqlite_only,
            articles=FLOOR_N,
            note="the floor's SQLite writing alone: the ceiling of any one-writer import",
        )
        emit("ratio_to_floor", rate / floor, note="articles/s, ours / floor (wall clock)")
        emit("cpu_ratio_to_floor", floor_cpu_ms / cpu_ms, note="floor CPU / our CPU per article")


if __name__ == "__main__":
    main()

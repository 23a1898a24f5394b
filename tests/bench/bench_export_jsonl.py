"""Benchmark: JSONL export of generated 500-word articles (documents/s), beside its floors.

Run as a script: `python tests/bench/bench_export_jsonl.py [--documents N]`; one JSON line per
figure. The project is built once through the store (not timed) and kept in the temp folder.
Floors: the very records the export writes, already built as Python dicts, only serialised,
once with the standard `json` module (as the export did before) and once with orjson (which
it uses now), and serialised with orjson and written to a file (writing 31 KB an article is
a large share of the export here). The export does more than the orjson floors (reading
SQLite, unpacking tokens, building the records), so its ratio to them stays below 1.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotator.exporters.jsonl import export_jsonl  # noqa: E402
from annotator.store import Project  # noqa: E402
from tests.bench.figures import figure  # noqa: E402
from tests.bench.project_builder import numbered_copies_project  # noqa: E402

TARGET_RATE = 3000
CACHE = Path(tempfile.gettempdir()) / "annotator-bench"


def floor_rates(output: Path, count: int) -> tuple[float, float, float]:
    """Documents/s of serialising the export's own records with json and with orjson, and of
    serialising them with orjson and writing them to a file (the system's share shows)."""
    records = []
    with output.open("rb") as handle:
        for line in handle:
            records.append(orjson.loads(line))
            if len(records) == count:
                break
    started = time.perf_counter()
    for record in records:
        json.dumps(record, ensure_ascii=False)
    standard = len(records) / (time.perf_counter() - started)
    started = time.perf_counter()
    for record in records:
        orjson.dumps(record)
    fast = len(records) / (time.perf_counter() - started)
    written = output.with_suffix(".floor")
    started = time.perf_counter()
    with written.open("wb") as handle:
        for record in records:
            handle.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
    fast_written = len(records) / (time.perf_counter() - started)
    written.unlink()
    return standard, fast, fast_written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--floor-documents", type=int, default=2000)
    args = parser.parse_args()
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"export-jsonl-{args.documents}.db"
    if not path.exists():
        building = path.with_suffix(".building")
        building.unlink(missing_ok=True)
        numbered_copies_project(building, args.documents)
        building.rename(path)
    output = CACHE / f"export-jsonl-{args.documents}.jsonl"
    with Project.open(path) as project:
        started = time.perf_counter()
        report = export_jsonl(project, output=output)
        seconds = time.perf_counter() - started
    rate = report["records"] / seconds
    figure("export_jsonl", "documents", report["records"])
    figure("export_jsonl", "seconds", seconds)
    figure("export_jsonl", "documents_per_s", rate, f">= {TARGET_RATE}", rate >= TARGET_RATE)
    standard, fast, fast_written = floor_rates(output, args.floor_documents)
    figure("export_jsonl_floor_json", "documents_per_s", standard)
    figure("export_jsonl_floor_orjson", "documents_per_s", fast)
    figure("export_jsonl_floor_orjson_written", "documents_per_s", fast_written)
    figure("export_jsonl", "ratio_to_json_floor", rate / standard)
    figure("export_jsonl", "ratio_to_orjson_floor", rate / fast)
    figure("export_jsonl", "ratio_to_orjson_written_floor", rate / fast_written)
    output.unlink()


if __name__ == "__main__":
    main()

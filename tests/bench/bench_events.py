"""Benchmark: events export of 10,000 generated articles (documents/s), and the peak memory of
one crafted article of 30,000 words and 50,000 spans; each beside its floor.

Run as a script: `python tests/bench/bench_events.py [--documents N]`; one JSON line per figure.
Floors: the same documents read through the store, split into sentences by spaCy's
`sentencizer`, and one CSV row written per CASUALTY span with its sentence (no linking, no
reading rule). Peak memory is each run's own process (ru_maxrss of a child process).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy
from spacy.tokens import Doc

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotator.exporters.event_export import export_events  # noqa: E402
from annotator.model import GOLD, Document, Span, Status  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.store.export_queries import done_documents  # noqa: E402
from annotator.tokens import Tokens, document_uid  # noqa: E402
from tests.bench.project_builder import numbered_copies_project  # noqa: E402

TARGET_RATE = 2000
CACHE = Path(tempfile.gettempdir()) / "annotator-bench"
UNIT = "12 rebels shelled troops in Ostrel"
# (word offsets [first, last], label) of the 10 spans of one unit of six words
UNIT_SPANS = [
    (0, 1, "CASUALTY"),
    (1, 1, "ACTOR"),
    (0, 1, "ACTOR"),
    (2, 2, "WEAPON"),
    (2, 3, "WEAPON"),
    (2, 3, "ACTOR"),
    (3, 3, "ACTOR"),
    (3, 3, "CASUALTY"),
    (5, 5, "LOCATION"),
    (4, 5, "LOCATION"),
]


def figure(bench: str, metric: str, value: float, target: str | None = None, ok=None) -> None:
    line = {"bench": bench, "metric": metric, "value": round(value, 2)}
    if target is not None:
        line.update(target=target, ok=ok)
    print(json.dumps(line), flush=True)


def crafted_project(path: Path, words: int = 30_000, sentence_words: int = 600) -> Path:
    """One article of `words` words in sentences of `sentence_words`, 10 spans per 6 words
    (nested and overlapping: 50,000 spans for 30,000 words), all done by gold."""
    units, pieces, spans = words // 6, [], []
    offset = 0
    for unit in range(units):
        ends_sentence = (unit + 1) % (sentence_words // 6) == 0
        piece = UNIT + ("." if ends_sentence else ",")
        starts, position = [], offset
        for word in UNIT.split(" "):
            starts.append((position, position + len(word)))
            position += len(word) + 1
        for first, last, label in UNIT_SPANS:
            spans.append((starts[first][0], starts[last][1], label))
        pieces.append(piece)
        offset += len(piece) + 1
    text = " ".join(pieces)
    attrs = {"CASUALTY": {"kind": "killed", "count": 12}}
    with Project.create(path) as project:
        document = Document(uid=document_uid(text), title="Crafted", text=text)
        document_id, _ = project.add_document(document, Tokens.from_text(text))
        project.insert_checked_spans(
            Span(
                document=document_id,
                annotator=GOLD,
                start=start,
                end=end,
                label=label,
                attrs=attrs.get(label, {}),
            )
            for start, end, label in spans
        )
        project.set_status(document_id, GOLD, Status.done)
    return path


def floor_export(project: Project, output: Path) -> int:
    """The plainest events export: a spaCy Doc split by its sentencizer, one CSV row per
    casualty span with its sentence."""
    nlp = spacy.blank("en")
    sentencizer = nlp.add_pipe("sentencizer")
    rows = 0
    with output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for document in done_documents(project, GOLD):
            words, spaces = document.tokens().words_and_spaces()
            doc = sentencizer(Doc(nlp.vocab, words=words, spaces=spaces))
            for span in document.spans:
                if span.label == "CASUALTY":
                    sentence = doc.char_span(span.start, span.end, alignment_mode="expand").sent
                    writer.writerow([document.uid, sentence.text, span.start, span.end])
                    rows += 1
    return rows


def run_once(kind: str, path: Path, output: Path) -> None:
    """One export in this process; prints seconds, CPU seconds (its workers' too), records
    and peak RSS (MB, the largest of this process and its workers) as JSON."""
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu_before = sum(u.ru_utime + u.ru_stime for u in usage)
    started = time.perf_counter()
    with Project.open(path) as project:
        if kind == "ours":
            records = export_events(project, output=output)["events"]
        else:
            records = floor_export(project, output)
    seconds = time.perf_counter() - started
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(u.ru_utime + u.ru_stime for u in usage) - cpu_before
    peak = max(u.ru_maxrss for u in usage) / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "records": records, "peak_mb": peak}))


def in_child(kind: str, path: Path, output: Path) -> dict:
    script = [sys.executable, __file__, "--run", kind, str(path), str(output)]
    result = subprocess.run(script, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def python_loop_seconds() -> float:
    """Seconds for a million-step Python loop: about 0.03 on an idle current core, more on a
    shared or busy one (read the rates against it)."""
    started = time.perf_counter()
    sum(1 for _ in range(1_000_000))
    return time.perf_counter() - started


def cached(path: Path, build) -> Path:
    if not path.exists():
        building = path.with_suffix(".building")
        building.unlink(missing_ok=True)
        build(building)
        building.rename(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--run", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_once(args.run[0], Path(args.run[1]), Path(args.run[2]))
        return
    CACHE.mkdir(exist_ok=True)
    many = cached(
        CACHE / f"events-{args.documents}.db", lambda p: numbered_copies_project(p, args.documents)
    )
    crafted = cached(CACHE / "events-crafted-v1.db", crafted_project)
    output = CACHE / "events-bench.csv"
    ours, floor = (in_child(kind, many, output) for kind in ("ours", "floor"))
    rate, floor_rate = args.documents / ours["seconds"], args.documents / floor["seconds"]
    figure("export_events", "documents", args.documents)
    figure("export_events", "records", ours["records"])
    figure("export_events", "documents_per_s", rate, f">= {TARGET_RATE}", rate >= TARGET_RATE)
    figure("export_events", "documents_per_cpu_s", args.documents / ours["cpu"])
    figure("export_events_floor", "documents_per_s", floor_rate)
    figure("export_events_floor", "documents_per_cpu_s", args.documents / floor["cpu"])
    figure("export_events", "ratio_to_floor", rate / floor_rate)
    figure("machine", "load_average_1min", os.getloadavg()[0])
    figure("machine", "python_loop_1e6_s", python_loop_seconds())
    ours, floor = (in_child(kind, crafted, output) for kind in ("ours", "floor"))
    figure("export_events_crafted", "records", ours["records"])
    figure("export_events_crafted", "seconds", ours["seconds"])
    figure("export_events_crafted", "peak_rss_mb", ours["peak_mb"])
    figure("export_events_crafted_floor", "peak_rss_mb", floor["peak_mb"])
    figure("export_events_crafted_floor", "seconds", floor["seconds"])
    ratio = ours["peak_mb"] / floor["peak_mb"]
    figure("export_events_crafted", "peak_ratio_to_floor", ratio, "< 1.5", ratio < 1.5)
    output.unlink(missing_ok=True)


if __name__ == "__main__":
    main()

"""Benchmark: events export of 10,000 generated articles (documents/s, CPU-seconds per 1,000
documents), and the peak memory of one crafted article of 30,000 words and 50,000 spans; each
beside its floor.

Run as a script: `python tests/bench/bench_events.py [--documents N] [--runs N]`; one JSON line
per figure. The project: generated articles (59 spans each, all done by gold), the even-numbered
half with relations drawn (each figure's PLACE, and VICTIM where an ACTOR stands inside it), so
records are both linked and inferred. Each export runs in a fresh child process (imports, opening
the project, worker processes all counted) on a warm page cache; the best of `--runs` is kept.
Floors: for the rate, the plainest export of the same rows: sqlite3 reads every done document
(text, tokens, meta), its spans and relations a batch at a time, and csv.writer writes one row
per CASUALTY span (no sentences, no linking, no reading rule). For peak memory, the documents
read through the store and split by spaCy's `sentencizer`, one row per CASUALTY span with its
sentence. Peak memory is each run's own process (ru_maxrss of a child process).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotator.exporters.event_export import EXPORT_WORKERS, export_events  # noqa: E402
from annotator.model import GOLD, Document, Span, Status  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.store.export_queries import done_documents  # noqa: E402
from annotator.tokens import Tokens, document_uid  # noqa: E402
from tests.bench.figures import figure  # noqa: E402
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


def with_relations(source: Path, path: Path) -> Path:
    """A copy of the project at `source` where the even-numbered documents' figures have
    relations: PLACE to the next LOCATION, VICTIM to each ACTOR inside the figure."""
    shutil.copy(source, path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            """INSERT OR IGNORE INTO relations (head, tail, label)
            SELECT c.id, (SELECT l.id FROM spans AS l WHERE l.document = c.document
                AND l.annotator = c.annotator AND l.start >= c."end" AND l.label = 'LOCATION'
                ORDER BY l.start LIMIT 1) AS place, 'PLACE'
            FROM spans AS c WHERE c.label = 'CASUALTY' AND c.document % 2 = 0 AND place"""
        )
        conn.execute(
            """INSERT OR IGNORE INTO relations (head, tail, label)
            SELECT c.id, a.id, 'VICTIM' FROM spans AS c JOIN spans AS a
            ON a.document = c.document AND a.annotator = c.annotator AND a.start >= c.start
            AND a."end" <= c."end" AND a.label = 'ACTOR'
            WHERE c.label = 'CASUALTY' AND c.document % 2 = 0"""
        )
    conn.close()
    return path


def plain_floor(path: Path, output: Path, batch_size: int = 500) -> int:
    """The same rows read with sqlite3 and written with csv.writer: every done document, its
    spans and relations, one batch of documents a query; one row per CASUALTY span."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    ids = [
        row[0]
        for row in conn.execute(
            "SELECT document FROM status WHERE annotator = 'gold' AND status = 'done'"
            " ORDER BY document"
        )
    ]
    rows = 0
    with output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for first in range(0, len(ids), batch_size):
            chunk = json.dumps(ids[first : first + batch_size])
            documents = {
                row[0]: row
                for row in conn.execute(
                    "SELECT id, uid, title, meta, text, tokens FROM documents"
                    " WHERE id IN (SELECT value FROM json_each(?))",
                    (chunk,),
                )
            }
            linked: dict[int, list[str]] = {}
            for head, relation in conn.execute(
                "SELECT r.head, r.label FROM relations AS r JOIN spans AS h ON h.id = r.head"
                " WHERE h.annotator = 'gold' AND h.document IN (SELECT value FROM json_each(?))",
                (chunk,),
            ):
                linked.setdefault(head, []).append(relation)
            for span, document, start, end, label, attrs in conn.execute(
                'SELECT id, document, start, "end", label, attrs FROM spans'
                " WHERE annotator = 'gold' AND document IN (SELECT value FROM json_each(?))"
                ' ORDER BY document, start, "end" DESC',
                (chunk,),
            ):
                if label == "CASUALTY":
                    _, uid, title, _, text, _ = documents[document]
                    relations = "; ".join(linked.get(span, []))
                    writer.writerow([uid, title, text[start:end], start, end, attrs, relations])
                    rows += 1
    conn.close()
    return rows


def floor_export(project: Project, output: Path) -> int:
    """The plainest events export: a spaCy Doc split by its sentencizer, one CSV row per
    casualty span with its sentence. spaCy is imported here, not at the top: the export's
    worker processes re-import this script (spawn), and the rate counts their start-up."""
    import spacy
    from spacy.tokens import Doc

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
    if kind == "plain":
        records = plain_floor(path, output)
    else:
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


def in_child(kind: str, path: Path, output: Path, runs: int = 1) -> dict:
    """The best (shortest) of `runs` runs, each in a fresh child process."""
    script = [sys.executable, __file__, "--run", kind, str(path), str(output)]
    results = []
    for _ in range(runs):
        result = subprocess.run(script, capture_output=True, text=True, check=True)
        results.append(json.loads(result.stdout.strip().splitlines()[-1]))
    return min(results, key=lambda run: run["seconds"])


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
    parser.add_argument("--runs", type=int, default=2, help="best of this many runs per figure")
    parser.add_argument("--run", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_once(args.run[0], Path(args.run[1]), Path(args.run[2]))
        return
    CACHE.mkdir(exist_ok=True)
    plain = cached(
        CACHE / f"events-{args.documents}.db", lambda p: numbered_copies_project(p, args.documents)
    )
    many = cached(
        CACHE / f"events-{args.documents}-relations.db", lambda p: with_relations(plain, p)
    )
    crafted = cached(CACHE / "events-crafted-v1.db", crafted_project)
    output = CACHE / "events-bench.csv"
    print(
        json.dumps(
            {
                "bench": "export_events",
                "method": f"best of {args.runs} runs, each a fresh process from opening the project"
                " to the file written (workers included), warm page cache; CPU of the process"
                f" and its workers; {EXPORT_WORKERS} export workers; os.cpu_count()"
                f" {os.cpu_count()}",
            }
        ),
        flush=True,
    )
    with open(many, "rb") as handle:  # warm the page cache for both
        while handle.read(1 << 24):
            pass
    ours = in_child("ours", many, output, args.runs)
    floor = in_child("plain", many, output, args.runs)
    rate, floor_rate = args.documents / ours["seconds"], args.documents / floor["seconds"]
    figure("export_events", "documents", args.documents)
    figure("export_events", "records", ours["records"])
    figure("export_events", "documents_per_s", rate, f">= {TARGET_RATE}", rate >= TARGET_RATE)
    figure("export_events", "cpu_s_per_1000_documents", ours["cpu"] * 1000 / args.documents)
    figure("export_events_floor", "records", floor["records"])
    figure("export_events_floor", "documents_per_s", floor_rate)
    figure("export_events_floor", "cpu_s_per_1000_documents", floor["cpu"] * 1000 / args.documents)
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

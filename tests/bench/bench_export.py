"""Benchmark: spaCy export of 100,000 generated articles (documents/s, memory), and the floor.

Run as a script: `python tests/bench/bench_export.py [--documents N]`; one JSON line per figure.
The project is built once through the store (not timed) and kept in the temp folder for reruns.
The floor is the same documents exported the plainest way: spaCy `Doc(words, spaces)`, spans,
`filter_spans` ents and `DocBin.add` (measured on the first `--floor-documents`).
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotator.exporters.spacy import export_spacy  # noqa: E402
from annotator.exporters.spacy_shards import EXPORT_WORKERS  # noqa: E402
from annotator.model import GOLD  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.store.export_queries import done_documents  # noqa: E402
from tests.bench.figures import figure  # noqa: E402
from tests.bench.project_builder import numbered_copies_project  # noqa: E402

TARGET_RATE = 2000
CACHE = Path(tempfile.gettempdir()) / "annotator-bench"


class PeakMemory:
    """Samples the RSS of this process and its workers in a thread; `samples` are (seconds, MB)."""

    def __init__(self, every: float = 0.1) -> None:
        self.every, self.samples, self._stop = every, [], threading.Event()
        self._process = psutil.Process()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        started = time.perf_counter()
        while not self._stop.is_set():
            family = [self._process, *self._process.children(recursive=True)]
            rss = 0
            for process in family:
                with contextlib.suppress(psutil.Error):  # a worker that just ended
                    rss += process.memory_info().rss / 2**20
            self.samples.append((time.perf_counter() - started, rss))
            time.sleep(self.every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def at_fraction(self, fraction: float) -> float:
        end = self.samples[-1][0]
        return max(rss for t, rss in self.samples if t <= end * fraction)


def floor_rate(project: Project, count: int) -> float:
    """Documents/s of the plainest export: spaCy Doc + spans + filter_spans ents + DocBin."""
    from spacy.tokens import Doc, DocBin
    from spacy.util import filter_spans

    from annotator.tokens import blank_english

    vocab = blank_english().vocab
    documents = []
    for document in done_documents(project, GOLD):
        documents.append(document)
        if len(documents) == count:
            break
    started = time.perf_counter()
    docbin = DocBin(store_user_data=True)
    for document in documents:
        words, spaces = document.tokens().words_and_spaces()
        doc = Doc(vocab, words=words, spaces=spaces)
        spans = [doc.char_span(s.start, s.end, label=s.label) for s in document.spans]
        doc.spans["sc"] = spans
        doc.ents = filter_spans(spans)
        docbin.add(doc)
    docbin.to_bytes()
    return len(documents) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--floor-documents", type=int, default=2000)
    args = parser.parse_args()
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"export-{args.documents}.db"
    if not path.exists():
        building = path.with_suffix(".building")
        building.unlink(missing_ok=True)
        numbered_copies_project(building, args.documents)
        building.rename(path)
    output = CACHE / f"export-{args.documents}-spacy"
    shutil.rmtree(output, ignore_errors=True)
    with Project.open(path) as project:
        with PeakMemory() as memory:
            started = time.perf_counter()
            report = export_spacy(project, output=output)
            seconds = time.perf_counter() - started
        rate = report["documents"] / seconds
        figure("export_spacy", "documents", report["documents"])
        figure("export_spacy", "seconds", seconds)
        figure("export_spacy", "documents_per_s", rate, f">= {TARGET_RATE}", rate >= TARGET_RATE)
        figure("export_spacy", "workers", EXPORT_WORKERS)
        quarter, whole = memory.at_fraction(0.25), memory.at_fraction(1.0)
        figure("export_spacy", "peak_rss_mb_first_quarter", quarter)
        figure(
            "export_spacy",
            "peak_rss_mb",
            whole,
            "flat (< 1.25 x first quarter)",
            whole < 1.25 * quarter,
        )
        floor = floor_rate(project, args.floor_documents)
        figure("export_spacy_floor", "documents_per_s", floor)
        figure("export_spacy", "ratio_to_floor", rate / floor)
    shutil.rmtree(output, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Speed and memory of the annotation window on single articles of 30,000 and 200,000 words
holding 50,000 spans each (nested: two spans start on most words).

Run as a script (not collected by pytest); prints one JSON line per figure. How it measures:
Qt's offscreen platform (no real display), one process, the project built once in BENCH_DIR;
every figure is warm (the project file is in the OS cache and the window already open on a
short article; the first, cold, open is reported apart). Times are wall clock around the user's
action up to the end of the repaint it causes (the event loop has nothing left to do).

- open: Ctrl+PgDown from the short article to the long one, until painted; 7 samples, median
  and max. Floor: a bare QPlainTextEdit of the same size given the same text, until painted.
- label: Right, Right (select the next word), then the hotkey 2, until committed and repainted;
  60 samples, p50 / p95 / max. Floor: one repaint of the bare QPlainTextEdit at the same place.
- paint: a forced repaint of the article view at the place labelled; 30 samples, median and
  p95. Floor: the same repaint of the bare QPlainTextEdit.
- rss: the process's resident memory after opening and labelling, and its growth from the
  window on the short article. Floor: the bare QPlainTextEdit's growth holding the same text.

Beside wall-clock times, the process's own CPU time (`cpu_*`) is given: on a machine other
programs keep busy, it shows what the window itself spends. The first line gives the load.
Each figure's line repeats its `method` and gives its spread (p50, p95, max; timing.py).
BENCH_LONG_SPANS and BENCH_LONG_WORDS_SCALE shrink the articles for a quick check.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/annotator-bench"))
os.environ["XDG_CONFIG_HOME"] = str(WORK / "config")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import psutil  # noqa: E402

from annotator.model import Document, Span  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.tokens import Tokens, document_uid  # noqa: E402
from tests.bench.timing import percentile, screen  # noqa: E402

ANNOTATOR = "bench"
SPANS = int(os.environ.get("BENCH_LONG_SPANS", 50_000))
SCALE = float(os.environ.get("BENCH_LONG_WORDS_SCALE", 1.0))
SENTENCE = (
    "Militia fighters from the Karsh hills fired mortars at the Velorian army post near "
    "Brannick on Tuesday, and at least 4 soldiers were killed. "
)
SHAPES = {
    # name: (words, words per paragraph; 0 for the whole article as one paragraph)
    "30000_words_one_paragraph": (30_000, 0),
    "200000_words_paragraphs": (200_000, 120),
    "200000_words_one_paragraph": (200_000, 0),
}
LABEL_TARGET_MS, OPEN_TARGET_S = 30, 1.0


def emit(bench: str, metric: str, value: float, target: str, ok: bool, **extra) -> None:
    line = {"bench": bench, "metric": metric, "value": round(value, 2), "target": target, "ok": ok}
    print(json.dumps({**line, **extra}), flush=True)


def article_text(words: int, per_paragraph: int) -> str:
    sentences = [SENTENCE.strip()] * (words // len(SENTENCE.split()))
    if not per_paragraph:
        return " ".join(sentences)
    step = max(per_paragraph // len(SENTENCE.split()), 1)
    return "\n\n".join(" ".join(sentences[i : i + step]) for i in range(0, len(sentences), step))


def add_article(project: Project, title: str, text: str, spans: int) -> int:
    """The article with `spans` spans of one to three words, starting evenly over its words."""
    tokens = Tokens.from_text(text)
    document_id, _ = project.add_document(
        Document(uid=document_uid(text), title=title, text=text), tokens
    )
    words = tokens.word_index
    labels = ("ACTOR", "LOCATION", "WEAPON", "CASUALTY")
    prepared = []
    for number in range(spans):
        first = number * len(words) // spans
        last = min(first + number % 3, len(words) - 1)
        span = Span(
            document=document_id,
            annotator=ANNOTATOR,
            start=int(tokens.starts[words[first]]),
            end=int(tokens.ends[words[last]]),
            label=labels[number % 4],
        )
        prepared.append(project.prepare_span(span)[0])
    project.insert_checked_spans(prepared)
    return document_id


def build(path: Path) -> None:
    started = time.perf_counter()
    with Project.create(path) as project, project.transaction():
        for name, (words, per_paragraph) in SHAPES.items():
            short = f"A short report before the {name} one. Fighters held the bridge."
            add_article(project, f"Short before {name}", short, 3)
            add_article(project, name, article_text(int(words * SCALE), per_paragraph), SPANS)
    print(f"# built {path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def rss_mb() -> float:
    gc.collect()
    return psutil.Process().memory_info().rss / 2**20


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    small = SPANS != 50_000 or SCALE != 1.0
    path = WORK / (f"long-articles-{SPANS}-{SCALE}.db" if small else "long-articles.db")
    if not path.exists():
        build(path)
    from tests.bench.long_article_figures import measure_shapes

    emit(
        "long_machine",
        "load_average_1min",
        os.getloadavg()[0],
        "-",
        True,
        cpus=os.cpu_count(),
        platform=screen(),
    )

    measure_shapes(path, list(SHAPES), emit, percentile, rss_mb, statistics.median)


if __name__ == "__main__":
    main()

"""Speed and memory of the annotation window on a generated 100,000-article project.

Run as a script (not collected by pytest); prints one JSON line per figure, the first one the
machine's load. How it measures: each timed figure says its `method` (statistic, sample count,
warm or cold, offscreen or a display) and its spread (p50, p95, max); see tests/bench/timing.py.
The window runs offscreen unless QT_QPA_PLATFORM is set otherwise (e.g. xcb under a display).
The launch is a new process each time (cold Python and Qt, the project file in the OS cache);
every other figure is warm: one window, already open, driven by key presses, each time taken
from the key press until the event loop has nothing left to do (the repaint included).
BENCH_GUI_ARTICLES=2000 builds a small project for a quick check that the bench runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/annotator-bench"))
# Recent projects and the annotator name go to a settings folder of the benchmark's own.
os.environ["XDG_CONFIG_HOME"] = str(WORK / "config")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from annotator.model import Document, Span  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.tokens import Tokens, document_uid  # noqa: E402
from tests.bench.timing import machine, method, percentile, spread  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_GUI_ARTICLES", 100_000))
LAUNCHES = 9
ANNOTATOR = "bench"
TEMPLATE = (
    "Report {n}: fighters of the Northern Front attacked a checkpoint near Ostrel on Monday, "
    "killing at least 12 soldiers and wounding 30 civilians, officials said. The army "
    "answered with artillery fire on the hills above the town, and residents fled towards "
    "the river. A spokesman for the regional command said the situation was under control."
)
SENTENCE = (
    "Militia fighters from the Karsh hills fired mortars at the Velorian army post near "
    "Brannick on Tuesday, and at least 4 soldiers were killed. "
)


def emit(bench: str, metric: str, value: float, target: str, ok: bool, **extra) -> None:
    line = {"bench": bench, "metric": metric, "value": round(value, 2), "target": target, "ok": ok}
    print(json.dumps({**line, **extra}), flush=True)


def long_text(words: int) -> str:
    per_sentence = len(SENTENCE.split())
    sentences = [SENTENCE] * (words // per_sentence)
    paragraphs = [" ".join(sentences[i : i + 8]).strip() for i in range(0, len(sentences), 8)]
    return "\n\n".join(paragraphs)


def add_long(project: Project, title: str, words: int, spans: int) -> int:
    text = long_text(words)
    document = Document(uid=document_uid(text), title=title, text=text)
    tokens = Tokens.from_text(text)
    document_id, _ = project.add_document(document, tokens)
    word_tokens = tokens.word_index
    step = max(len(word_tokens) // spans, 3)
    labels = ["ACTOR", "LOCATION", "WEAPON", "CASUALTY"]
    prepared = []
    for number in range(spans):
        first = word_tokens[min(number * step, len(word_tokens) - 2)]
        last = word_tokens[
            min(number * step + (1 if number % 10 == 0 else 0), len(word_tokens) - 1)
        ]
        span = Span(
            document=document_id,
            annotator=ANNOTATOR,
            start=int(tokens.starts[first]),
            end=int(tokens.ends[last]),
            label=labels[number % 4],
        )
        prepared.append(project.prepare_span(span)[0])
    project.insert_checked_spans(prepared)
    return document_id


def build_project(path: Path) -> dict[str, int]:
    """The 100,000 short articles, then a 5,000-word and a 75,000-word one (ids returned)."""
    started = time.perf_counter()
    probe = TEMPLATE.format(n="000000")
    tokens = Tokens.from_text(probe)
    with Project.create(path) as project, project.transaction():
        for n in range(ARTICLES - 2):
            text = TEMPLATE.format(n=f"{n:06d}")
            document = Document(uid=document_uid(text), title=f"Report {n:06d}", text=text)
            project.add_document(document, Tokens(tokens.starts, tokens.ends, text))
        ids = {
            "big": add_long(project, "Long report (5,000 words)", 5_000, 300),
            "huge": add_long(project, "Very long report (75,000 words)", 75_000, 3_000),
        }
    print(f"# built {path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return ids


LAUNCH_CHILD = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, {repo!r})
from PySide6.QtCore import QEvent, QObject
from annotator.gui.app import application, open_window
app = application()
window = open_window({path!r}, "bench")
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and window.article.toPlainText():
            print("PAINTED", flush=True)
            os._exit(0)
        return False
watcher = FirstPaint()
window.article.viewport().installEventFilter(watcher)
window.show()
app.exec()
"""


FLOOR_CHILD = """
import os, sqlite3, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QPlainTextEdit
app = QApplication(sys.argv)
text = sqlite3.connect({path!r}).execute("SELECT text FROM documents LIMIT 1").fetchone()[0]
view = QPlainTextEdit()
view.setPlainText(text)
view.show()
app.processEvents()
print("PAINTED", flush=True)
"""


def launch_times(code: str, bytecode_cache: bool) -> list[float]:
    """Seconds of LAUNCHES new processes running `code`. With `bytecode_cache`, Python keeps
    compiled modules in __pycache__ as it does by default (an installed copy has them from pip,
    a checkout from its first run; one launch first makes sure); without, every module of the
    checkout is compiled again at each launch, as PYTHONDONTWRITEBYTECODE=1 has it."""
    env = dict(os.environ)
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=False)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    times = []
    for _ in range(LAUNCHES):
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        assert out.returncode == 0 and "PAINTED" in out.stdout, out.stderr
        times.append(time.perf_counter() - started)
    return times


def bench_launch(path: Path) -> None:
    code = LAUNCH_CHILD.format(repo=str(REPO), path=str(path))
    times = launch_times(code, bytecode_cache=True)
    uncached = percentile(launch_times(code, bytecode_cache=False), 0.5)
    value = percentile(times, 0.5)
    cold = "cold-process (file in the OS cache, bytecode cached)"
    how = method("median", LAUNCHES, cold, where="offscreen")
    emit(
        "gui_launch",
        "seconds_to_first_article_painted",
        value,
        "< 1.0",
        value < 1.0,
        method=how,
        median_without_bytecode_cache=round(uncached, 3),
        **spread(times, "s"),
    )
    floor = percentile(launch_times(FLOOR_CHILD.format(path=str(path)), bytecode_cache=True), 0.5)
    emit(
        "gui_launch_floor_sqlite_plus_qplaintextedit",
        "seconds",
        floor,
        "-",
        True,
        ratio=round(value / floor, 1),
        method=how,
    )


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / ("gui-100k.db" if ARTICLES == 100_000 else f"gui-{ARTICLES}.db")
    if not path.exists():
        build_project(path)
    emit("gui_machine", "load_average_1min", machine()["load_1min"], "-", True, **machine())
    bench_launch(path)
    from tests.bench.gui_window_figures import bench_window

    bench_window(path, emit, percentile)


if __name__ == "__main__":
    main()

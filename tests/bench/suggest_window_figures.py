"""Article switch in the window with 100 suggestions shown, beside the same switch without."""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.gui.app import application
from annotator.gui.main_window import MainWindow
from annotator.model import Suggestion
from annotator.store import Project
from annotator.store.suggestions import replace_suggestions
from tests.bench.corpus import articles
from tests.bench.project_builder import add_articles
from tests.bench.timing import method, percentile, spread

NEXT = (Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
PREVIOUS = (Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
SUGGESTIONS = 100


def switch_project(path: Path, with_suggestions: bool) -> Path:
    """Two 1,000-word generated articles; with 100 suggestions each (their gold spans moved
    to suggestions for another annotator, plus copies under other labels)."""
    with Project.create(path) as project:
        add_articles(project, articles(2, seed=9, words=1000))
        if with_suggestions:
            for document in (1, 2):
                spans = project.spans(document)
                proposed = [
                    Suggestion(
                        document=document,
                        start=s.start,
                        end=s.end,
                        label=label,
                        attrs=s.attrs if label == s.label else {},
                        source="bench",
                    )
                    for s in spans
                    for label in (s.label, "WEAPON" if s.label != "WEAPON" else "ACTOR")
                ][:SUGGESTIONS]
                replace_suggestions(project, proposed, documents=[document], sources=["bench"])
    return path


def switch_times(path: Path) -> tuple[list[float], int]:
    """Times (ms) of Ctrl+PgDown/PgUp between the two articles, repaint included; the first
    4 of 40 (the articles' first opens) left out, so all are warm."""
    app = application()
    window = MainWindow(Project.open(path), "bench")
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    app.processEvents()
    times = []
    for round_ in range(40):
        started = time.perf_counter()
        QTest.keyClick(window.article, *(NEXT if round_ % 2 == 0 else PREVIOUS))
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
    shown = len(window.session.suggested)
    window.close()
    return times[4:], shown


def bench_switch(folder: Path, emit) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    times, shown = switch_times(switch_project(folder / "with.db", True))
    floors, _ = switch_times(switch_project(folder / "without.db", False))
    value, floor = percentile(times, 0.95), percentile(floors, 0.95)
    emit(
        "gui_switch_100_suggestions",
        "p95_ms",
        value,
        "< 30",
        value < 30,
        suggestions_shown=shown,
        floor_same_switch_without_suggestions=round(floor, 2),
        method=method("p95", len(times)),
        **spread(times),
    )

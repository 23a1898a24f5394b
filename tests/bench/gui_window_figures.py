"""Figures measured in one window for bench_gui.py: switching, labelling, memory, long article.

All warm (the window open, the file in the OS cache); each timed figure carries its method and
spread (tests/bench/timing.py)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

import psutil
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.gui.app import application, open_window
from annotator.store import Project
from tests.bench.timing import method, spread

NEXT = (Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
PREVIOUS = (Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)


def bench_window(path: Path, emit: Callable, percentile: Callable) -> None:
    app = application()
    with Project.open(path) as project:
        count = project.document_count()
    big, huge = count - 1, count
    window = open_window(path, "bench")
    window.show()
    window.activateWindow()
    app.processEvents()

    def settle() -> None:
        app.processEvents()  # runs the pending repaint of the article (offscreen, too)

    for figure in (_switching, _labelling, _memory, _long_article):
        # Shortcuts only reach the active window (a floor measurement may have taken it).
        window.activateWindow()
        QTest.qWaitForWindowActive(window)
        figure(window, {"big": big, "huge": huge}, settle, emit, percentile)
    window.close()


def _switching(window, ids: dict, settle, emit, percentile) -> None:
    """Previous/next between the 5,000-word article and its neighbour, by keyboard."""
    session, view, big = window.session, window.article, ids["big"]
    session.open_document(big)
    settle()
    times = []
    for round_ in range(40):
        key = PREVIOUS if round_ % 2 == 0 else NEXT
        started = time.perf_counter()
        QTest.keyClick(view, *key)
        settle()
        if session.document.id == big:
            times.append((time.perf_counter() - started) * 1000)
    value = percentile(times, 0.95)
    emit(
        "gui_switch_5000_words_300_spans",
        "p95_ms",
        value,
        "< 30",
        value < 30,
        method=method("p95", len(times)),
        **spread(times),
    )
    if value >= 30:
        neighbour = window.session.project.document(big - 1).text
        floors = _plain_view_times(session.project.document(big).text, neighbour)
        floor = percentile(floors, 0.95)
        emit(
            "gui_switch_floor_plain_qplaintextedit",
            "p95_ms",
            floor,
            "-",
            True,
            ratio=round(value / floor, 1),
            method=method("p95", len(floors)),
            **spread(floors),
        )


def _label_times(window, rounds: int, settle) -> tuple[list[float], list[float]]:
    """(key press to row committed, key press to repainted) for `rounds` label keystrokes."""
    session, view = window.session, window.article
    committed_at: list[float] = []
    session.events.saved.connect(lambda _message: committed_at.append(time.perf_counter()))
    to_commit, to_paint = [], []
    for _ in range(rounds):
        QTest.keyClick(view, Qt.Key.Key_Right)
        QTest.keyClick(view, Qt.Key.Key_Right)
        settle()
        started = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_2)
        settle()
        done = time.perf_counter()
        if committed_at:
            to_commit.append((committed_at.pop() - started) * 1000)
            to_paint.append((done - started) * 1000)
        committed_at.clear()
    while window.undo_stack.canUndo():  # leave the generated project as it was
        window.undo_stack.undo()
    window.undo_stack.clear()
    return to_commit, to_paint


def _labelling(window, _ids: dict, settle, emit, percentile) -> None:
    to_commit, _ = _label_times(window, 100, settle)
    value = percentile(to_commit, 0.95)
    emit(
        "gui_label_keystroke_committed",
        "p95_ms",
        value,
        "< 10",
        value < 10,
        method=method("p95", len(to_commit)),
        **spread(to_commit),
    )


def _plain_view_times(text: str, other: str) -> list[float]:
    """The floor: a bare QPlainTextEdit showing `text` after `other`, repainted (ms, 10 times)."""
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    view = QPlainTextEdit()
    view.resize(700, 760)
    view.show()
    times = []
    for _ in range(10):
        view.setPlainText(other)
        QApplication.processEvents()
        started = time.perf_counter()
        view.setPlainText(text)
        QApplication.processEvents()
        times.append((time.perf_counter() - started) * 1000)
    view.close()
    return times


def _rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def _memory(window, _ids: dict, settle, emit, _percentile) -> None:
    session, view = window.session, window.article
    session.open_document(1)
    settle()
    readings = {}
    for visited in range(1, 1001):
        QTest.keyClick(view, *NEXT)
        settle()
        if visited in (200, 1000):
            gc.collect()
            readings[visited] = _rss_mb()
    growth = readings[1000] - readings[200]
    how = "resident memory after gc, read at articles 200 and 1,000 visited by Ctrl+PgDown"
    emit(
        "gui_rss_after_1000_articles",
        "mb",
        readings[1000],
        "< 300",
        readings[1000] < 300,
        method=how,
    )
    emit("gui_rss_growth_200_to_1000", "mb", growth, "~ 0 (flat)", growth < 20)


def _long_article(window, ids: dict, settle, emit, percentile) -> None:
    session, huge = window.session, ids["huge"]
    session.open_document(1)
    settle()
    times = []
    for _ in range(5):
        session.open_document(1)
        settle()
        started = time.perf_counter()
        session.open_document(huge)
        settle()
        times.append((time.perf_counter() - started) * 1000)
    value = percentile(times, 0.95)
    emit(
        "gui_open_75000_words_3000_spans",
        "p95_ms",
        value,
        "< 300",
        value < 300,
        method=method("p95", len(times)),
        **spread(times),
    )
    if value >= 300:
        texts = (session.project.document(1).text, session.project.document(huge).text)
        floors = _plain_view_times(*reversed(texts))
        floor = percentile(floors, 0.95)
        emit(
            "gui_open_75000_floor_plain_qplaintextedit",
            "p95_ms",
            floor,
            "-",
            True,
            ratio=round(value / floor, 1),
            method=method("p95", len(floors)),
            **spread(floors),
        )
    to_commit, to_paint = _label_times(window, 50, settle)
    for bench, times, target in (
        ("gui_label_75000_words_commit_and_repaint", to_paint, 30),
        ("gui_label_75000_words_committed", to_commit, 10),
    ):
        value = percentile(times, 0.95)
        emit(
            bench,
            "p95_ms",
            value,
            f"< {target}",
            value < target,
            method=method("p95", len(times)),
            **spread(times),
        )

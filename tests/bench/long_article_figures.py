"""Figures measured in one window for bench_long_article.py: open, label, paint, memory."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from annotator.gui.app import application, open_window
from tests.bench.timing import method, spread

NEXT = (Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
PREVIOUS = (Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
OPENS, LABELS, PAINTS = 7, 60, 30


def measure_shapes(
    path: Path, names: list[str], emit: Callable, percentile: Callable, rss_mb, median
) -> None:
    app = application()
    window = open_window(path, "bench")
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    app.processEvents()
    titles = {window.project.document(i).title: i for i in range(1, 2 * len(names) + 1)}
    for name in names:
        long_id = titles[name]
        window.session.open_document(long_id - 1)
        app.processEvents()
        before = rss_mb()
        opens, opens_cpu = _open_times(window, app, long_id)
        emit(
            f"long_{name}_open_cold",
            "seconds",
            opens[0],
            f"< {1.0}",
            opens[0] < 1.0,
            method=method("", 1, "cold (the first open in this process)"),
        )
        value = median(opens[1:])
        emit(
            f"long_{name}_open",
            "median_s",
            value,
            "< 1.0",
            value < 1.0,
            method=method("median", len(opens) - 1),
            **spread(opens[1:], "s", 3),
            cpu_median_s=round(median(opens_cpu[1:]), 3),
        )
        text = window.session.document.text
        middle = text.index(" ", len(text) // 2) + 1  # a word's first character
        labels, labels_cpu, paints = _label_and_paint_times(window, app, middle)
        p95 = percentile(labels, 0.95)
        emit(
            f"long_{name}_label",
            "p95_ms",
            p95,
            "< 30",
            p95 < 30,
            method=method("p95", len(labels)),
            **spread(labels),
            cpu_p95_ms=round(percentile(labels_cpu, 0.95), 2),
        )
        emit(
            f"long_{name}_paint",
            "median_ms",
            median(paints),
            "-",
            True,
            method=method("median", len(paints)),
            **spread(paints),
        )
        after = rss_mb()
        emit(f"long_{name}_rss", "mb", after, "-", True, growth_mb=round(after - before, 1))
        _floors(window, app, name, text, emit, percentile, rss_mb, median)
    window.close()


def _open_times(window, app: QApplication, long_id: int) -> tuple[list[float], list[float]]:
    """(wall seconds, CPU seconds of this process) of each open."""
    view, times, cpu = window.article, [], []
    for _ in range(OPENS + 1):
        started, cpu_started = time.perf_counter(), time.process_time()
        QTest.keyClick(view, *NEXT)
        app.processEvents()
        assert window.session.document.id == long_id
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        QTest.keyClick(view, *PREVIOUS)
        app.processEvents()
    QTest.keyClick(view, *NEXT)
    app.processEvents()
    return times, cpu


def _label_and_paint_times(window, app: QApplication, middle: int):
    """Label times (key press to committed and repainted) in the middle of the article."""
    session, view = window.session, window.article
    assert session.select_range(middle, middle + 1) is not None
    app.processEvents()
    committed: list[float] = []
    session.events.saved.connect(lambda _message: committed.append(time.perf_counter()))
    labels, cpu = [], []
    for _ in range(4 * LABELS):
        QTest.keyClick(view, Qt.Key.Key_Right)
        QTest.keyClick(view, Qt.Key.Key_Right)
        app.processEvents()
        committed.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        QTest.keyClick(view, Qt.Key.Key_2)
        app.processEvents()
        if committed:  # else the word already had that label (refused, nothing to time)
            labels.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        if len(labels) == LABELS:
            break
    paints = []
    for _ in range(PAINTS):
        started = time.perf_counter()
        view.viewport().repaint()
        paints.append((time.perf_counter() - started) * 1000)
    while window.undo_stack.canUndo():  # leave the project as it was
        window.undo_stack.undo()
    window.undo_stack.clear()
    return labels, cpu, paints


def _floors(window, app, name: str, text: str, emit, percentile, rss_mb, median) -> None:
    """The same text in a bare QPlainTextEdit of the article view's size."""
    before = rss_mb()
    plain = QPlainTextEdit()
    plain.setFont(window.article.font())
    plain.resize(window.article.size())
    plain.show()
    started = time.perf_counter()
    plain.setPlainText(text)
    app.processEvents()
    opened = time.perf_counter() - started
    cursor = QTextCursor(plain.document())
    cursor.setPosition(len(text) // 2)
    plain.setTextCursor(cursor)
    plain.ensureCursorVisible()
    app.processEvents()
    paints = []
    for _ in range(PAINTS):
        started = time.perf_counter()
        plain.viewport().repaint()
        paints.append((time.perf_counter() - started) * 1000)
    grown = rss_mb() - before
    emit(
        f"long_{name}_floor_qplaintextedit_open",
        "seconds",
        opened,
        "-",
        True,
        method=method("", 1, "cold (the text new to the view)"),
    )
    emit(
        f"long_{name}_floor_qplaintextedit_paint",
        "median_ms",
        median(paints),
        "-",
        True,
        method=method("median", len(paints)),
        **spread(paints),
    )
    emit(f"long_{name}_floor_qplaintextedit_rss", "growth_mb", grown, "-", True)
    plain.close()
    plain.deleteLater()
    app.processEvents()
    window.activateWindow()
    QTest.qWaitForWindowActive(window)

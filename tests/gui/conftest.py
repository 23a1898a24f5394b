"""A window on a small project, settings kept in a temporary folder, and ways to point at text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSettings
from PySide6.QtGui import QTextCursor

from annotator.gui.main_window import MainWindow
from annotator.store import Project
from tests.conftest import add_text

ARTICLES = [
    (
        "Clashes near Ostrel",
        "Rebels of the Northern Front shelled Ostrel on Monday, killing 12 civilians.\n\n"
        "Army units returned fire from the hills above the town.",
    ),
    ("Melisk airstrike", "A jet struck a market in Melisk at dawn, witnesses said."),
    ("Lirsk drone", "A drone hit a checkpoint outside Lirsk late on Friday."),
]


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    """Keep recent projects and the annotator name out of the user's real settings."""
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(tmp_path / "settings"))
    yield


@pytest.fixture
def filled_path(project_path):
    with Project.open(project_path) as project:
        for title, text in ARTICLES:
            add_text(project, text, title)
    return project_path


def open_window(qtbot, path, annotator="amira") -> MainWindow:
    window = MainWindow(Project.open(path), annotator)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    window.article.setFocus()
    return window


@pytest.fixture
def window(qtbot, filled_path) -> MainWindow:
    return open_window(qtbot, filled_path)


def point_of(view, offset: int) -> QPoint:
    """Viewport pixel in the middle of character `offset` of the article view."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(offset)
    left = view.cursorRect(cursor)
    cursor.setPosition(offset + 1)
    right = view.cursorRect(cursor)
    if right.top() != left.top():
        return QPoint(left.x() + 3, left.center().y())
    return QPoint((left.x() + right.x()) // 2, left.center().y())


def rows(path, annotator="amira"):
    """(label, text, attrs) of every span the annotator has in the project, in order."""
    with Project.open(path) as project:
        found = []
        for document in project.documents():
            for span in project.spans(document.id, annotator):
                found.append((span.label, document.text[span.start : span.end], span.attrs))
        return found

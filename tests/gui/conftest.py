"""A window on a small project, settings kept in a temporary folder, ways to point at text, and
Ctrl+I with files typed into its dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QTreeView

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


def import_with_ctrl_i(qtbot, window, paths, seen: dict | None = None) -> list[str]:
    """Press Ctrl+I, type `paths` into the file dialog that shows, press Enter.

    Returns the list of the status bar's messages from then on, where the import's outcome
    appears. `seen`, if given, gets the dialog's column widths and what each column needs to
    be read whole."""
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)

    def choose() -> None:
        dialog = getattr(window, "import_files_dialog", None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, choose)
            return
        view = next(v for v in dialog.findChildren(QTreeView) if v.isVisible())
        qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) > 0)
        if seen is not None:
            header = view.header()
            seen["widths"] = [header.sectionSize(i) for i in range(header.count())]
            seen["view"] = view.width()
            seen["needed"] = [
                max(view.sizeHintForColumn(i), header.sectionSizeHint(i))
                for i in range(header.count())
            ]
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        typed = " ".join(f'"{path}"' for path in paths) if len(paths) > 1 else str(paths[0])
        qtbot.keyClicks(name, typed)
        qtbot.keyClick(name, Qt.Key.Key_Return)

    QTimer.singleShot(0, choose)
    qtbot.keyClick(window.article, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    return messages


def ended(messages: list[str]) -> str | None:
    """The import's outcome among the status bar's messages, once it is there."""
    return next((m for m in messages if m.startswith(("Imported", "✘"))), None)

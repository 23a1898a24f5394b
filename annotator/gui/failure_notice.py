"""FailureNotice: how a window says that an edit was not saved, and why, without losing it.

Every window action that writes catches STORE_ERRORS: our own refusals (a span that cannot
be stored) go to the status bar; a failure of the project file itself (SQLite busy because
another program holds the write lock, a full disk, a file made read-only, the file replaced
or deleted under the window) also opens a non-modal message, so the annotator sees it while
they keep working.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox

from annotator.errors import AnnotatorError
from annotator.store import DatabaseError, ProjectFileGone, is_busy

STORE_ERRORS = (AnnotatorError, DatabaseError, OSError)
"""What a write to the project may raise that the window answers with a message."""


def failure_text(error: BaseException) -> str:
    """One line for the user: what happened to the project file, in plain words."""
    detail = str(error) or type(error).__name__
    if is_busy(error):
        return (
            "the project file is busy: another program is writing to it "
            f"({detail}). Try again in a moment."
        )
    if isinstance(error, DatabaseError | OSError):
        return f"the project file could not be written ({detail})."
    return detail


class FailureNotice:
    """Shows failures of one window: in its status bar, and store failures in a message."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.box: QMessageBox | None = None

    def show(self, action: str, error: BaseException) -> None:
        """Say that `action` ("Label", "Undo" ...) was not saved, and why."""
        text = failure_text(error)
        self.window.statusBar().showMessage(f"✘ {action}: not saved — {text}")
        if isinstance(error, AnnotatorError) and not isinstance(error, ProjectFileGone):
            return  # a refusal, not a failure: the status bar says enough
        if self.box is None:
            self.box = QMessageBox(self.window)
            self.box.setIcon(QMessageBox.Icon.Warning)
            self.box.setWindowTitle("Not saved — annotator")
            self.box.setTextFormat(Qt.TextFormat.PlainText)
            self.box.setWindowModality(Qt.WindowModality.NonModal)
        self.box.setText(
            f"{action}: nothing was saved, and the window shows the project as it is.\n\n"
            f"Reason: {text}"
        )
        self.box.show()

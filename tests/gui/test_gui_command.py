"""`annotator gui` without a project: the open dialog, then the window on the chosen project."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.gui.app import remember_project, settings
from annotator.gui.main_window import MainWindow
from annotator.gui.open_dialog import OpenDialog
from tests.conftest import run_cli


def test_gui_without_a_project_opens_the_chosen_recent_one(qtbot, monkeypatch, filled_path):
    remember_project(filled_path)
    settings().setValue("annotator", "amira")
    shown: list[MainWindow] = []

    def run_once(app) -> int:  # the window's event loop returns at once; qtbot closes it
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                qtbot.addWidget(widget)
                shown.append(widget)
        return 0

    def pick_the_recent_project() -> None:
        dialog = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, OpenDialog)), None
        )
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, pick_the_recent_project)
            return
        rect = dialog.recent.visualItemRect(dialog.recent.item(0))
        QTimer.singleShot(3_000, dialog.reject)  # never hang the suite
        qtbot.mouseClick(dialog.recent.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(dialog.recent.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    monkeypatch.setattr(QApplication, "exec", run_once)
    QTimer.singleShot(0, pick_the_recent_project)
    assert run_cli("gui").exit_code == 0
    [window] = shown
    assert window.project.path.resolve() == filled_path.resolve()
    assert window.session.annotator == "amira"
    assert window.session.document.title == "Clashes near Ostrel"

"""Opening without a project: recent projects listed and opened with a double-click."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QPushButton,
)

from annotator.gui.app import (
    ask_annotator,
    recent_projects,
    remember_project,
    remembered_annotator,
)
from annotator.gui.open_dialog import OpenDialog
from annotator.store import Project


def test_recent_project_opens_with_a_double_click(qtbot, project_path, tmp_path):
    other = tmp_path / "other.db"
    Project.create(other).close()
    remember_project(project_path)
    remember_project(other)
    remember_project(tmp_path / "gone.db")
    assert recent_projects() == [other.resolve(), project_path.resolve()]
    dialog = OpenDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.recent.count() == 2
    item = dialog.recent.item(1)
    rect = dialog.recent.visualItemRect(item)
    qtbot.mouseClick(dialog.recent.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.recent.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.chosen == project_path.resolve()
    assert dialog.result() == OpenDialog.DialogCode.Accepted


def _answer_next_dialog(qtbot, dialog_type, text: str) -> None:
    """When a dialog of `dialog_type` opens, type `text` into it and press Enter."""

    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, dialog_type))
        field = dialog.findChild(QLineEdit, "fileNameEdit") or dialog.findChild(QLineEdit)
        field.selectAll()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)

    QTimer.singleShot(200, answer)


def test_annotator_name_is_asked_once_and_remembered(qtbot):
    assert remembered_annotator() is None
    _answer_next_dialog(qtbot, QInputDialog, "  chen ")
    assert ask_annotator() == "chen"
    assert remembered_annotator() == "chen"


def test_the_name_dialog_says_what_the_name_is_for_and_offers_the_annotators(qtbot):
    seen = {}

    def pick_the_second() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog))
        seen["label"] = dialog.labelText()
        combo = dialog.findChild(QComboBox)
        seen["offered"] = [combo.itemText(i) for i in range(combo.count())]
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        qtbot.keyClick(combo, Qt.Key.Key_Return)

    QTimer.singleShot(200, pick_the_second)
    assert ask_annotator(known=["amira", "ben", "gold"]) == "ben"
    assert "written with every span you label" in seen["label"]
    assert "This project's annotators: amira, ben." in seen["label"]
    assert seen["offered"] == ["amira", "ben"]


def test_create_button_makes_a_new_project(qtbot, tmp_path):
    dialog = OpenDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    target = tmp_path / "fresh.db"
    _answer_next_dialog(qtbot, QFileDialog, str(target))
    create = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Create…")
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    assert dialog.chosen == target
    with Project.open(target) as project:
        assert project.document_count() == 0

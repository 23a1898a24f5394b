"""Opening without a project: recent projects listed and opened with a double-click."""

from PySide6.QtCore import Qt

from annotator.gui.app import recent_projects, remember_project, remembered_annotator, settings
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


def test_annotator_name_is_remembered(qtbot):
    assert remembered_annotator() is None
    settings().setValue("annotator", "chen")
    assert remembered_annotator() == "chen"

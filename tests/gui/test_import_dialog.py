"""File > Import runs in a worker thread with progress; errors name the file and line."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPushButton, QTreeView

from annotator.store import Project

importers = pytest.importorskip("annotator.importers")
if not hasattr(importers, "import_files"):
    pytest.skip("the importers are not merged yet", allow_module_level=True)


def _choose_in_file_dialog(qtbot, window, path, seen: dict) -> None:
    """Once Ctrl+I's file dialog shows, note its column widths, type `path`, press Enter."""

    def choose() -> None:
        dialog = getattr(window, "import_files_dialog", None)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, choose)
            return
        view = next(v for v in dialog.findChildren(QTreeView) if v.isVisible())
        qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) > 0)
        header = view.header()
        seen["widths"] = [header.sectionSize(i) for i in range(header.count())]
        seen["view"] = view.width()
        seen["needed"] = [
            max(view.sizeHintForColumn(i), header.sectionSizeHint(i)) for i in range(header.count())
        ]
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        qtbot.keyClicks(name, str(path))
        qtbot.keyClick(name, Qt.Key_Return)

    QTimer.singleShot(0, choose)


def test_ctrl_i_picks_files_in_a_readable_list_and_imports_them(
    qtbot, window, filled_path, tmp_path
):
    article = tmp_path / "a report with a long file name about fighting near Dravo.txt"
    article.write_text("Fighting near Dravo\n\nA landmine hit a truck near Dravo on Sunday.\n")
    seen: dict = {}
    _choose_in_file_dialog(qtbot, window, article, seen)
    qtbot.keyClick(window.article, Qt.Key_I, Qt.ControlModifier)
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 4, timeout=30_000)
    with Project.open(filled_path) as project:
        assert project.document_count() == 4
    assert "done 0 / 4" in window.progress.text()
    name, *others = seen["widths"]
    assert name >= seen["view"] / 2  # the name column takes the room left by the others
    # Size, type and date each as wide as their widest entry or heading: read whole.
    assert all(w >= need for w, need in zip(others, seen["needed"][1:])), seen


def test_import_error_shows_file_and_line(qtbot, window, filled_path, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "A fine first article about Ostrel."}\n{not json\n')
    finished = []
    window.start_import([bad])
    window.import_dialog.finished_import.connect(lambda text, ok: finished.append(text))
    qtbot.waitUntil(lambda: bool(finished), timeout=30_000)
    box = window.import_dialog.error_box
    assert isinstance(box, QMessageBox) and "bad.jsonl:2" in box.text()
    assert "bad.jsonl:2" in window.statusBar().currentMessage()
    with Project.open(filled_path) as project:
        assert project.document_count() == 3


def test_cancel_leaves_the_project_unchanged(qtbot, window, filled_path, tmp_path):
    paths = []
    for number in range(300):
        path = tmp_path / f"article-{number:03d}.txt"
        path.write_text(f"Report {number}\n\nShelling near Cosmir hit house number {number}.\n")
        paths.append(path)
    finished = []
    window.start_import(paths)
    window.import_dialog.finished_import.connect(lambda text, ok: finished.append((text, ok)))
    cancel = window.import_dialog.findChild(QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(finished), timeout=30_000)
    assert finished == [("Import cancelled; nothing was added.", False)]
    with Project.open(filled_path) as project:
        assert project.document_count() == 3

"""File > Import runs in a worker thread with progress; errors name the file and line."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from annotator.store import Project

importers = pytest.importorskip("annotator.importers")
if not hasattr(importers, "import_files"):
    pytest.skip("the importers are not merged yet", allow_module_level=True)


def test_import_adds_articles_and_refreshes_the_list(qtbot, window, filled_path, tmp_path):
    article = tmp_path / "new.txt"
    article.write_text("Fighting near Dravo\n\nA landmine hit a truck near Dravo on Sunday.\n")
    finished = []
    window.start_import([article])
    window.import_dialog.finished_import.connect(lambda text, ok: finished.append(ok))
    qtbot.waitUntil(lambda: bool(finished), timeout=30_000)
    assert finished == [True]
    with Project.open(filled_path) as project:
        assert project.document_count() == 4
    assert window.documents.model.rowCount() == 4
    assert "done 0 / 4" in window.progress.text()


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

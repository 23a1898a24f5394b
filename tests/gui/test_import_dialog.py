"""File > Import (Ctrl+I) runs in a worker thread with progress; errors name the file and line."""

import threading
from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from annotator.store import Project
from tests.gui.conftest import ended, import_with_ctrl_i, rows

importers = pytest.importorskip("annotator.importers")
if not hasattr(importers, "import_files"):
    pytest.skip("the importers are not merged yet", allow_module_level=True)


def test_ctrl_i_picks_files_in_a_readable_list_and_imports_them(
    qtbot, window, filled_path, tmp_path
):
    article = tmp_path / "a report with a long file name about fighting near Dravo.txt"
    article.write_text("Fighting near Dravo\n\nA landmine hit a truck near Dravo on Sunday.\n")
    seen: dict = {}
    messages = import_with_ctrl_i(qtbot, window, [article], seen)
    qtbot.waitUntil(lambda: ended(messages) is not None, timeout=30_000)
    assert ended(messages).startswith("Imported 1 new articles")
    assert window.documents.model.rowCount() == 4
    with Project.open(filled_path) as project:
        assert [d.title for d in project.documents()][-1] == "Fighting near Dravo"
    assert "done 0 / 4" in window.progress.text()
    name, *others = seen["widths"]
    assert name >= seen["view"] / 2  # the name column takes the room left by the others
    # Size, type and date each as wide as their widest entry or heading: read whole.
    assert all(w >= need for w, need in zip(others, seen["needed"][1:])), seen


def test_ctrl_i_takes_several_files_at_once(qtbot, window, filled_path, tmp_path):
    paths = []
    for town in ("Dravo", "Cosmir"):
        paths.append(tmp_path / f"{town}.txt")
        paths[-1].write_text(f"Shelling in {town}\n\nShells fell on {town} overnight.\n")
    messages = import_with_ctrl_i(qtbot, window, paths)
    qtbot.waitUntil(lambda: ended(messages) is not None, timeout=30_000)
    with Project.open(filled_path) as project:
        titles = [d.title for d in project.documents()][3:]
    assert titles == ["Shelling in Dravo", "Shelling in Cosmir"]


def test_import_error_shows_file_and_line(qtbot, window, filled_path, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "A fine first article about Ostrel."}\n{not json\n')
    messages = import_with_ctrl_i(qtbot, window, [bad])
    qtbot.waitUntil(lambda: ended(messages) is not None, timeout=30_000)
    assert "bad.jsonl:2" in ended(messages)
    assert "bad.jsonl:2" in window.statusBar().currentMessage()
    box = window.import_dialog.error_box
    assert box.isVisible() and "bad.jsonl:2" in box.text()
    with Project.open(filled_path) as project:
        assert project.document_count() == 3


def _staged_counts(path) -> tuple[int, int, int]:
    """(documents listed, document rows in the file, documents an unfinished import added)."""
    with Project.open(path) as project:
        rows = project.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        staged = project.conn.execute("SELECT count(*) FROM import_documents").fetchone()[0]
        return project.document_count(), rows, staged


@contextmanager
def import_held_between_steps(monkeypatch):
    """The import stops after each committed step until `release` is set (lock free then);
    yields (written, release) events."""
    from annotator.store.staged_import import StagedImport

    written, release = threading.Event(), threading.Event()
    step = StagedImport.step

    @contextmanager
    def step_then_wait(self, *args, **kwargs):
        with step(self, *args, **kwargs) as conn:
            yield conn
        written.set()
        release.wait(timeout=30)

    monkeypatch.setattr(StagedImport, "step", step_then_wait)
    try:
        yield written, release
    finally:
        release.set()


def twenty_reports(tmp_path):
    source = tmp_path / "reports.jsonl"
    source.write_text(
        "".join(f'{{"text": "Shelling near Cosmir hit house number {n}."}}\n' for n in range(20))
    )
    return source


def test_an_unknown_extension_gets_advice_the_window_can_follow(qtbot, window, tmp_path):
    """The command line would say "give --format"; the window has no such option."""
    odd = tmp_path / "reports.dat"
    odd.write_text("Shelling near Cosmir went on all night.\n")
    messages = import_with_ctrl_i(qtbot, window, [odd])
    qtbot.waitUntil(lambda: ended(messages) is not None, timeout=30_000)
    said = window.import_dialog.error_box.text()
    assert said.startswith(f"{odd}:1: cannot tell the format from the extension (known: ")
    assert said.endswith(
        "; rename the file with one of those extensions, or import it with"
        " `annotator import --format FORMAT`"
    )


def test_labelling_goes_on_while_an_import_runs(qtbot, window, filled_path, tmp_path, monkeypatch):
    """The progress dialog is not modal: a label typed while the import runs is saved then."""
    with import_held_between_steps(monkeypatch) as (written, release):
        messages = import_with_ctrl_i(qtbot, window, [twenty_reports(tmp_path)])
        qtbot.waitUntil(written.is_set, timeout=30_000)
        assert window.import_dialog.isVisible() and not window.import_dialog.isModal()
        window.activateWindow()  # the annotator clicks back into the window
        qtbot.waitUntil(window.isActiveWindow)
        window.article.setFocus()
        qtbot.keyClick(window.article, Qt.Key.Key_Right)  # "Rebels", the first word
        qtbot.keyClick(window.article, Qt.Key.Key_1)
        assert rows(filled_path) == [("ACTOR", "Rebels", {})]  # saved, import still running
        assert window.import_dialog.running
        release.set()
    qtbot.waitUntil(lambda: ended(messages) is not None, timeout=30_000)
    assert ended(messages).startswith("Imported 20 new articles")
    assert rows(filled_path) == [("ACTOR", "Rebels", {})]


def test_closing_the_window_during_an_import_cancels_it(
    qtbot, window, filled_path, tmp_path, monkeypatch
):
    """An import goes in whole or not at all: closing the window undoes it, then closes."""
    with import_held_between_steps(monkeypatch) as (written, release):
        import_with_ctrl_i(qtbot, window, [twenty_reports(tmp_path)])
        qtbot.waitUntil(written.is_set, timeout=30_000)
        assert _staged_counts(filled_path)[2] > 0
        threading.Timer(0.2, release.set).start()  # the held step goes on while it closes
        window.close()
    assert not window.import_dialog.running
    assert _staged_counts(filled_path) == (3, 3, 0)


def test_cancel_mid_import_leaves_the_project_unchanged(
    qtbot, window, filled_path, tmp_path, monkeypatch
):
    """The import stops right after its first step is committed (half in the file, nothing
    shown), the test presses Cancel there, and only then lets the import go on."""
    with import_held_between_steps(monkeypatch) as (written, _):
        messages = import_with_ctrl_i(qtbot, window, [twenty_reports(tmp_path)])
        qtbot.waitUntil(written.is_set, timeout=30_000)
        listed, stored, staged = _staged_counts(filled_path)
        assert (listed, window.documents.model.rowCount()) == (3, 3) and staged > 0
        cancel = window.import_dialog.findChild(QPushButton)
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ended(messages) is not None, timeout=30_000)
    assert ended(messages) == "✘ Import cancelled; nothing was added."
    assert _staged_counts(filled_path) == (3, 3, 0)
    assert window.documents.model.rowCount() == 3
    assert not window.import_dialog.isVisible()

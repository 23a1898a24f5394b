"""A project file another program holds locked: every window action says so and loses nothing."""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt

from annotator.model import GOLD
from annotator.store import Project, connection
from tests.gui.conftest import ARTICLES, open_window, rows
from tests.gui.test_review_window import (
    _click_item,
    _gold,
    review_project,  # noqa: F401 - fixture
)
from tests.gui.test_review_window import window as review_window  # noqa: F401 - fixture

TEXT = ARTICLES[0][1]


@pytest.fixture(autouse=True)
def short_busy_timeout(monkeypatch):
    """Wait 50 ms (not 30 s) for another program's write lock, in the windows under test."""
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 50)


@contextmanager
def write_lock(path):
    """Another program's write transaction on the project, for the length of the block."""
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def message_of(window) -> str:
    box = window.failures.box
    assert box is not None and box.isVisible() and not box.isModal()
    return box.text()


def select_rebels(qtbot, view) -> None:
    qtbot.keyClick(view, Qt.Key.Key_Right)  # "Rebels", the first word
    assert view.session.selection == (0, len("Rebels"))


def test_a_label_refused_by_a_locked_file_is_not_shown_and_saves_once_free(qtbot, filled_path):
    window = open_window(qtbot, filled_path)
    view = window.article
    select_rebels(qtbot, view)
    with write_lock(filled_path):
        qtbot.keyClick(view, Qt.Key.Key_1)
        assert window.statusBar().currentMessage().startswith("✘ Label ACTOR: not saved — ")
        assert "busy" in window.statusBar().currentMessage()
        assert "nothing was saved" in message_of(window)
    assert rows(filled_path) == []
    assert len(window.session.spans) == 0 and window.spans.model.rowCount() == 0
    assert window.undo_stack.count() == 0
    assert window.session.selection == (0, len("Rebels"))  # still selected, ready again
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert rows(filled_path) == [("ACTOR", "Rebels", {})]
    assert window.undo_stack.count() == 1 and window.spans.model.rowCount() == 1
    assert "Saved ACTOR" in window.statusBar().currentMessage()


def test_undo_redo_delete_relabel_and_done_on_a_locked_file_change_nothing(qtbot, filled_path):
    window = open_window(qtbot, filled_path)
    view = window.article
    select_rebels(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_1)
    saved = [("ACTOR", "Rebels", {})]
    with write_lock(filled_path):
        for key, modifier in (
            (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier),  # undo
            (Qt.Key.Key_3, Qt.KeyboardModifier.NoModifier),  # relabel
            (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier),
            (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),  # mark done
        ):
            qtbot.keyClick(view, key, modifier)
            assert "not saved" in window.statusBar().currentMessage()
            assert rows(filled_path) == saved
            assert [s.label for s in window.session.spans] == ["ACTOR"]
            assert window.undo_stack.index() == 1 and window.undo_stack.count() == 1
        assert window.session.document.id == 1 and window.session.status.value == "todo"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(filled_path) == [] and window.undo_stack.index() == 0
    with write_lock(filled_path):
        qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # redo
        assert rows(filled_path) == [] and len(window.session.spans) == 0
        assert window.undo_stack.index() == 0
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert rows(filled_path) == saved and window.undo_stack.index() == 1


def test_an_attribute_edit_on_a_locked_file_shows_the_stored_value_again(qtbot, filled_path):
    window = open_window(qtbot, filled_path)
    view = window.article
    select_rebels(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_1)
    editor = window.spans.form.editors["actor_type"]
    editor.setFocus()
    with write_lock(filled_path):
        qtbot.keyClick(editor, Qt.Key.Key_Down)  # the first choice
        assert "not saved" in window.statusBar().currentMessage()
        assert rows(filled_path) == [("ACTOR", "Rebels", {})]
        assert editor.currentText() == "—"
    qtbot.keyClick(editor, Qt.Key.Key_Down)
    assert rows(filled_path)[0][2] == {"actor_type": editor.currentText()} != {}


def test_review_decisions_and_undo_on_a_locked_file_change_nothing(
    qtbot,
    review_window,  # noqa: F811 - the fixture imported above
    review_project,  # noqa: F811
):
    path, doc, _ = review_project
    window = review_window
    _click_item(qtbot, window, 2)
    with write_lock(path):
        qtbot.keyClick(window.items.list, Qt.Key.Key_2)  # ben's version
        assert "nothing was saved" in message_of(window)
        assert _gold(path, doc) == [] and window.undo_stack.count() == 0
    qtbot.keyClick(window.items.list, Qt.Key.Key_2)
    assert ("killed 12 soldiers", "CASUALTY") in _gold(path, doc)
    with write_lock(path):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert ("killed 12 soldiers", "CASUALTY") in _gold(path, doc)
        assert window.undo_stack.index() == 1
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with Project.open(path) as project:
        assert project.spans(doc, GOLD) == []


@pytest.mark.parametrize("change", ["replaced", "deleted"])
def test_a_project_file_replaced_or_deleted_under_the_window_takes_no_label(
    qtbot, filled_path, tmp_path, change
):
    """A backup restored over the file, or the file deleted: the window's labels would go to a
    file nobody opens again, or to another project under offsets not its own. It says so."""
    window = open_window(qtbot, filled_path)
    view = window.article
    select_rebels(qtbot, view)
    if change == "replaced":
        other = tmp_path / "other.db"
        Project.create(other).close()
        os.replace(other, filled_path)
    else:
        os.unlink(filled_path)
    qtbot.keyClick(view, Qt.Key.Key_1)
    said = window.statusBar().currentMessage()
    assert said.startswith("✘ Label ACTOR: not saved — ")
    assert "the project file was replaced, moved or deleted while it was open" in said
    assert "nothing was saved" in message_of(window)
    assert len(window.session.spans) == 0 and window.undo_stack.count() == 0
    window.close()
    if change == "replaced":
        assert rows(filled_path) == []  # the other project got nothing
    else:
        assert not filled_path.exists()


def _answer_the_box(qtbot, said: list[str]) -> None:
    """Read the message box that opens next, then close it as a person would (its button)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, close)
            return
        said.append(box.text())
        qtbot.mouseClick(box.buttons()[0], Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, close)


def test_review_mode_on_a_deleted_project_says_why_and_keeps_the_window(qtbot, filled_path):
    window = open_window(qtbot, filled_path)
    os.unlink(filled_path)
    said: list[str] = []
    _answer_the_box(qtbot, said)
    qtbot.keyClick(window.article, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(said))
    assert said == [f"{filled_path}: no such project file"]
    assert window.isVisible() and getattr(window, "review_window", None) is None


def test_switching_annotator_on_a_deleted_project_says_why_and_keeps_the_window(
    qtbot, filled_path, monkeypatch
):
    window = open_window(qtbot, filled_path)
    monkeypatch.setattr("annotator.gui.app.ask_annotator", lambda *args: "ben")
    os.unlink(filled_path)
    said: list[str] = []
    _answer_the_box(qtbot, said)
    window.switch_annotator()
    qtbot.waitUntil(lambda: bool(said))
    assert said == [f"{filled_path}: no such project file"]
    assert window.isVisible() and window.session.annotator == "amira"

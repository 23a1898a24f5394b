"""Every listed shortcut of the annotation window, pressed as a user presses it, with its
result checked in the window and in the project file."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton, QToolTip

from annotator.gui.article_view import DEFAULT_POINT_SIZE
from annotator.gui.main_window import MainWindow
from annotator.gui.open_dialog import FILTER, OpenDialog
from annotator.gui.plain_text import tooltip
from annotator.model import Status
from annotator.store import Project
from tests.conftest import add_text
from tests.gui.conftest import ARTICLES, point_of, rows
from tests.gui.test_annotate import drag

TEXT = ARTICLES[0][1]
CTRL, ALT, SHIFT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.AltModifier,
    Qt.KeyboardModifier.ShiftModifier,
)


def _status(path, document_title: str) -> Status:
    with Project.open(path) as project:
        document = next(
            d for d in (project.document(i) for i in (1, 2, 3)) if d.title == document_title
        )
        return project.status(document.id, "amira")


def _label(qtbot, window, word: str, key=Qt.Key.Key_1) -> None:
    start = TEXT.index(word)
    drag(qtbot, window.article, start, start + len(word) - 1)
    qtbot.keyClick(window.article, key)


def test_ctrl_k_skips_and_ctrl_z_undoes_the_skip(qtbot, window, filled_path):
    first = window.session.document.title
    qtbot.keyClick(window.article, Qt.Key.Key_K, CTRL)
    assert _status(filled_path, first) is Status.skipped
    assert window.session.document.title == ARTICLES[1][0]
    qtbot.keyClick(window.article, Qt.Key.Key_Z, CTRL)
    assert _status(filled_path, first) is Status.todo


def test_undo_of_done_and_ctrl_y_redoes_it(qtbot, window, filled_path):
    first = window.session.document.title
    qtbot.keyClick(window.article, Qt.Key.Key_Return, CTRL)
    assert _status(filled_path, first) is Status.done
    qtbot.keyClick(window.article, Qt.Key.Key_Z, CTRL)
    assert _status(filled_path, first) is Status.todo
    qtbot.keyClick(window.article, Qt.Key.Key_Y, CTRL)
    assert _status(filled_path, first) is Status.done


def test_ctrl_t_opens_the_next_article_to_do(qtbot, window, filled_path):
    with Project.open(filled_path) as project:
        project.set_status(2, "amira", Status.done)
    qtbot.keyClick(window.article, Qt.Key.Key_T, CTRL)
    assert window.session.document.title == ARTICLES[2][0]  # the second is done already


def test_ctrl_page_keys_and_alt_arrows_step_through_the_articles(qtbot, window):
    titles = [title for title, _ in ARTICLES]
    qtbot.keyClick(window.article, Qt.Key.Key_PageDown, CTRL)
    assert window.session.document.title == titles[1]
    qtbot.keyClick(window.article, Qt.Key.Key_Right, ALT)
    assert window.session.document.title == titles[2]
    qtbot.keyClick(window.article, Qt.Key.Key_Left, ALT)
    assert window.session.document.title == titles[1]
    qtbot.keyClick(window.article, Qt.Key.Key_PageUp, CTRL)
    assert window.session.document.title == titles[0]


def test_zoom_keys_change_the_article_text_size(qtbot, window):
    view = window.article
    qtbot.keyClick(view, Qt.Key.Key_Equal, CTRL)
    assert view.font().pointSize() == DEFAULT_POINT_SIZE + 1
    qtbot.keyClick(view, Qt.Key.Key_Minus, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Minus, CTRL)
    assert view.font().pointSize() == DEFAULT_POINT_SIZE - 1
    qtbot.keyClick(view, Qt.Key.Key_0, CTRL)
    assert view.font().pointSize() == DEFAULT_POINT_SIZE


def test_ctrl_q_closes_the_window_and_its_project(qtbot, window):
    qtbot.keyClick(window.article, Qt.Key.Key_Q, CTRL)
    assert not window.isVisible()


def test_ctrl_o_opens_another_project_in_place_of_this_one(qtbot, window, tmp_path, monkeypatch):
    other = tmp_path / "other.db"
    with Project.create(other) as project:
        add_text(project, "Shells fell on Dravo overnight.", "Dravo shelled")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), FILTER))

    def press_open() -> None:
        dialog = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, OpenDialog)), None
        )
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, press_open)
            return
        QTimer.singleShot(3_000, dialog.reject)  # never hang the suite
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Open…")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press_open)
    qtbot.keyClick(window.article, Qt.Key.Key_O, CTRL)
    assert not window.isVisible()
    [shown] = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]
    qtbot.addWidget(shown)
    assert shown.project.path.resolve() == other.resolve()
    assert (shown.session.annotator, shown.session.document.title) == ("amira", "Dravo shelled")
    assert shown.article.toPlainText() == "Shells fell on Dravo overnight."


def _selected_text(window) -> str:
    span = window.session.span(window.session.selected_span)
    return TEXT[span.start : span.end]


def test_shift_tab_selects_the_previous_span_and_backspace_deletes_it(qtbot, window, filled_path):
    for word in ("Rebels", "Ostrel", "civilians"):
        _label(qtbot, window, word)
    qtbot.keyClick(window.article, Qt.Key.Key_Escape)
    assert window.session.selected_span is None
    qtbot.keyClick(window.article, Qt.Key.Key_Tab)
    qtbot.keyClick(window.article, Qt.Key.Key_Tab)
    assert _selected_text(window) == "Ostrel"
    qtbot.keyClick(window.article, Qt.Key.Key_Backtab, SHIFT)
    assert _selected_text(window) == "Rebels"  # back, not on to "civilians"
    qtbot.keyClick(window.article, Qt.Key.Key_Backspace)
    assert [text for _, text, _ in rows(filled_path)] == ["Ostrel", "civilians"]


def test_clicking_a_row_in_the_span_list_selects_that_span(qtbot, window):
    _label(qtbot, window, "Rebels")
    _label(qtbot, window, "Ostrel", Qt.Key.Key_2)  # the new span is the one selected
    table = window.spans.list
    rect = table.visualRect(table.model().index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    span = window.session.span(window.session.selected_span)
    assert (span.label, TEXT[span.start : span.end]) == ("ACTOR", "Rebels")


def test_the_span_tooltip_names_the_label_and_attributes(qtbot, window):
    _label(qtbot, window, "Rebels")
    view = window.article
    where = point_of(view, TEXT.index("Rebels") + 2)
    event = QHelpEvent(QEvent.Type.ToolTip, where, view.viewport().mapToGlobal(where))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == tooltip("ACTOR")
    QToolTip.hideText()

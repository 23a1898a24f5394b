"""Suggestions in the window: outlined, accepted with Enter, rejected with Backspace, Tab
between them, all accepted at once, and "Always suggest this" from a span's context menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QContextMenuEvent
from PySide6.QtWidgets import QApplication

from annotator.model import Suggestion
from annotator.store import Project
from annotator.store.suggestions import replace_suggestions, store_uncertainty, stored_patterns
from tests.gui.conftest import ARTICLES, open_window, point_of, rows

TEXT = ARTICLES[0][1]
CASUALTY = {"kind": "killed", "count": 12, "qualifier": "exact"}


def proposed(word, label, source="patterns", **attrs):
    start = TEXT.index(word)
    return Suggestion(
        document=1, start=start, end=start + len(word), label=label, source=source, attrs=attrs
    )


@pytest.fixture
def suggested_path(filled_path):
    with Project.open(filled_path) as project:
        replace_suggestions(
            project,
            [proposed("Rebels", "ACTOR", actor_type="rebel_group"), proposed("Ostrel", "LOCATION")],
            documents=[1],
            sources=["patterns"],
        )
        replace_suggestions(
            project,
            [proposed("12 civilians", "CASUALTY", "casualties", **CASUALTY)],
            documents=[1],
            sources=["casualties"],
        )
    return filled_path


@pytest.fixture
def window(qtbot, suggested_path):
    return open_window(qtbot, suggested_path)


def current_text(window):
    current = window.session.suggested.current
    return TEXT[current.start : current.end] if current else None


def rejections(path):
    with Project.open(path) as project:
        return project.conn.execute("SELECT annotator, label FROM suggestion_rejections").fetchall()


def test_enter_accepts_backspace_rejects_tab_moves(qtbot, window, suggested_path):
    view = window.article
    assert current_text(window) == "Rebels"
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert rows(suggested_path) == [("ACTOR", "Rebels", {"actor_type": "rebel_group"})]
    assert current_text(window) == "Ostrel"
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert rejections(suggested_path) == [("amira", "LOCATION")]
    assert rows(suggested_path) == [("ACTOR", "Rebels", {"actor_type": "rebel_group"})]
    assert current_text(window) == "12 civilians"
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert current_text(window) == "12 civilians"
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert ("CASUALTY", "12 civilians", CASUALTY) in rows(suggested_path)
    assert len(window.session.suggested) == 0
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert current_text(window) == "12 civilians"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rejections(suggested_path) == []
    assert [current_text(window), len(window.session.suggested)] == ["Ostrel", 2]


def test_tab_and_shift_tab_step_round_the_suggestions(qtbot, window):
    view = window.article
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert current_text(window) == "Ostrel"
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert current_text(window) == "Rebels"
    qtbot.keyClick(view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert current_text(window) == "12 civilians"


def test_accept_all_is_one_undo_step(qtbot, window, suggested_path):
    view = window.article
    enter = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view, Qt.Key.Key_Return, enter)
    assert [label for label, _, _ in rows(suggested_path)] == ["ACTOR", "LOCATION", "CASUALTY"]
    assert window.spans.model.rowCount() == 3
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(suggested_path) == []
    assert len(window.session.suggested) == 3


def test_a_rejection_is_remembered_when_the_project_opens_again(qtbot, window, suggested_path):
    qtbot.keyClick(window.article, Qt.Key.Key_Backspace)
    window.close()
    again = open_window(qtbot, suggested_path)
    assert [current_text(again), len(again.session.suggested)] == ["Ostrel", 2]
    other = open_window(qtbot, suggested_path, annotator="ben")
    assert len(other.session.suggested) == 3


def test_suggestions_are_outlined_not_filled(qtbot, window):
    view = window.article
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # Ostrel current: thick outline
    image = view.viewport().grab().toImage()
    rect = view.char_rect(TEXT.index("Ostrel") + 2)
    inside = QColor(image.pixel(int(rect.center().x()), int(rect.center().y())))
    assert inside.lightness() > 200  # background, not a fill
    fill = QColor("#95d5b2").lighter(112)
    assert inside.rgb() != fill.rgb()
    dark = QColor("#95d5b2").darker(160)
    left, right = int(rect.left()), int(rect.right())
    edge = [QColor(image.pixel(x, int(rect.top()) + 1)) for x in range(left, right)]
    edge += [QColor(image.pixel(x, int(rect.top()) + 2)) for x in range(left, right)]
    assert any(abs(c.hue() - dark.hue()) < 12 and c.lightness() < 160 for c in edge)


def test_the_other_suggestions_are_outlined_too(qtbot, window):
    view = window.article
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # Ostrel current; Rebels and "12 civilians" not
    image = view.viewport().grab().toImage()
    for word, colour in (("Rebels", "ACTOR"), ("12 civilians", "CASUALTY")):
        rect = view.char_rect(TEXT.index(word) + 1)
        dark = QColor(window.project.schema.label(colour).colour).darker(160)
        rows_ = range(int(rect.top()), int(rect.top()) + 3)
        edge = [
            QColor(image.pixel(x, y))
            for y in rows_
            for x in range(int(rect.left()), int(rect.right()))
        ]
        assert any(abs(c.hue() - dark.hue()) < 12 and c.lightness() < 160 for c in edge), word


def test_always_suggest_from_a_span_context_menu_adds_a_pattern(qtbot, window, suggested_path):
    view = window.article
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Rebels accepted as ACTOR
    point = point_of(view, TEXT.index("Rebels") + 2)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, view.mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    menu = window.span_context_menu
    qtbot.waitUntil(menu.isVisible)
    (action,) = [a for a in menu.actions() if a.text().startswith("Always suggest")]
    assert action.text() == "Always suggest “Rebels” as ACTOR"
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    with Project.open(suggested_path) as project:
        assert stored_patterns(project) == [
            {"label": "ACTOR", "pattern": "Rebels", "attrs": {"actor_type": "rebel_group"}}
        ]
    assert "will be suggested as ACTOR" in window.statusBar().currentMessage()


def test_without_suggestions_tab_still_steps_spans(qtbot, window):
    view = window.article
    enter = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view, Qt.Key.Key_Return, enter)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert window.session.selected_span is not None


def test_ctrl_u_opens_the_article_the_model_is_least_sure_of(qtbot, window, suggested_path):
    with Project.open(suggested_path) as project:
        store_uncertainty(project, {2: 0.4, 3: 1.7}, "models/v1")
    qtbot.keyClick(window.article, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert window.session.document.id == 3
    qtbot.keyClick(window.article, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert window.session.document.id == 2


def shown_titles(window):
    model = window.documents.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_the_document_list_sorts_by_uncertainty_to_do_first(qtbot, window, suggested_path):
    with Project.open(suggested_path) as project:
        store_uncertainty(project, {1: 2.5, 2: 0.4, 3: 1.7}, "models/v1")
    qtbot.keyClick(window.article, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.session.document.id == 2  # 1 is done, the next to do is open
    order = window.documents.order
    assert shown_titles(window) == [title for title, _ in ARTICLES]
    qtbot.mouseClick(order, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(order.view().isVisible)
    qtbot.keyClick(order.view(), Qt.Key.Key_Down)
    qtbot.keyClick(order.view(), Qt.Key.Key_Return)
    assert order.currentText() == "by uncertainty"
    # to do, least sure first (3: 1.7, 2: 0.4), then the done article 1 despite its 2.5
    assert shown_titles(window) == ["Lirsk drone", "Melisk airstrike", "Clashes near Ostrel"]
    table = window.documents.table
    assert table.currentIndex().row() == 1  # the open article stays chosen in its new place
    first = table.visualRect(table.model().index(0, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=first)
    assert window.session.document.id == 3


def test_ctrl_shift_u_sorts_the_list_by_uncertainty_and_back(qtbot, window, suggested_path):
    with Project.open(suggested_path) as project:
        store_uncertainty(project, {1: 0.2, 2: 0.4, 3: 1.7}, "models/v1")
    by_order = [title for title, _ in ARTICLES]
    assert shown_titles(window) == by_order
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.article, Qt.Key.Key_U, keys)
    assert window.documents.order.currentText() == "by uncertainty"
    assert shown_titles(window) == ["Lirsk drone", "Melisk airstrike", "Clashes near Ostrel"]
    assert window.session.document.id == 1  # sorting opens nothing else
    qtbot.keyClick(window.article, Qt.Key.Key_U, keys)
    assert window.documents.order.currentText() == "by order"
    assert shown_titles(window) == by_order

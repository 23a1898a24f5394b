"""Relations drawn in the window with real clicks and keys: R, the other span, the type key;
retyped and deleted from the list; undo across a span deletion."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from annotator.gui.plain_text import tooltip
from annotator.model import Span
from annotator.store import Project
from annotator.tokens import document_uid
from tests.gui.conftest import ARTICLES, open_window, point_of

TEXT = ARTICLES[0][1]
SPANS = [("Rebels", "ACTOR"), ("Ostrel", "LOCATION"), ("12 civilians", "CASUALTY")]


@pytest.fixture
def labelled(qtbot, filled_path):
    with Project.open(filled_path) as project:
        document = project.document_id(document_uid(TEXT))
        for phrase, label in SPANS:
            start = TEXT.index(phrase)
            span = Span(
                document=document,
                annotator="amira",
                start=start,
                end=start + len(phrase),
                label=label,
            )
            project.add_span(span)
    return open_window(qtbot, filled_path)


def relation_rows(path):
    with Project.open(path) as project:
        return [
            (head, tail, label)
            for head, tail, label in project.conn.execute(
                "SELECT h.label, t.label, r.label FROM relations r JOIN spans h ON h.id = r.head"
                " JOIN spans t ON t.id = r.tail ORDER BY r.id"
            )
        ]


def relation_log(path):
    with Project.open(path) as project:
        return [
            (action, json.loads(data)["label"])
            for action, data in project.conn.execute(
                "SELECT action, data FROM log WHERE action LIKE 'relation.%' ORDER BY id"
            )
        ]


def click(qtbot, view, phrase):
    offset = TEXT.index(phrase) + 1
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(view, offset))


def test_click_r_click_and_type_key_draws_a_relation(qtbot, labelled, filled_path):
    window, view = labelled, labelled.article
    click(qtbot, view, "12 civilians")
    qtbot.keyClick(view, Qt.Key.Key_R)
    assert "click or Tab to the other span" in window.relations.hint.text()
    click(qtbot, view, "Rebels")
    assert "V VICTIM, P PERPETRATOR" in window.relations.hint.text()
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert relation_rows(filled_path) == [("CASUALTY", "ACTOR", "PERPETRATOR")]
    assert window.relations.list.count() == 1
    assert window.relations.list.item(0).text() == (
        "PERPETRATOR:  CASUALTY “12 civilians” → ACTOR “Rebels”"
    )
    assert "Saved PERPETRATOR" in window.statusBar().currentMessage()


def test_keyboard_only_relation_retype_delete_and_undo(qtbot, labelled, filled_path):
    window, view = labelled, labelled.article
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # Ostrel
    qtbot.keyClick(view, Qt.Key.Key_R)
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # 12 civilians: the relation turns to start there
    qtbot.keyClick(view, Qt.Key.Key_V)  # VICTIM cannot join a LOCATION
    assert "VICTIM relation leads from CASUALTY to ACTOR" in window.statusBar().currentMessage()
    qtbot.keyClick(view, Qt.Key.Key_L)
    assert relation_rows(filled_path) == [("CASUALTY", "LOCATION", "PLACE")]
    # A second one from the casualty to the rebels, as a victim.
    qtbot.keyClick(view, Qt.Key.Key_R)
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # wraps round to Rebels
    qtbot.keyClick(view, Qt.Key.Key_V)
    assert relation_rows(filled_path)[-1] == ("CASUALTY", "ACTOR", "VICTIM")
    # To the list, choose the VICTIM row (first by tail), retype it, then delete it.
    qtbot.keyClick(view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.relations.list.hasFocus()
    qtbot.keyClick(window.relations.list, Qt.Key.Key_Home)
    assert window.relation_editor.chosen.label == "VICTIM"
    qtbot.keyClick(window.relations.list, Qt.Key.Key_P)
    assert sorted(relation_rows(filled_path)) == [
        ("CASUALTY", "ACTOR", "PERPETRATOR"),
        ("CASUALTY", "LOCATION", "PLACE"),
    ]
    qtbot.keyClick(window.relations.list, Qt.Key.Key_Delete)
    assert relation_rows(filled_path) == [("CASUALTY", "LOCATION", "PLACE")]
    assert len(window.session.spans) == 3  # the spans stay
    qtbot.keyClick(window.relations.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sorted(relation_rows(filled_path))[0] == ("CASUALTY", "ACTOR", "PERPETRATOR")
    qtbot.keyClick(window.relations.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert sorted(relation_rows(filled_path))[0] == ("CASUALTY", "ACTOR", "VICTIM")
    assert [action for action, _ in relation_log(filled_path)] == [
        "relation.add",
        "relation.add",
        "relation.retype",
        "relation.delete",
        "relation.restore",
        "relation.retype",
    ]


def test_deleting_a_span_deletes_its_relations_and_undo_brings_both_back(
    qtbot, labelled, filled_path
):
    window, view = labelled, labelled.article
    click(qtbot, view, "12 civilians")
    qtbot.keyClick(view, Qt.Key.Key_R)
    click(qtbot, view, "Ostrel")
    qtbot.keyClick(view, Qt.Key.Key_L)
    click(qtbot, view, "12 civilians")
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert relation_rows(filled_path) == []
    assert window.relations.list.count() == 0
    assert ("relation.delete", "PLACE") in relation_log(filled_path)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert relation_rows(filled_path) == [("CASUALTY", "LOCATION", "PLACE")]
    assert window.relations.list.count() == 1
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert relation_rows(filled_path) == []


def test_relabel_that_would_break_a_relation_is_refused(qtbot, labelled, filled_path):
    window, view = labelled, labelled.article
    click(qtbot, view, "12 civilians")
    qtbot.keyClick(view, Qt.Key.Key_R)
    click(qtbot, view, "Ostrel")
    qtbot.keyClick(view, Qt.Key.Key_L)
    qtbot.keyClick(view, Qt.Key.Key_1)  # Ostrel is selected: relabel it ACTOR
    assert "delete the PLACE relation first" in window.statusBar().currentMessage()
    assert relation_rows(filled_path) == [("CASUALTY", "LOCATION", "PLACE")]


def test_escape_stops_drawing(qtbot, labelled, filled_path):
    window, view = labelled, labelled.article
    click(qtbot, view, "12 civilians")
    qtbot.keyClick(view, Qt.Key.Key_R)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert window.relation_editor.draft is None
    click(qtbot, view, "Ostrel")
    qtbot.keyClick(view, Qt.Key.Key_L)
    assert relation_rows(filled_path) == []
    assert "choose a relation first" in window.statusBar().currentMessage()


def right_click(window, phrase):
    """What a right click delivers to the text: a context menu event at that character."""
    view = window.article
    point = point_of(view, TEXT.index(phrase) + 1)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, view.viewport().mapToGlobal(point)
    )
    QApplication.sendEvent(view.viewport(), event)
    return window.span_context_menu


def test_context_menu_draws_a_relation(qtbot, labelled, filled_path):
    window = labelled
    menu = right_click(window, "12 civilians")
    qtbot.waitExposed(menu)
    assert window.session.span(window.session.selected_span).label == "CASUALTY"
    assert [a.text() for a in menu.actions()] == [
        "&Relation from this span…  (R)",
        "&Delete this span  (Del)",
        "Always suggest “12 civilians” as CASUALTY",
    ]
    qtbot.keyClick(menu, Qt.Key.Key_R)
    assert window.relation_editor.draft is not None
    menu = right_click(window, "Ostrel")
    qtbot.waitExposed(menu)
    assert [a.text() for a in menu.actions()][0] == "&L  PLACE"
    qtbot.keyClick(menu, Qt.Key.Key_L)
    assert relation_rows(filled_path) == [("CASUALTY", "LOCATION", "PLACE")]


def test_selecting_another_span_lets_go_of_the_chosen_relation(qtbot, labelled, filled_path):
    window, view = labelled, labelled.article
    click(qtbot, view, "12 civilians")
    qtbot.keyClick(view, Qt.Key.Key_R)
    click(qtbot, view, "Rebels")
    qtbot.keyClick(view, Qt.Key.Key_P)
    window.relations.list.setCurrentRow(0)
    assert window.relation_editor.chosen is not None
    click(qtbot, view, "Ostrel")
    assert window.relation_editor.chosen is None
    qtbot.keyClick(view, Qt.Key.Key_V)
    assert relation_rows(filled_path) == [("CASUALTY", "ACTOR", "PERPETRATOR")]


def test_both_ends_are_shown_when_a_relation_is_chosen(qtbot, labelled, filled_path):
    window, view = labelled, labelled.article
    click(qtbot, view, "12 civilians")
    qtbot.keyClick(view, Qt.Key.Key_R)
    casualty = (TEXT.index("12 civilians"), TEXT.index("12 civilians") + 12)
    assert [(start, end) for start, end, _ in view.outlined] == [casualty]
    click(qtbot, view, "Ostrel")
    qtbot.keyClick(view, Qt.Key.Key_L)
    assert view.outlined == []
    window.relations.list.setCurrentRow(0)
    # The head is the selected span; the tail is framed in PLACE's colour.
    assert window.session.span(window.session.selected_span).label == "CASUALTY"
    ostrel = TEXT.index("Ostrel")
    assert view.outlined == [(ostrel, ostrel + 6, "#2d6a4f")]
    before = view.viewport().grab().toImage()
    window.article.set_outlined([])
    assert view.viewport().grab().toImage() != before  # the frame is painted


def test_a_narrow_panel_wraps_a_relation_and_its_tooltip_holds_the_whole_text(
    qtbot, labelled, filled_path
):
    window, view = labelled, labelled.article
    group = TEXT.index("Rebels of the Northern Front")
    window.session.add_span(group, group + len("Rebels of the Northern Front"), "ACTOR")
    click(qtbot, view, "12 civilians")
    qtbot.keyClick(view, Qt.Key.Key_R)
    click(qtbot, view, "Northern")
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert relation_rows(filled_path) == [("CASUALTY", "ACTOR", "PERPETRATOR")]
    panel = window.relations
    item = panel.list.item(0)
    text = item.text()
    assert text == "PERPETRATOR:  CASUALTY “12 civilians” → ACTOR “Rebels of the Norther…”"
    whole = "PERPETRATOR: CASUALTY “12 civilians” → ACTOR “Rebels of the Northern Front”"
    assert item.toolTip() == tooltip(whole)  # shown as written, never as HTML
    side = panel.parentWidget()  # the column beside the text, spans above relations
    narrowest = side.minimumSizeHint().width()
    side.parentWidget().setSizes([900, 400, narrowest])
    qtbot.waitUntil(lambda: 0 < panel.list.viewport().width() <= narrowest)
    QApplication.processEvents()
    viewport = panel.list.viewport()
    rect = panel.list.visualItemRect(item)
    metrics = panel.list.fontMetrics()
    assert metrics.horizontalAdvance(text) > viewport.width()  # it cannot fit on one line
    assert rect.left() >= 0 and rect.right() <= viewport.width()
    assert rect.height() >= 2 * metrics.lineSpacing()  # wrapped, not cut off
    assert not panel.list.horizontalScrollBar().isVisible()

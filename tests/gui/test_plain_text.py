"""Text from files is shown as written: an HTML-looking title or label stays literal, no links."""

from __future__ import annotations

import json

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel

from annotator.gui.review_window import ReviewWindow
from annotator.store import Project
from tests.conftest import add_text
from tests.gui.conftest import ended, import_with_ctrl_i
from tests.test_review import TEXT, annotate

LINK = '<a href="https://example.com/">Ostrel</a> <b>attack</b>'


def displayed(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> QTextDocument:
    """What Qt draws for `text`: HTML when the format says so, or auto and it looks like HTML."""
    document = QTextDocument()
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    if rich:
        document.setHtml(text)
    else:
        document.setPlainText(text)
    return document


def assert_literal(document: QTextDocument, expected: str) -> None:
    assert expected in document.toPlainText()
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            assert not fragments.fragment().charFormat().isAnchor(), "a link is shown"
            fragments += 1
        block = block.next()


def test_the_import_error_dialog_shows_a_label_as_written(qtbot, window, tmp_path):
    bad = tmp_path / "bad.jsonl"
    span = {"start": 0, "end": 6, "label": LINK}
    bad.write_text(json.dumps({"text": "Ostrel was shelled.", "spans": [span]}) + "\n")
    messages = import_with_ctrl_i(qtbot, window, [bad])
    qtbot.waitUntil(lambda: ended(messages) is not None, timeout=30_000)
    label = window.import_dialog.error_box.findChild(QLabel, "qt_msgbox_label")
    assert LINK in label.text()
    assert_literal(displayed(label.text(), label.textFormat()), f"unknown label '{LINK}'")


@pytest.fixture
def review_window(qtbot, project_path):
    with Project.open(project_path) as project:
        document = add_text(project, TEXT, LINK)
        for name in ("amira", "ben"):
            annotate(project, document, name, [("Rebels", "ACTOR", {})])
    shown = ReviewWindow(project_path, "rita")
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def shown_tooltip(qtbot, widget, point: QPoint) -> QLabel:
    """Hover `point` of `widget` (a tooltip event, as Qt sends one) and return the tip shown."""
    event = QHelpEvent(QEvent.Type.ToolTip, point, widget.mapToGlobal(point))
    QApplication.sendEvent(widget, event)

    def tip() -> QLabel | None:
        return next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if w.metaObject().className() == "QTipLabel" and w.isVisible()
            ),
            None,
        )

    qtbot.waitUntil(lambda: tip() is not None)
    return tip()


def test_the_review_list_tooltip_shows_a_title_as_written(qtbot, review_window):
    view = review_window.documents
    title = view.rank_model.index(0, 1)
    assert view.rank_model.data(title) == LINK
    tip = shown_tooltip(qtbot, view.viewport(), view.visualRect(title).center())
    assert_literal(displayed(tip.text(), tip.textFormat()), f"{LINK}\nAnnotators: amira, ben")


def test_the_document_list_tooltip_shows_a_title_as_written(qtbot, project_path):
    from tests.gui.conftest import open_window

    with Project.open(project_path) as project:
        add_text(project, TEXT, LINK)
    window = open_window(qtbot, project_path)
    table = window.documents.table
    title = window.documents.model.index(0, 0)
    assert window.documents.model.data(title) == LINK
    tip = shown_tooltip(qtbot, table.viewport(), table.visualRect(title).center())
    assert_literal(displayed(tip.text(), tip.textFormat()), LINK)


def test_an_ampersand_in_an_annotator_name_is_shown_not_taken_as_a_shortcut(qtbot, project_path):
    """In buttons and menus Qt reads `&D` as Alt+D and hides the `&`: "R&D team" stays whole."""
    from PySide6.QtGui import QKeySequence

    with Project.open(project_path) as project:
        document = add_text(project, TEXT, "Ostrel")
        annotate(project, document, "R&D team", [("Rebels", "ACTOR", {})])
        annotate(project, document, "ben", [("Ostrel", "LOCATION", {})])
    shown = ReviewWindow(project_path, "rita")
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    buttons = shown.items.accept_buttons
    assert buttons["R&D team"].text() == "1  R&&D team's version"
    assert QKeySequence.mnemonic(buttons["R&D team"].text()).isEmpty()
    menu = shown.compare_menu
    shown.menuBar().setActiveAction(menu.menuAction())  # open Compare, as a click does
    qtbot.waitUntil(menu.isVisible)
    assert "R&&D team" in [action.text() for action in menu.actions()]

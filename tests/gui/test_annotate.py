"""The window driven like a person: spans by mouse and keys, relabel, delete, undo, attributes."""

from PySide6.QtCore import Qt

from annotator.model import Span, Status
from annotator.store import Project
from tests.conftest import add_text
from tests.gui.conftest import ARTICLES, open_window, point_of, rows

TEXT = ARTICLES[0][1]


def drag(qtbot, view, start: int, last: int) -> None:
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point_of(view, start))
    qtbot.mouseMove(viewport, point_of(view, (start + last) // 2))
    qtbot.mouseMove(viewport, point_of(view, last))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point_of(view, last))


def click(qtbot, view, offset: int) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(view, offset))


def test_drag_snaps_to_words_and_hotkey_creates_the_span(qtbot, window, filled_path):
    view = window.article
    drag(qtbot, view, TEXT.index("orthern"), TEXT.index("Front") + 2)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert rows(filled_path) == [("ACTOR", "Northern Front", {})]
    assert window.spans.model.rowCount() == 1
    assert "Saved ACTOR “Northern Front”" in window.statusBar().currentMessage()


def test_keyboard_only_span(qtbot, window, filled_path):
    view = window.article
    for _ in range(8):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert window.session.selection == (TEXT.index("Ostrel"), TEXT.index(" Monday"))
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert rows(filled_path) == [("LOCATION", "Ostrel", {})]


def test_double_click_then_label_button(qtbot, window, filled_path):
    view = window.article
    offset = TEXT.index("Monday") + 2
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(view, offset))
    qtbot.mouseClick(window.labels.buttons["WEAPON"], Qt.MouseButton.LeftButton)
    assert rows(filled_path) == [("WEAPON", "Monday", {})]


def test_relabel_delete_undo_redo(qtbot, window, filled_path):
    view = window.article
    drag(qtbot, view, TEXT.index("Rebels"), TEXT.index("Rebels") + 3)
    qtbot.keyClick(view, Qt.Key.Key_1)
    click(qtbot, view, TEXT.index("Rebels") + 2)
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert rows(filled_path) == [("WEAPON", "Rebels", {})]
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert rows(filled_path) == []
    assert window.spans.model.rowCount() == 0
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(filled_path) == [("WEAPON", "Rebels", {})]
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(filled_path) == [("ACTOR", "Rebels", {})]
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(filled_path) == []
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view, Qt.Key.Key_Z, redo)
    qtbot.keyClick(view, Qt.Key.Key_Z, redo)
    assert rows(filled_path) == [("WEAPON", "Rebels", {})]
    assert window.spans.model.rowCount() == 1


def test_nested_spans_cycle_on_click_and_tab(qtbot, window, filled_path):
    view = window.article
    drag(qtbot, view, TEXT.index("killing"), TEXT.index("civilians") + 3)
    qtbot.keyClick(view, Qt.Key.Key_4)
    qtbot.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(view, TEXT.index("civilians"))
    )
    qtbot.keyClick(view, Qt.Key.Key_1)
    session = window.session
    inner, outer = session.spans_at(TEXT.index("civilians"))
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    click(qtbot, view, TEXT.index("civilians") + 1)
    assert session.selected_span == inner.id
    click(qtbot, view, TEXT.index("civilians") + 1)
    assert session.selected_span == outer.id
    assert window.spans.list.currentIndex().row() == 0
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert session.selected_span == inner.id
    assert window.spans.list.currentIndex().row() == 1


def test_attribute_form_saves_at_once_and_undoes(qtbot, window, filled_path):
    view = window.article
    drag(qtbot, view, TEXT.index("Army"), TEXT.index("units") + 2)
    qtbot.keyClick(view, Qt.Key.Key_4)
    assert rows(filled_path) == [("CASUALTY", "Army units", {})]
    form = window.spans.form
    kind = form.editors["kind"]
    kind.setFocus()
    qtbot.keyClick(kind, Qt.Key.Key_Down)
    count = form.editors["count"]
    qtbot.mouseDClick(count.lineEdit(), Qt.MouseButton.LeftButton)
    count.lineEdit().selectAll()
    qtbot.keyClicks(count.lineEdit(), "12")
    qtbot.keyClick(count, Qt.Key.Key_Return)
    assert rows(filled_path) == [("CASUALTY", "Army units", {"kind": "killed", "count": 12})]
    assert "killed" in window.spans.model.index(0).data()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(filled_path) == [("CASUALTY", "Army units", {"kind": "killed"})]
    assert form.editors["count"].text() == "—"


def test_a_casualty_span_gets_its_figure_at_once_and_undo_keeps_the_span(
    qtbot, window, filled_path
):
    view = window.article
    drag(qtbot, view, TEXT.index("12"), TEXT.index("civilians") + 3)
    qtbot.keyClick(view, Qt.Key.Key_4)
    figure = {"kind": "killed", "count": 12, "qualifier": "exact"}
    assert rows(filled_path) == [("CASUALTY", "12 civilians", figure)]
    assert window.spans.form.editors["count"].text() == "12"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(filled_path) == [("CASUALTY", "12 civilians", {})]
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(filled_path) == []


def test_casualty_key_on_an_imported_casualty_fills_only_what_is_missing(qtbot, filled_path):
    text = "Shells killed 7 people and wounded 30 others in Dravo."
    given = {  # as an import left them: a figure half filled in
        "7 people": {"kind": "injured"},
        "30 others": {"kind": "injured", "count": 31, "qualifier": "approx"},
    }
    with Project.open(filled_path) as project:
        document = add_text(project, text, "Dravo shelled")
        for number in (1, 2, 3):
            project.set_status(number, "amira", Status.done)  # the window opens on Dravo
        for words, attrs in given.items():
            start = text.index(words)
            span = Span(
                document=document,
                annotator="amira",
                start=start,
                end=start + len(words),
                label="CASUALTY",
                attrs=attrs,
            )
            project.add_span(span)
    window = open_window(qtbot, filled_path)
    for _ in given:
        qtbot.keyClick(window.article, Qt.Key.Key_Tab)
        qtbot.keyClick(window.article, Qt.Key.Key_4)  # CASUALTY's key on a CASUALTY span
    assert [row for row in rows(filled_path) if row[1] in given] == [
        ("CASUALTY", "7 people", {"kind": "injured", "count": 7, "qualifier": "exact"}),
        ("CASUALTY", "30 others", {"kind": "injured", "count": 31, "qualifier": "approx"}),
    ]


def test_mark_done_lands_on_next_todo_and_reopen_shows_spans(qtbot, window, filled_path):
    view = window.article
    with Project.open(filled_path) as project:
        project.set_status(2, "amira", Status.done)
    drag(qtbot, view, TEXT.index("Ostrel"), TEXT.index("Ostrel") + 2)
    qtbot.keyClick(view, Qt.Key.Key_2)
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with Project.open(filled_path) as project:
        assert project.status(1, "amira") == Status.done
    assert window.session.document.title == ARTICLES[2][0]
    assert view.toPlainText() == ARTICLES[2][1]
    assert "done 2 / 3" in window.progress.text()
    assert window.documents.table.currentIndex().row() == 2
    window.close()
    again = open_window(qtbot, filled_path)
    assert again.session.document.title == ARTICLES[2][0]  # it opens on the first to do
    table = again.documents.table
    rect = table.visualRect(again.documents.model.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert again.session.document.title == ARTICLES[0][0]
    assert again.spans.model.index(0).data().startswith("LOCATION  Ostrel")
    assert again.documents.model.index(0, 1).data() == "done"
    assert again.documents.model.index(0, 2).data() == 1


def test_document_list_search_and_click_opens_article(qtbot, window):
    documents = window.documents
    qtbot.keyClick(window.article, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(documents.search, "melis")
    qtbot.waitUntil(lambda: documents.model.rowCount() == 1)
    rect = documents.table.visualRect(documents.model.index(0, 0))
    qtbot.mouseClick(documents.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.session.document.title == "Melisk airstrike"
    assert window.article.toPlainText() == ARTICLES[1][1]


def test_title_and_help_list_every_shortcut(qtbot, window, filled_path):
    assert "project.db" in window.windowTitle() and "amira" in window.windowTitle()
    qtbot.keyClick(window.article, Qt.Key.Key_F1)
    text = window.help_box.text()
    for needle in ("Ctrl+Return", "Ctrl+Z", "Shift+Right", "Tab", "Label as CASUALTY"):
        assert needle in text


def test_a_click_on_plain_text_moves_the_keyboard_caret_there(qtbot, window, filled_path):
    view = window.article
    drag(qtbot, view, TEXT.index("Rebels"), TEXT.index("Rebels") + 2)
    qtbot.keyClick(view, Qt.Key.Key_1)  # ACTOR "Rebels", selected
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert window.session.selected_span is not None
    click(qtbot, view, TEXT.index("units") + 1)  # plain text, a paragraph further down
    assert window.session.selection is None and window.session.selected_span is None
    qtbot.keyClick(view, Qt.Key.Key_Right)
    returned = TEXT.index("returned")
    assert window.session.selection == (returned, returned + len("returned"))
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert ("LOCATION", "returned", {}) in rows(filled_path)


def test_file_switch_annotator_reopens_the_project_as_another_name(qtbot, window, filled_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

    from annotator.gui.app import remembered_annotator

    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog))
        field = dialog.findChild(QLineEdit)
        field.selectAll()
        qtbot.keyClicks(field, "ben")
        qtbot.keyClick(field, Qt.Key.Key_Return)

    file_menu = window.menuBar().actions()[0].menu()
    window.menuBar().setActiveAction(file_menu.menuAction())
    qtbot.waitUntil(file_menu.isVisible)
    switch = next(a for a in file_menu.actions() if a.text() == "Switch annotator…")
    QTimer.singleShot(200, answer)
    qtbot.mouseClick(
        file_menu, Qt.MouseButton.LeftButton, pos=file_menu.actionGeometry(switch).center()
    )
    qtbot.waitUntil(lambda: getattr(window, "next_window", None) is not None)
    other = window.next_window
    qtbot.addWidget(other)
    assert other.session.annotator == "ben" and other.isVisible()
    assert other.windowTitle().startswith(f"{filled_path.name} — ben")
    assert not window.isVisible()
    assert remembered_annotator() == "ben"
    other.activateWindow()
    qtbot.waitUntil(other.isActiveWindow)
    drag(qtbot, other.article, TEXT.index("Rebels"), TEXT.index("Rebels") + 2)
    qtbot.keyClick(other.article, Qt.Key.Key_1)
    assert rows(filled_path, "ben") == [("ACTOR", "Rebels", {})]


def test_a_long_title_stands_wrapped_above_the_text_and_whole_in_the_list_tooltip(
    qtbot, filled_path
):
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from annotator.gui.plain_text import tooltip
    from tests.conftest import add_text

    long = (
        "Second day of heavy fighting around the Ostrel reservoir as rebels of the Northern "
        "Front push towards the dam and the army calls in reinforcements from Melisk"
    )
    with Project.open(filled_path) as project:
        add_text(project, "Shelling went on near the reservoir all night.", long)
    window = open_window(qtbot, filled_path)
    table = window.documents.table
    rect = table.visualRect(table.model().index(3, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.session.document.title == long
    title = window.title
    assert title.text() == long and title.isVisible()
    assert title.wordWrap()
    qtbot.waitUntil(lambda: title.height() > 1.5 * title.fontMetrics().height())  # wrapped
    assert title.geometry().bottom() <= window.article.geometry().top()
    assert title.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert long not in window.statusBar().currentMessage()
    where = rect.center()
    QApplication.sendEvent(
        table.viewport(),
        QHelpEvent(QHelpEvent.Type.ToolTip, where, table.viewport().mapToGlobal(where)),
    )
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == tooltip(long)  # whole, and as written


def test_f2_shows_the_label_descriptions_and_guidelines_and_hides_them(qtbot, window):
    qtbot.keyClick(window.article, Qt.Key.Key_F2)
    panel = window.guidelines_panel
    qtbot.waitUntil(panel.isVisible)
    shown = panel.browser.toPlainText()
    assert "1  ACTOR: A party to the event: an armed group" in shown
    assert "actor_type: Kind of actor" in shown
    assert "Whole names: take the full name of a group or place" in shown  # markdown rendered
    assert panel.geometry().left() >= window.article.geometry().right()
    qtbot.keyClick(window.article, Qt.Key.Key_F2)
    assert not panel.isVisible()


def test_search_down_enter_opens_a_result_with_its_words_highlighted_and_esc_clears(qtbot, window):
    documents = window.documents
    qtbot.keyClick(window.article, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(documents.search, "market dawn")
    qtbot.waitUntil(lambda: documents.model.rowCount() == 1)
    qtbot.keyClick(documents.search, Qt.Key.Key_Down)
    assert documents.table.hasFocus()
    assert window.session.document.title == "Melisk airstrike"
    qtbot.keyClick(documents.table, Qt.Key.Key_Return)
    assert window.article.hasFocus()
    text = ARTICLES[1][1]
    marked = [m.cursor.selectedText() for m in window.article.extraSelections()]
    assert marked == ["market", "dawn"]
    assert [m.cursor.selectionStart() for m in window.article.extraSelections()] == [
        text.index("market"),
        text.index("dawn"),
    ]
    qtbot.keyClick(window.article, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(documents.search, Qt.Key.Key_Escape)
    assert documents.search.text() == ""
    assert documents.model.rowCount() == 3
    assert window.article.extraSelections() == []

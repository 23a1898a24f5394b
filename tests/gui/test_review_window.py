"""The review window, driven by real clicks and keys; checks gold rows in the project file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox, QToolTip

from annotator.gui.plain_text import tooltip
from annotator.gui.review_lanes import LANE_GAP, LANE_HEIGHT
from annotator.gui.review_window import ReviewWindow
from annotator.model import GOLD, ReviewStatus, Status
from annotator.store import Project
from annotator.store.review import rejected_keys, review_status
from tests.conftest import add_text
from tests.test_review import TEXT, annotate, gold_words

CALM = "Police arrested two men in Brannick."
MORTARS = (TEXT.index("mortars"), TEXT.index("mortars") + len("mortars"), "WEAPON")


@pytest.fixture
def review_project(project_path):
    """Two documents: TEXT (amira, ben, chen disagree) and CALM (all three agree)."""
    with Project.open(project_path) as project:
        calm = add_text(project, CALM, "Calm day")
        for name in ("amira", "ben", "chen"):
            annotate(project, calm, name, [("Police", "ACTOR", {}), ("Brannick", "LOCATION", {})])
        doc = add_text(project, TEXT, "Ostrel attack")
        agreed = [("Rebels", "ACTOR", {"actor_type": "rebel_group"})]
        annotate(
            project,
            doc,
            "amira",
            [*agreed, ("Ostrel", "LOCATION", {}), ("12 soldiers", "CASUALTY", {"kind": "killed"})],
        )
        annotate(
            project,
            doc,
            "ben",
            [*agreed, ("Ostrel", "ACTOR", {}), ("killed 12 soldiers", "CASUALTY", {})],
        )
        annotate(
            project, doc, "chen", [*agreed, ("Ostrel", "LOCATION", {}), ("mortars", "WEAPON", {})]
        )
    return project_path, doc, calm


@pytest.fixture
def window(qtbot, review_project):
    path, _, _ = review_project
    shown = ReviewWindow(path, "rita")
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def _gold(path, document):
    with Project.open(path) as project:
        return gold_words(project, document)


def _click_item(qtbot, window, row: int) -> None:
    rect = window.items.row_rect(row)
    qtbot.mouseClick(window.items.list.viewport(), Qt.LeftButton, pos=rect.center())
    assert window.current_item == row


def test_documents_are_ranked_lowest_agreement_first(window, review_project):
    _, doc, calm = review_project
    model = window.documents.rank_model
    assert [s.document for s in model.summaries] == [doc, calm]
    assert model.index(0, 1).data() == "Ostrel attack"
    assert model.index(1, 0).data() == "1.00"
    assert window.review.document.id == doc
    assert window.items.list.count() == 4
    assert window.items.row_text(1).startswith("• labels differ: ACTOR “Ostrel” (ben)")


def test_click_a_document_row_opens_it(qtbot, window, review_project):
    _, _, calm = review_project
    table = window.documents
    rect = table.visualRect(table.rank_model.index(1, 1))
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=rect.center())
    assert window.review.document.id == calm
    assert window.items.list.count() == 2


def test_accept_button_and_digit_key_copy_versions_to_gold(qtbot, window, review_project):
    path, doc, _ = review_project
    _click_item(qtbot, window, 1)
    qtbot.mouseClick(window.items.accept_buttons["amira"], Qt.LeftButton)
    assert _gold(path, doc) == [("Ostrel", "LOCATION")]
    assert window.items.row_text(1).startswith("✔")

    _click_item(qtbot, window, 2)
    window.documents.setFocus()  # keys work wherever the focus is
    qtbot.keyClick(window.documents, Qt.Key_2)  # ben's version
    assert ("killed 12 soldiers", "CASUALTY") in _gold(path, doc)


def test_reject_then_undo_and_redo(qtbot, window, review_project):
    path, doc, _ = review_project
    _click_item(qtbot, window, 3)
    qtbot.keyClick(window.items.list, Qt.Key_R)
    with Project.open(path) as project:
        assert rejected_keys(project, doc) == {MORTARS}
        assert review_status(project, doc) is ReviewStatus.in_progress
    assert window.items.row_text(3).startswith("✘")
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    with Project.open(path) as project:
        assert rejected_keys(project, doc) == set()
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    with Project.open(path) as project:
        assert rejected_keys(project, doc) == {MORTARS}


def test_undo_and_redo_update_status_bar_pending_count_and_review_status(
    qtbot, window, review_project
):
    path, doc, _ = review_project
    rows = window.documents.rank_model
    _click_item(qtbot, window, 3)
    qtbot.keyClick(window, Qt.Key_R)
    assert (rows.index(0, 3).data(), rows.index(0, 4).data()) == ("3", "in progress")
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert window.statusBar().currentMessage() == "Undo reject. 4 pending; review to do."
    assert (rows.index(0, 3).data(), rows.index(0, 4).data()) == ("4", "to do")
    with Project.open(path) as project:
        assert review_status(project, doc) is ReviewStatus.todo
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert window.statusBar().currentMessage() == "Redo reject. 3 pending; review in progress."
    assert (rows.index(0, 3).data(), rows.index(0, 4).data()) == ("3", "in progress")
    with Project.open(path) as project:
        assert review_status(project, doc) is ReviewStatus.in_progress


def test_accept_all_agreed_and_undo(qtbot, window, review_project):
    path, doc, _ = review_project
    qtbot.keyClick(window, Qt.Key_A, Qt.ControlModifier | Qt.ShiftModifier)
    assert _gold(path, doc) == [("Rebels", "ACTOR")]
    with Project.open(path) as project:
        assert project.spans(doc, GOLD)[0].attrs == {"actor_type": "rebel_group"}
    qtbot.mouseClick(window.items.agreed_button, Qt.LeftButton)  # nothing more to accept
    assert _gold(path, doc) == [("Rebels", "ACTOR")]
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert _gold(path, doc) == []
    assert window.items.row_text(0).startswith("•")


def test_draw_a_gold_span_by_dragging_and_a_label_hotkey(qtbot, window, review_project):
    path, doc, _ = review_project
    canvas = window.lanes.canvas
    start, end = TEXT.index("the river"), TEXT.index("river") + 2
    qtbot.mousePress(canvas, Qt.LeftButton, pos=canvas.token_point(start))
    qtbot.mouseMove(canvas, canvas.token_point(end))
    qtbot.mouseRelease(canvas, Qt.LeftButton, pos=canvas.token_point(end))
    assert canvas.selection() == (start, start + len("the river"))
    qtbot.keyClick(window, Qt.Key_2)  # LOCATION's hotkey, not ben's version
    assert _gold(path, doc) == [("the river", "LOCATION")]
    assert canvas.selection() is None
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert _gold(path, doc) == []


def test_clicking_a_word_selects_its_item(qtbot, window):
    canvas = window.lanes.canvas
    qtbot.mouseClick(canvas, Qt.LeftButton, pos=canvas.token_point(TEXT.index("mortars")))
    assert window.current_item == 3
    assert window.items.current_row() == 3
    assert canvas.selection() is None


def _answer_pending_question(window, button) -> list[str]:
    """Click `button` of the question Ctrl+Enter asks, once it shows; returns its text."""
    asked: list[str] = []

    def answer() -> None:
        box = window.pending_question
        if box is None or not box.isVisible():
            QTimer.singleShot(10, answer)
            return
        asked.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, answer)
    return asked


def test_ctrl_enter_with_pending_items_asks_and_no_keeps_the_document_open(
    qtbot, window, review_project
):
    path, doc, _ = review_project
    asked = _answer_pending_question(window, QMessageBox.StandardButton.No)
    qtbot.keyClick(window, Qt.Key_Return, Qt.ControlModifier)
    assert asked and asked[0].startswith("4 items of “Ostrel attack” are still pending")
    with Project.open(path) as project:
        assert review_status(project, doc) is ReviewStatus.todo
    assert window.review.document.id == doc
    assert window.statusBar().currentMessage() == (
        "Not marked reviewed: 4 items are still pending."
    )


def test_the_pending_question_counts_one_item_as_one(qtbot, window, review_project):
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key_R)  # reject the current item, on to the next pending
    asked = _answer_pending_question(window, QMessageBox.StandardButton.No)
    qtbot.keyClick(window, Qt.Key_Return, Qt.ControlModifier)
    assert asked and asked[0].startswith("1 item of “Ostrel attack” is still pending")
    assert window.statusBar().currentMessage() == "Not marked reviewed: 1 item is still pending."


def test_mark_reviewed_keeps_the_status_and_moves_on(qtbot, window, review_project):
    path, doc, calm = review_project
    asked = _answer_pending_question(window, QMessageBox.StandardButton.Yes)
    qtbot.keyClick(window, Qt.Key_Return, Qt.ControlModifier)
    assert asked
    with Project.open(path) as project:
        assert review_status(project, doc) is ReviewStatus.done
        assert project.status(doc, GOLD) is Status.done
    assert window.documents.rank_model.index(0, 4).data() == "✔ reviewed"
    assert window.review.document.id == calm
    window.activateWindow()  # back from the question
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    with Project.open(path) as project:
        assert review_status(project, doc) is ReviewStatus.todo
    assert window.review.document.id == doc


def _lane_point(canvas, offset: int, lane: int) -> QPoint:
    """The middle of a lane's bar under the word at `offset`."""
    word = canvas.token_point(offset)
    height = canvas.fontMetrics().height()
    top = word.y() - height // 2 + height + 2 + lane * (LANE_HEIGHT + LANE_GAP)
    return QPoint(word.x(), top + LANE_HEIGHT // 2)


def test_lanes_show_each_annotators_label_in_its_colour_and_gold_empty(window):
    canvas = window.lanes.canvas
    assert canvas.lanes == ["amira", "ben", "chen", GOLD]
    image = canvas.grab().toImage()
    colours = {label.name: QColor(label.colour) for label in window.project.schema.labels}
    ostrel = TEXT.index("Ostrel")
    shown = [image.pixelColor(_lane_point(canvas, ostrel, lane)) for lane in range(4)]
    assert shown[:3] == [colours["LOCATION"], colours["ACTOR"], colours["LOCATION"]]
    assert shown[3] not in colours.values()  # nothing in gold yet


def test_lane_tooltip_names_the_annotator_label_and_attributes(qtbot, window):
    canvas = window.lanes.canvas
    soldiers = TEXT.index("soldiers")
    qtbot.mouseMove(canvas, _lane_point(canvas, soldiers, 0))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == tooltip("amira: CASUALTY kind=killed")  # escaped, shown as is
    qtbot.mouseMove(canvas, _lane_point(canvas, soldiers, 1))
    qtbot.waitUntil(lambda: QToolTip.text() == tooltip("ben: CASUALTY"))


def test_n_and_p_step_through_the_pending_items(qtbot, window):
    assert window.current_item == 0
    qtbot.keyClick(window, Qt.Key_N)
    assert window.current_item == 1
    _click_item(qtbot, window, 1)
    qtbot.keyClick(window, Qt.Key_R)  # item 1 settled: N and P pass over it
    assert window.current_item == 2
    qtbot.keyClick(window, Qt.Key_P)
    assert window.current_item == 0
    qtbot.keyClick(window, Qt.Key_P)
    assert window.current_item == 3  # round from the first to the last
    qtbot.keyClick(window, Qt.Key_N)
    assert window.current_item == 0


def test_a_then_choose_accepts_a_version(qtbot, window, review_project):
    path, doc, _ = review_project
    _click_item(qtbot, window, 1)
    qtbot.keyClick(window, Qt.Key_A)
    menu = window.version_menu
    qtbot.waitUntil(menu.isVisible)
    assert [a.text().split(":")[0] for a in menu.actions()] == ["&1  amira", "&2  ben", "&3  chen"]
    qtbot.keyClick(menu, Qt.Key_2)
    assert _gold(path, doc) == [("Ostrel", "ACTOR")]


def test_the_version_chooser_shows_exact_boundaries_and_attributes(qtbot, window):
    _click_item(qtbot, window, 2)  # boundaries differ, with different attributes
    qtbot.keyClick(window, Qt.Key_A)
    menu = window.version_menu
    qtbot.waitUntil(menu.isVisible)
    amira, ben, chen = (action.text() for action in menu.actions())
    assert amira == "&1  amira: CASUALTY  … and killed [12 soldiers] with mortar…  (kind=killed)"
    assert ben.startswith("&2  ben: CASUALTY  …") and "[killed 12 soldiers]" in ben
    assert ben.endswith("(no attributes)")
    assert chen == "&3  chen: nothing"
    qtbot.keyClick(menu, Qt.Key_Escape)


def test_the_version_chooser_shows_each_versions_attributes_when_only_they_differ(
    qtbot, project_path
):
    with Project.open(project_path) as project:
        doc = add_text(project, TEXT, "Ostrel attack")
        for name, kind in (("amira", "rebel_group"), ("ben", "political_militia")):
            annotate(project, doc, name, [("Rebels", "ACTOR", {"actor_type": kind})])
    shown = ReviewWindow(project_path, "rita")
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    assert "attributes differ" in shown.items.list.item(0).text()
    qtbot.keyClick(shown, Qt.Key_A)
    menu = shown.version_menu
    qtbot.waitUntil(menu.isVisible)
    amira, ben = (action.text() for action in menu.actions())
    assert amira.startswith("&1  amira: ACTOR  …[Rebels] attacked") and amira.endswith(
        "(actor_type=rebel_group)"
    )
    assert ben.startswith("&2  ben: ACTOR  …[Rebels] attacked") and ben.endswith(
        "(actor_type=political_militia)"
    )
    qtbot.keyClick(menu, Qt.Key_2)
    with Project.open(project_path) as project:
        [gold] = project.spans(doc, GOLD)
    assert gold.attrs == {"actor_type": "political_militia"}


def test_ctrl_r_in_the_annotation_window_opens_review_mode(qtbot, review_project):
    from tests.gui.conftest import open_window

    path, doc, _ = review_project
    main = open_window(qtbot, path, annotator="rita")
    qtbot.keyClick(main.article, Qt.Key_R, Qt.ControlModifier)
    review = main.review_window
    qtbot.addWidget(review)
    qtbot.waitExposed(review)
    assert review.isVisible() and review.reviewer == "rita"
    assert review.review.document.id == doc  # the worst document first
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow)
    _click_item(qtbot, review, 1)
    qtbot.mouseClick(review.items.accept_buttons["amira"], Qt.LeftButton)
    assert _gold(path, doc) == [("Ostrel", "LOCATION")]


def test_leaving_an_annotator_out_under_compare_ranks_their_unfinished_documents(
    qtbot, review_project
):
    path, doc, calm = review_project
    with Project.open(path) as project:
        half = add_text(project, "Police detained three men in Brannick.", "Chen still working")
        annotate(project, half, "amira", [("Police", "ACTOR", {})])
        annotate(project, half, "ben", [("Brannick", "LOCATION", {})])
    shown = ReviewWindow(path, "rita")
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    assert [s.document for s in shown.documents.rank_model.summaries] == [doc, calm]
    menu = shown.compare_menu
    shown.menuBar().setActiveAction(menu.menuAction())
    qtbot.waitUntil(menu.isVisible)
    chen = next(a for a in menu.actions() if a.text() == "chen")
    assert chen.isChecked()
    qtbot.mouseClick(menu, Qt.LeftButton, pos=menu.actionGeometry(chen).center())
    assert shown.excluded == {"chen"}
    ranked = [s.document for s in shown.documents.rank_model.summaries]
    assert ranked == [half, doc, calm]  # half: amira and ben disagree
    assert shown.review.annotators == ["amira", "ben"]
    assert shown.lanes.canvas.lanes == ["amira", "ben", GOLD]

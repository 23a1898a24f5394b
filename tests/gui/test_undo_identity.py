"""Undo and redo act on the annotator's own span, found by identity, never on a reused row id."""

from PySide6.QtCore import Qt

from annotator.model import Span
from annotator.store import Project
from tests.gui.conftest import ARTICLES, rows
from tests.gui.test_annotate import drag

TEXT = ARTICLES[0][1]


def bob_labels(path, start: int, end: int, label: str) -> int:
    """Another annotator's span, stored by another connection (as an import or a second window)."""
    with Project.open(path) as other:
        return other.add_span(
            Span(document=1, annotator="bob", start=start, end=end, label=label)
        ).id


def log_actions(path, annotator):
    with Project.open(path) as project:
        rows_ = project.conn.execute(
            "SELECT action FROM log WHERE annotator = ? ORDER BY id", (annotator,)
        )
        return [row[0] for row in rows_]


def test_undo_after_another_annotator_took_the_next_id(qtbot, window, filled_path):
    view = window.article
    rebels = TEXT.index("Rebels")
    drag(qtbot, view, rebels, rebels + 3)
    qtbot.keyClick(view, Qt.Key.Key_1)
    (alice_id,) = [span.id for span in window.session.spans]
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert rows(filled_path) == []

    bob_id = bob_labels(filled_path, TEXT.index("Ostrel"), TEXT.index(" on Monday"), "LOCATION")
    assert bob_id != alice_id, "a deleted span's id was given to another span"

    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo delete
    assert rows(filled_path) == [("ACTOR", "Rebels", {})]
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo label
    assert rows(filled_path) == []
    assert rows(filled_path, "bob") == [("LOCATION", "Ostrel", {})]
    assert "span.delete" not in log_actions(filled_path, "bob")

    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # redo label
    assert rows(filled_path) == [("ACTOR", "Rebels", {})]
    assert rows(filled_path, "bob") == [("LOCATION", "Ostrel", {})]
    assert [span.label for span in window.session.spans] == ["ACTOR"]


def test_undo_never_touches_a_row_that_took_over_an_id(qtbot, window, filled_path):
    """Even where a row with the span's old id belongs to someone else (a project file made
    before ids were kept unique), undo finds Alice's span by identity."""
    view = window.article
    rebels = TEXT.index("Rebels")
    drag(qtbot, view, rebels, rebels + 3)
    qtbot.keyClick(view, Qt.Key.Key_1)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    alice_id = window.undo_stack.command(0).span.id
    with Project.open(filled_path) as other:
        other.conn.execute(
            'INSERT INTO spans (id, document, annotator, start, "end", label, created, updated)'
            " VALUES (?, 1, 'bob', 0, 6, 'ACTOR', 'x', 'x')",
            (alice_id,),
        )
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(filled_path) == []
    assert rows(filled_path, "bob") == [("ACTOR", "Rebels", {})]

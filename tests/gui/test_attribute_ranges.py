"""The attribute form writes back only what the user edited: a large stored count stays as it is."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from annotator.model import Span
from annotator.store import Project
from tests.gui.conftest import ARTICLES, open_window, point_of, rows

TEXT = ARTICLES[0][1]
PHRASE = "killing 12 civilians"


def stored_casualty(path, attrs):
    """A CASUALTY span of amira's with `attrs` written as is (as an older version let them in)."""
    start = TEXT.index(PHRASE)
    with Project.open(path) as project:
        span = project.add_span(
            Span(
                document=1,
                annotator="amira",
                start=start,
                end=start + len(PHRASE),
                label="CASUALTY",
            )
        )
        with project.transaction() as conn:
            conn.execute("UPDATE spans SET attrs = ? WHERE id = ?", (json.dumps(attrs), span.id))


def select_and_pick_kind(qtbot, window):
    view = window.article
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(view, TEXT.index(PHRASE) + 2)
    )
    kind = window.spans.form.editors["kind"]
    kind.setFocus()
    qtbot.keyClick(kind, Qt.Key.Key_Down)


@pytest.mark.parametrize("count", [2_000_000, 999_999_999])
def test_editing_kind_keeps_a_large_count(qtbot, filled_path, count):
    stored_casualty(filled_path, {"count": count})
    window = open_window(qtbot, filled_path)
    select_and_pick_kind(qtbot, window)
    assert rows(filled_path) == [("CASUALTY", PHRASE, {"count": count, "kind": "killed"})]
    assert window.spans.form.editors["count"].value() == count


def test_a_count_past_the_range_is_shown_and_never_rewritten(qtbot, filled_path):
    stored_casualty(filled_path, {"count": 10**20, "qualifier": "exact"})
    window = open_window(qtbot, filled_path)
    select_and_pick_kind(qtbot, window)
    form = window.spans.form
    assert form.editors["count"].text() == "100000000000000000000 (out of range)"
    assert rows(filled_path) == [("CASUALTY", PHRASE, {"count": 10**20, "qualifier": "exact"})]
    assert "count must be at most 1000000000" in window.statusBar().currentMessage()
    assert form.editors["kind"].currentText() == "—"


def test_a_count_past_the_range_can_be_corrected(qtbot, filled_path):
    stored_casualty(filled_path, {"count": 10**20})
    window = open_window(qtbot, filled_path)
    select_and_pick_kind(qtbot, window)
    count = window.spans.form.editors["count"]
    count.lineEdit().selectAll()
    qtbot.keyClicks(count.lineEdit(), "20")
    qtbot.keyClick(count, Qt.Key.Key_Return)
    assert rows(filled_path) == [("CASUALTY", PHRASE, {"count": 20})]

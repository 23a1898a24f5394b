"""Review shows each annotator's relations beside gold's and accepts one into gold, with its
spans; undo takes back exactly that."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.gui.plain_text import tooltip
from annotator.gui.review_window import ReviewWindow
from annotator.model import GOLD
from annotator.review_relations import accept_relation, relation_versions, undo_accept_relation
from annotator.store import Project
from annotator.store.relations import RelationError, add_relation, relations
from tests.conftest import add_text
from tests.test_review import TEXT, annotate

CASUALTY = ("12 soldiers", "CASUALTY", {"kind": "killed", "count": 12})


def _relate(project, document, annotator, head, tail, label):
    spans = {
        project.document(document).text[s.start : s.end]: s
        for s in project.spans(document, annotator)
    }
    add_relation(project, spans[head].id, spans[tail].id, label)


@pytest.fixture
def related(project_path):
    with Project.open(project_path) as project:
        doc = add_text(project, TEXT, "Ostrel attack")
        marks = [("Rebels", "ACTOR", {}), ("Ostrel", "LOCATION", {}), CASUALTY]
        annotate(project, doc, "amira", marks)
        annotate(project, doc, "ben", marks)
        _relate(project, doc, "amira", "12 soldiers", "Rebels", "PERPETRATOR")
        _relate(project, doc, "amira", "12 soldiers", "Ostrel", "PLACE")
        _relate(project, doc, "ben", "12 soldiers", "Rebels", "VICTIM")
        _relate(project, doc, "ben", "12 soldiers", "Ostrel", "PLACE")
    return project_path, doc


def _gold_relations(path, document):
    with Project.open(path) as project:
        return [(r.head.label, r.tail.label, r.label) for r in relations(project, document, GOLD)]


def test_versions_and_accept_with_spans_then_undo(related):
    path, doc = related
    with Project.open(path) as project:
        versions = relation_versions(project, doc)
        assert [(v.label, v.annotators, v.in_gold) for v in versions] == [
            ("PERPETRATOR", ["amira"], False),
            ("VICTIM", ["ben"], False),
            ("PLACE", ["amira", "ben"], False),
        ]
        accepted = accept_relation(project, doc, "amira", versions[2], reviewer="rita")
        assert [s.label for s in accepted.spans] == ["CASUALTY", "LOCATION"]
        assert project.spans(doc, GOLD)[-1].attrs == {"kind": "killed", "count": 12}
        assert relation_versions(project, doc)[2].in_gold
        with pytest.raises(RelationError, match="gold already has PLACE"):
            accept_relation(project, doc, "ben", versions[2], reviewer="rita")
        undo_accept_relation(project, accepted, reviewer="rita")
        assert project.spans(doc, GOLD) == [] and relations(project, doc, GOLD) == []


def test_window_lists_relations_and_accepts_one(qtbot, related):
    path, doc = related
    window = ReviewWindow(path, "rita")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    listing = window.relations.list
    assert listing.count() == 3
    assert listing.item(1).text() == ("CASUALTY “12 soldiers” —VICTIM→ ACTOR “Rebels”  (ben)")
    assert listing.item(1).toolTip() == tooltip(listing.item(1).text())
    assert listing.wordWrap() and not listing.horizontalScrollBar().isVisible()
    rect = listing.visualItemRect(listing.item(1))
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseClick(window.relations.accept, Qt.MouseButton.LeftButton)
    assert _gold_relations(path, doc) == [("CASUALTY", "ACTOR", "VICTIM")]
    assert listing.item(1).text().endswith("(ben)  ✔ gold")
    assert "Gold: VICTIM from ben added and 2 span(s)" in window.statusBar().currentMessage()
    qtbot.keyClick(listing, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _gold_relations(path, doc) == []
    qtbot.keyClick(listing, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert _gold_relations(path, doc) == [("CASUALTY", "ACTOR", "VICTIM")]
    window.close()

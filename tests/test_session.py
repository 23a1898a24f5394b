"""AnnotationSession without a display: selection, edits committed before events, navigation."""

import pytest

from annotator.model import Status
from annotator.session import AnnotationSession
from tests.conftest import add_text

TEXT = "Rebels of the Northern Front shelled Ostrel on Monday, killing 12 civilians."


@pytest.fixture
def session(project):
    add_text(project, TEXT, "Ostrel shelling")
    add_text(project, "Troops entered Melisk at dawn.", "Melisk")
    add_text(project, "A drone struck a market in Lirsk.", "Lirsk")
    opened = AnnotationSession(project, "amira")
    opened.open_first()
    return opened


def test_selection_snaps_to_words_and_moves_by_word(session):
    assert session.select_range(TEXT.index("orth"), TEXT.index("Front") + 2) == (
        TEXT.index("Northern"),
        TEXT.index("Front") + 5,
    )
    session.clear_selection()
    session.move_cursor(1)
    assert TEXT[slice(*session.selection)] == "shelled"
    session.open_document(1)
    session.move_cursor(1)
    assert session.selection == (0, len("Rebels"))
    session.move_cursor(1)
    session.move_cursor(1, extend=True)
    assert TEXT[slice(*session.selection)] == "of the"
    session.move_cursor(-1, extend=True)
    assert TEXT[slice(*session.selection)] == "of"


def test_add_span_is_committed_before_the_saved_event(session, project):
    seen = []
    session.events.saved.connect(
        lambda message: seen.append((message, [s.label for s in project.spans(1, "amira")]))
    )
    session.select_range(TEXT.index("Ostrel"), TEXT.index("Ostrel") + 6)
    span = session.add_span(*session.selection, "LOCATION")
    assert seen == [("Saved LOCATION “Ostrel”", ["LOCATION"])]
    assert session.selected_span == span.id
    assert [s.key for s in project.spans(1, "amira")] == [(37, 43, "LOCATION")]


def test_nested_spans_cycle_under_a_click(session):
    outer = session.add_span(TEXT.index("killing"), len(TEXT) - 1, "CASUALTY")
    inner = session.add_span(TEXT.index("civilians"), len(TEXT) - 1, "ACTOR")
    offset = TEXT.index("civilians") + 2
    session.clear_selection()
    assert session.click_at(offset).id == inner.id
    assert session.click_at(offset).id == outer.id
    assert session.click_at(offset).id == inner.id
    assert session.click_at(0) is None and session.selected_span is None


def test_relabel_attrs_delete_restore(session, project):
    span = session.add_span(TEXT.index("killing"), len(TEXT) - 1, "CASUALTY")
    session.update_span(span.id, attrs={"kind": "killed", "count": 12})
    assert project.span(span.id).attrs == {"kind": "killed", "count": 12}
    before, after = session.update_span(span.id, label="ACTOR")
    assert (before.label, after.label, after.attrs) == ("CASUALTY", "ACTOR", {})
    removed = session.delete_span(span.id)
    assert project.spans(1, "amira") == [] and session.spans == []
    session.restore_span(removed)
    assert project.span(span.id).label == "ACTOR"
    assert [s.id for s in session.spans] == [span.id]


def test_step_span_wraps(session):
    first = session.add_span(0, 6, "ACTOR")
    second = session.add_span(TEXT.index("Ostrel"), TEXT.index("Ostrel") + 6, "LOCATION")
    session.clear_selection()
    assert session.step_span(1).id == first.id
    assert session.step_span(1).id == second.id
    assert session.step_span(1).id == first.id
    assert session.step_span(-1).id == second.id


def test_mark_done_then_next_todo_and_progress(session, project):
    session.set_status(1, Status.done)
    assert session.go_next_todo() == 2
    session.set_status(2, Status.skipped)
    assert session.go_next_todo() == 3
    assert session.progress() == (1, 3)
    session.set_status(3, Status.done)
    assert session.go_next_todo() is None
    assert project.status(1, "amira") == Status.done
    assert project.status(2, "amira") == Status.skipped


def test_undoing_an_edit_elsewhere_reopens_its_article(session, project):
    span = session.add_span(0, 6, "ACTOR")
    session.go(1)
    assert session.document.id == 2
    session.delete_span(span.id)
    assert session.document.id == 1 and project.spans(1) == []


def test_other_annotators_spans_are_not_shown(session, project):
    other = AnnotationSession(project, "ben")
    other.open_document(1)
    other.add_span(0, 6, "ACTOR")
    session.open_document(1)
    assert session.spans == []

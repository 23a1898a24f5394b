"""Relations in the store: added, retyped and deleted with log rows, refused outside the schema,
found again by their spans' identity."""

from __future__ import annotations

import json

import pytest

from annotator.model import Span
from annotator.store import relations as rel
from tests.conftest import add_text

TEXT = "Rebels killed four villagers near Ostrel with mortars."


def _span(project, document, phrase, label, annotator="alice"):
    start = TEXT.index(phrase)
    span = Span(
        document=document, annotator=annotator, start=start, end=start + len(phrase), label=label
    )
    return project.add_span(span)


@pytest.fixture
def spans(project):
    document = add_text(project, TEXT)
    return {
        "casualty": _span(project, document, "four villagers", "CASUALTY"),
        "victims": _span(project, document, "villagers", "ACTOR"),
        "rebels": _span(project, document, "Rebels", "ACTOR"),
        "place": _span(project, document, "Ostrel", "LOCATION"),
        "bob": _span(project, document, "Rebels", "ACTOR", annotator="bob"),
    }


def _rows(project):
    return project.conn.execute(
        "SELECT h.label, t.label, r.label FROM relations r JOIN spans h ON h.id = r.head"
        " JOIN spans t ON t.id = r.tail ORDER BY r.id"
    ).fetchall()


def _log(project):
    rows = project.conn.execute(
        "SELECT action, annotator, data FROM log WHERE action LIKE 'relation.%' ORDER BY id"
    )
    return [(action, who, json.loads(data)) for action, who, data in rows]


def test_add_retype_delete_each_with_a_log_row(project, spans):
    added = rel.add_relation(project, spans["casualty"].id, spans["rebels"].id, "VICTIM")
    assert _rows(project) == [("CASUALTY", "ACTOR", "VICTIM")]
    retyped = rel.retype_relation(project, added, "PERPETRATOR")
    assert _rows(project) == [("CASUALTY", "ACTOR", "PERPETRATOR")]
    rel.delete_relation(project, retyped)
    assert _rows(project) == []
    head = {"start": TEXT.index("four"), "end": TEXT.index(" near"), "label": "CASUALTY"}
    assert [(a, who, d["label"], d["head"]) for a, who, d in _log(project)] == [
        ("relation.add", "alice", "VICTIM", head),
        ("relation.retype", "alice", "PERPETRATOR", head),
        ("relation.delete", "alice", "PERPETRATOR", head),
    ]
    assert _log(project)[1][2]["before"] == "VICTIM"


@pytest.mark.parametrize(
    ("head", "tail", "label", "message"),
    [
        (
            "casualty",
            "rebels",
            "PLACE",
            "PLACE relation leads from CASUALTY to LOCATION, not from CASUALTY to ACTOR",
        ),
        ("rebels", "casualty", "VICTIM", "not from ACTOR to CASUALTY"),
        ("casualty", "rebels", "LOCATED_IN", "unknown relation type 'LOCATED_IN'"),
        ("casualty", "bob", "VICTIM", "two spans of the same annotator"),
        ("casualty", "casualty", "VICTIM", "two different spans"),
    ],
)
def test_a_relation_outside_the_schema_is_refused(project, spans, head, tail, label, message):
    with pytest.raises(rel.RelationError, match=message):
        rel.add_relation(project, spans[head].id, spans[tail].id, label)
    assert _rows(project) == [] and _log(project) == []


def test_the_same_relation_twice_is_refused(project, spans):
    rel.add_relation(project, spans["casualty"].id, spans["place"].id, "PLACE")
    with pytest.raises(rel.RelationError, match="alice already has PLACE"):
        rel.add_relation(project, spans["casualty"].id, spans["place"].id, "PLACE")


def test_deleting_a_span_deletes_its_relations_and_both_come_back(project, spans):
    rel.add_relation(project, spans["casualty"].id, spans["victims"].id, "VICTIM")
    rel.add_relation(project, spans["casualty"].id, spans["place"].id, "PLACE")
    span, removed = rel.delete_span_with_relations(project, spans["casualty"].id)
    assert _rows(project) == []
    assert [a for a, _, _ in _log(project)] == ["relation.add"] * 2 + ["relation.delete"] * 2
    # Another annotator's span takes the freed row id meanwhile: restoring by identity
    # must not attach the relations to it.
    project.restore_span(span)
    for relation in removed:
        rel.restore_relation(project, relation)
    assert _rows(project) == [("CASUALTY", "ACTOR", "VICTIM"), ("CASUALTY", "LOCATION", "PLACE")]
    restored = rel.relations(project, span.document, "alice")
    assert {r.head.annotator for r in restored} == {"alice"}


def test_restore_finds_spans_by_identity_not_by_row_id(project, spans):
    added = rel.add_relation(project, spans["casualty"].id, spans["place"].id, "PLACE")
    rel.delete_relation(project, added)
    project.delete_span(spans["place"].id)
    with pytest.raises(rel.RelationError, match="alice has no LOCATION at"):
        rel.restore_relation(project, added)
    moved = project.add_span(spans["place"].model_copy(update={"id": None}))
    restored = rel.restore_relation(project, added)
    assert restored.tail.id == moved.id and _rows(project) == [("CASUALTY", "LOCATION", "PLACE")]


def test_relabel_that_breaks_a_relation_is_refused(project, spans):
    rel.add_relation(project, spans["casualty"].id, spans["place"].id, "PLACE")
    with pytest.raises(rel.RelationError, match="delete the PLACE relation first"):
        rel.check_relabel(project, spans["place"].id, "ACTOR")
    rel.check_relabel(project, spans["place"].id, "LOCATION")


def _span_rows(project):
    return project.conn.execute(
        'SELECT annotator, start, "end", label, attrs FROM spans ORDER BY id'
    ).fetchall()


@pytest.mark.parametrize(
    ("end", "label", "message"),
    [
        ("casualty", "WEAPON", "VICTIM relation leads from CASUALTY to ACTOR, not from WEAPON"),
        ("victims", "LOCATION", "VICTIM relation leads from CASUALTY to ACTOR, not from CASUALTY"),
    ],
)
def test_a_stored_relabel_that_breaks_a_relation_changes_nothing(
    project, spans, end, label, message
):
    rel.add_relation(project, spans["casualty"].id, spans["victims"].id, "VICTIM")
    spans_before, log_before = _span_rows(project), _log(project)
    with pytest.raises(rel.RelationError, match=f"{message}.*delete the VICTIM relation first"):
        project.update_span(spans[end].id, label=label)
    with pytest.raises(rel.RelationError, match="delete the VICTIM relation first"):
        project.update_span(spans[end], label=label)  # found by identity, as merge and CLI do
    assert _span_rows(project) == spans_before
    assert _rows(project) == [("CASUALTY", "ACTOR", "VICTIM")] and _log(project) == log_before
    assert (
        project.conn.execute("SELECT count(*) FROM log WHERE action = 'span.update'").fetchone()[0]
        == 0
    )


def test_a_stored_relabel_that_keeps_relations_in_the_schema_goes_through(project, spans):
    rel.add_relation(project, spans["casualty"].id, spans["victims"].id, "VICTIM")
    project.update_span(spans["rebels"].id, label="WEAPON")  # no relation: free to change
    project.update_span(spans["casualty"].id, attrs={"kind": "killed"})  # no relabel
    assert [row[3] for row in _span_rows(project)] == [
        "CASUALTY",
        "ACTOR",
        "WEAPON",
        "LOCATION",
        "ACTOR",
    ]
    assert _rows(project) == [("CASUALTY", "ACTOR", "VICTIM")]


def test_relation_keys_import_and_read_back(project, spans):
    document = spans["casualty"].document
    key = rel.RelationKey(spans["casualty"].key, spans["rebels"].key, "PERPETRATOR")
    assert rel.insert_relation_keys(project, document, "alice", [key, key]) == 1
    assert rel.relation_keys_of_documents(project, "alice", [document]) == {document: [key]}
    assert rel.relation_keys_of_documents(project, "bob", [document]) == {}
    missing = rel.RelationKey(spans["casualty"].key, (0, 3, "WEAPON"), "MEANS")
    with pytest.raises(rel.RelationError, match=r"no WEAPON span at \[0, 3\)"):
        rel.insert_relation_keys(project, document, "alice", [missing])

"""Relation agreement per pair and per type, against cases worked out by hand."""

from __future__ import annotations

import json

import pytest

from annotator import agreement
from annotator.agreement_report import project_agreement
from annotator.model import Span, Status
from annotator.store.relations import add_relation
from tests.conftest import add_text, run_cli

TEXT = "Rebels killed four villagers near Ostrel with mortars."
PHRASES = {
    "Rebels": ((0, 6), "ACTOR"),
    "four villagers": ((14, 28), "CASUALTY"),
    "villagers": ((19, 28), "ACTOR"),
    "villagers!": ((19, 28), "CASUALTY"),
    "Ostrel": ((34, 40), "LOCATION"),
    "mortars": ((46, 53), "WEAPON"),
}


def _annotate(project, document, annotator, relations, done=True):
    ids = {}
    for name, ((start, end), label) in PHRASES.items():
        span = Span(document=document, annotator=annotator, start=start, end=end, label=label)
        ids[name] = project.add_span(span).id
    for head, tail, label in relations:
        add_relation(project, ids[head], ids[tail], label)
    if done:
        project.set_status(document, annotator, Status.done)


@pytest.fixture
def three(project):
    document = add_text(project, TEXT)
    cas = "four villagers"
    _annotate(
        project,
        document,
        "amira",
        [
            (cas, "Rebels", "PERPETRATOR"),
            (cas, "villagers", "VICTIM"),
            (cas, "Ostrel", "PLACE"),
            (cas, "mortars", "MEANS"),
        ],
    )
    _annotate(
        project,
        document,
        "ben",
        [(cas, "Rebels", "PERPETRATOR"), (cas, "Rebels", "VICTIM"), (cas, "Ostrel", "PLACE")],
    )
    # Same type and tail, but its head span does not match amira's exactly: no match.
    _annotate(project, document, "chen", [("villagers!", "Ostrel", "PLACE")])
    # A document only amira finished does not count for any pair.
    other = add_text(project, "Rebels killed four villagers near Ostrel with mortars again.")
    _annotate(project, other, "amira", [(cas, "Ostrel", "PLACE")])
    _annotate(project, other, "ben", [], done=False)
    return project


def test_relation_f1_per_pair_and_type_by_hand(three):
    report = project_agreement(three)
    pairs = {(p.a, p.b): p for p in report.pairs}
    amira_ben = pairs["amira", "ben"]
    # amira 4 relations, ben 3, two the same: 2 * 2 / (4 + 3)
    assert amira_ben.relation_f1 == pytest.approx(4 / 7)
    assert (amira_ben.relations.a, amira_ben.relations.b, amira_ben.relations.matched) == (4, 3, 2)
    assert amira_ben.relations.per_type == {
        "VICTIM": 0.0,  # villagers vs Rebels
        "PERPETRATOR": 1.0,
        "PLACE": 1.0,
        "MEANS": 0.0,  # only amira: 2 * 0 / (1 + 0)
    }
    amira_chen = pairs["amira", "chen"]
    assert amira_chen.relation_f1 == 0.0
    assert amira_chen.relations.per_type["PLACE"] == 0.0
    assert amira_chen.relations.per_type["VICTIM"] == 0.0
    assert pairs["ben", "chen"].relations.per_type["MEANS"] is None  # neither drew one


def test_relation_f1_formula():
    a = [(1, (0, 6, "A"), (7, 9, "B"), "R"), (1, (0, 6, "A"), (10, 12, "B"), "R")]
    b = [(1, (0, 6, "A"), (7, 9, "B"), "R")]
    assert agreement.relation_f1(a, b) == pytest.approx(2 / 3)
    assert agreement.relation_f1([], []) is None


def test_json_adds_relation_f1_and_a_relations_block(three, project_path):
    result = run_cli("agreement", project_path, "--annotators", "amira,ben", "--json")
    assert result.exit_code == 0, result.output
    (pair,) = json.loads(result.stdout)["pairs"]
    assert pair["relation_f1"] == pytest.approx(4 / 7)
    assert pair["relations"] == {
        "a": 4,
        "b": 3,
        "matched": 2,
        "per_type": {"VICTIM": 0.0, "PERPETRATOR": 1.0, "PLACE": 1.0, "MEANS": 0.0},
    }
    table = run_cli("agreement", project_path, "--annotators", "amira,ben")
    assert "relation F1" in table.stdout and "0.571" in table.stdout

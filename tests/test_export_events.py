"""Event records: one per casualty figure, fields linked by relations or inferred by sentence,
written to CSV or JSON lines, with totals kept as ranges."""

from __future__ import annotations

import csv
import json

import pytest

from annotator.exporters.event_export import export_events
from annotator.model import GOLD, Span, Status
from annotator.store import Project
from annotator.store.relations import RelationKey, insert_relation_keys
from tests.conftest import add_text, run_cli
from tests.labelled_project import add_labelled, sample_gold_project

# Gold relations drawn on the sample's first and third articles: (head, tail, type) by offsets.
OSTREL = [
    ((18, 71, "CASUALTY"), (182, 188, "LOCATION"), "PLACE"),
    ((227, 240, "CASUALTY"), (155, 161, "ACTOR"), "PERPETRATOR"),
    ((227, 240, "CASUALTY"), (182, 188, "LOCATION"), "PLACE"),
    ((227, 240, "CASUALTY"), (419, 425, "WEAPON"), "MEANS"),
]
BRANNICK = [
    ((20, 65, "CASUALTY"), (42, 65, "ACTOR"), "VICTIM"),
    ((20, 65, "CASUALTY"), (531, 556, "ACTOR"), "PERPETRATOR"),
]
LINK, GUESS = "linked", "inferred"
# The first 12 records of the sample gold, worked out by hand from the articles: casualty,
# kind, count, count_low, count_high, qualifier, then victims, perpetrators, places, weapons,
# each as ([(text, attribute)], linked or inferred or None when empty).
EXPECTED = [
    (
        "At least 18 fighters of the Northern Liberation Front",
        "killed",
        None,
        18,
        None,
        "at_least",
        ([("Northern Liberation Front", "rebel_group")], GUESS),
        ([("Velorian army", "state_forces")], GUESS),
        ([("Ostrel", "town")], LINK),
        ([], None),
    ),
    (
        "Four soldiers",
        "killed",
        4,
        None,
        None,
        "exact",
        ([], None),
        ([("rebels", "rebel_group")], LINK),
        ([("Ostrel", "town")], LINK),
        ([("rifles", "small_arms")], LINK),
    ),
    (
        "Between 12 and 15 civilians",
        "injured",
        None,
        12,
        15,
        "range",
        ([], None),
        ([("insurgents", "rebel_group")], GUESS),
        ([("Ostrel", "town")], GUESS),
        ([("mortar shells", "artillery")], GUESS),
    ),
    (
        "nine rebels",
        "captured",
        9,
        None,
        None,
        "exact",
        ([], None),
        ([("troops", "state_forces")], GUESS),
        ([("Ostrel", "town")], GUESS),
        ([], None),
    ),
    (
        "twelve civilians",
        "killed",
        12,
        None,
        None,
        "exact",
        ([], None),
        ([], None),
        ([("Melisk", "town")], GUESS),
        ([("airstrike", "airstrike")], GUESS),
    ),
    (
        "more than 30 people",
        "injured",
        None,
        31,
        None,
        "at_least",
        ([], None),
        ([], None),
        ([("Melisk", "town")], GUESS),
        ([("airstrike", "airstrike")], GUESS),
    ),
    (
        "three children",
        "killed",
        3,
        None,
        None,
        "exact",
        ([], None),
        ([], None),
        ([("Melisk", "town")], GUESS),
        ([], None),
    ),
    (
        "twelve civilians",
        "killed",
        12,
        None,
        None,
        "exact",
        ([], None),
        ([], None),
        ([("Melisk", "town")], GUESS),
        ([], None),
    ),
    (
        "Three officers of the Karsh provincial police",
        "killed",
        3,
        None,
        None,
        "exact",
        ([("Karsh provincial police", "state_forces")], LINK),
        ([("Northern Liberation Front", "rebel_group")], LINK),
        ([("Karsh", "province")], GUESS),
        ([("roadside bomb", "explosive")], GUESS),
    ),
    (
        "Two passers-by",
        "injured",
        2,
        None,
        None,
        "exact",
        ([], None),
        ([("police", "state_forces")], GUESS),
        ([("Ostrel", "town")], GUESS),
        ([("device", "explosive")], GUESS),
    ),
    (
        "Four men",
        "captured",
        4,
        None,
        None,
        "exact",
        ([], None),
        ([("soldiers", "state_forces")], GUESS),
        ([], None),
        ([], None),
    ),
    (
        "seven aid workers",
        "captured",
        7,
        None,
        None,
        "exact",
        ([], None),
        ([("Covenant of the Highlands", "rebel_group")], GUESS),
        ([("Veloria", "country")], GUESS),
        ([], None),
    ),
]
FIELDS = {
    "victims": "victim_types",
    "perpetrators": "perpetrator_types",
    "places": "place_precisions",
    "weapons": "weapon_categories",
}


@pytest.fixture(scope="module")
def gold_path(tmp_path_factory):
    path = sample_gold_project(tmp_path_factory.mktemp("events") / "gold.db")
    with Project.open(path) as project:
        first, _, third = project.documents_with_status(GOLD)[:3]
        for document, relations in ((first, OSTREL), (third, BRANNICK)):
            keys = [RelationKey(head, tail, label) for head, tail, label in relations]
            assert insert_relation_keys(project, document, GOLD, keys) == len(keys)
    return path


def _shape(record):
    fields = []
    for name, column in FIELDS.items():
        values = list(zip(record[name], record[column]))
        state = None if not values else GUESS if record[f"{name}_inferred"] else LINK
        fields.append((values, state))
    figure = [record[key] for key in ("casualty", "kind", "count", "count_low", "count_high")]
    return (*figure, record["qualifier"], *fields)


def test_sample_gold_records_linked_and_inferred(gold_path, tmp_path):
    with Project.open(gold_path) as project:
        report = export_events(project, output=tmp_path / "events.jsonl")
    records = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert [_shape(record) for record in records[:12]] == EXPECTED
    assert records[0]["sentence"].startswith("OSTREL, Veloria — At least 18 fighters")
    assert records[0]["sentence"].endswith("the regional military command said.")
    assert (
        records[0]["title"] == "Army and rebels clash outside Ostrel as fighting spreads in Karsh"
    )
    assert (records[0]["start"], records[0]["end"]) == (18, 71)
    assert report["events"] == len(records) == 87 and report["documents"] == 24
    assert report["fields"]["perpetrators"]["linked"] == 2
    assert report["fields"]["places"]["linked"] == 2
    assert report["linked"] == 6  # one field per relation drawn
    assert report["inferred"] == sum(
        1 for record in records for name in FIELDS if record[f"{name}_inferred"]
    )


def test_totals_keep_ranges_and_open_ends(gold_path, tmp_path):
    with Project.open(gold_path) as project:
        report = export_events(project, output=tmp_path / "events.csv")
    ostrel = report["totals"]["documents"][_first_uid(gold_path)]
    # killed: at least 18 (no upper bound) + exactly 4; injured: 12-15; captured 9.
    assert ostrel == {
        "killed": {"figures": 2, "unnumbered": 0, "low": 22, "high": None},
        "injured": {"figures": 1, "unnumbered": 0, "low": 12, "high": 15},
        "captured": {"figures": 1, "unnumbered": 0, "low": 9, "high": 9},
    }
    rebels = report["totals"]["perpetrators"]["rebels"]
    assert rebels["killed"]["low"] >= 4
    assert report["totals"]["victims"]["Karsh provincial police"] == {
        "killed": {"figures": 1, "unnumbered": 0, "low": 3, "high": 3}
    }


def _first_uid(path):
    with Project.open(path) as project:
        document = project.document(project.documents_with_status(GOLD)[0])
        return f"{document.uid[:12]} {document.title}"


def test_csv_has_one_header_no_bom_and_defused_formulas(project, tmp_path):
    text = "=HYPERLINK killed 3 people. @rebels said +2 more."
    add_labelled(
        project,
        text,
        [
            {"start": 0, "end": 10, "label": "ACTOR"},
            {"start": 18, "end": 26, "label": "CASUALTY", "attrs": {"kind": "killed", "count": 3}},
        ],
        title="-crafted title",
    )
    export_events(project, output=tmp_path / "e.csv")
    raw = (tmp_path / "e.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines()))
    (row,) = rows
    assert row["title"] == "'-crafted title"
    assert row["sentence"] == "'=HYPERLINK killed 3 people."
    assert row["perpetrators"] == "'=HYPERLINK" and row["perpetrators_inferred"] == "true"
    assert row["count"] == "3" and row["count_low"] == "" and row["victims_inferred"] == "false"
    export_events(project, output=tmp_path / "excel.csv", excel=True)
    assert (tmp_path / "excel.csv").read_bytes().startswith(b"\xef\xbb\xbfdocument,title,")


def test_date_and_source_come_from_meta(project, tmp_path):
    text = "Two soldiers died."
    document = add_text(project, text, date="2026-03-01", source="Wire")
    project.add_span(Span(document=document, annotator=GOLD, start=0, end=12, label="CASUALTY"))
    project.set_status(document, GOLD, Status.done)
    export_events(project, output=tmp_path / "e.jsonl")
    (record,) = map(json.loads, (tmp_path / "e.jsonl").read_text().splitlines())
    assert (record["date"], record["source"]) == ("2026-03-01", "Wire")


def test_cli_writes_csv_and_refuses_other_extensions(project_path, tmp_path):
    with Project.open(project_path) as project:
        add_labelled(project, "Two soldiers died.", [("Two soldiers", "CASUALTY")])
    result = run_cli("export", project_path, "--format", "events", "-o", tmp_path / "e.csv")
    assert result.exit_code == 0, result.output
    assert "inferred: 0" in result.stdout and "totals per document:" in result.stdout
    assert (
        "victims: 0 / 0 / 1" in result.stdout
        and "unspecified at least 0 (1 figure, 1 without" in result.stdout
    )
    header, row = (tmp_path / "e.csv").read_text().splitlines()
    assert header.startswith("document,title,date,source,sentence,casualty,start,end,kind")
    assert ",Two soldiers died.,Two soldiers,0,12," in row
    refused = run_cli("export", project_path, "--format", "events", "-o", tmp_path / "e.txt")
    assert refused.exit_code == 2
    assert "e.txt: event records go to a .csv or a .jsonl file" in refused.stderr
    assert not (tmp_path / "e.txt").exists()


def test_records_stay_apart_when_a_sentence_holds_many_figures(project, tmp_path):
    """Each record names its own nearest actor, never every actor of the sentence."""
    units = ["rebels shot 3 soldiers"] * 50
    text = ", ".join(units) + "."
    spans = []
    for number in range(50):
        base = number * len("rebels shot 3 soldiers, ")
        spans.append({"start": base, "end": base + 6, "label": "ACTOR"})
        spans.append(
            {
                "start": base + 12,
                "end": base + 22,
                "label": "CASUALTY",
                "attrs": {"kind": "killed", "count": 3},
            }
        )
    add_labelled(project, text, spans)
    report = export_events(project, output=tmp_path / "e.jsonl")
    records = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert report["events"] == 50
    assert all(record["perpetrators"] == ["rebels"] for record in records)
    assert report["totals"]["perpetrators"]["rebels"]["killed"] == {
        "figures": 50,
        "unnumbered": 0,
        "low": 150,
        "high": 150,
    }


def test_worker_parts_write_the_same_file_and_report(gold_path, tmp_path, monkeypatch):
    from annotator.exporters import event_export

    with Project.open(gold_path) as project:
        alone = export_events(project, output=tmp_path / "alone.csv")
        monkeypatch.setattr(event_export, "PARALLEL_FROM", 1)
        monkeypatch.setattr(event_export, "PART_SIZE", 5)
        monkeypatch.setattr(event_export, "EXPORT_WORKERS", 2)
        parts = export_events(project, output=tmp_path / "parts.csv")
    assert (tmp_path / "parts.csv").read_bytes() == (tmp_path / "alone.csv").read_bytes()
    assert {**parts, "output": ""} == {**alone, "output": ""}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_figure_inside_another_of_its_kind_counts_once(project, tmp_path):
    """ "40 people" within "At least 40 people", both labelled: the same dead told twice."""
    text = "At least 40 people were killed in Ostrel. Two more were killed in Melisk."
    add_labelled(
        project,
        text,
        [
            {
                "start": 0,
                "end": 18,
                "label": "CASUALTY",
                "attrs": {"kind": "killed", "count_low": 40},
            },
            {"start": 9, "end": 18, "label": "CASUALTY", "attrs": {"kind": "killed", "count": 40}},
            {"start": 42, "end": 50, "label": "CASUALTY", "attrs": {"kind": "killed", "count": 2}},
        ],
    )
    report = export_events(project, output=tmp_path / "e.csv")
    (totals,) = report["totals"]["documents"].values()
    assert totals == {"killed": {"figures": 2, "unnumbered": 0, "low": 42, "high": None}}
    assert report["events"] == 3  # every figure keeps its own record

"""Event records: one per casualty figure, with actors, place and weapon from nearby sentences."""

from __future__ import annotations

import json

from annotator.exporters.events import export_events, sentence_bounds
from annotator.store import Project
from annotator.store.export_queries import ExportDocument
from annotator.tokens import Tokens
from tests.conftest import run_cli
from tests.labelled_project import add_labelled

TEXT = (
    "On Monday the Free Legion shelled Ostrel with mortars. "
    "At least 12 civilians were killed in Karsh province. "
    "Separately, police arrested three men in Brannick."
)


def test_one_record_per_figure_with_actors_place_and_weapon(project, tmp_path):
    add_labelled(
        project,
        TEXT,
        [
            ("the Free Legion", "ACTOR"),
            ("Ostrel", "LOCATION"),
            ("mortars", "WEAPON"),
            {
                "start": TEXT.index("At least"),
                "end": TEXT.index(" were"),
                "label": "CASUALTY",
                "attrs": {"kind": "killed", "count_low": 12, "qualifier": "at_least"},
            },
            ("civilians", "ACTOR"),
            ("Karsh province", "LOCATION"),
            ("police", "ACTOR"),
            ("three men", "CASUALTY"),
            ("Brannick", "LOCATION"),
        ],
    )
    add_labelled(project, "Markets reopened.", [])
    report = export_events(project, output=tmp_path / "events.jsonl")
    first, second = map(json.loads, (tmp_path / "events.jsonl").read_text().splitlines())
    assert first["casualty"] == {
        "text": "At least 12 civilians",
        "start": TEXT.index("At least"),
        "end": TEXT.index(" were"),
        "kind": "killed",
        "count_low": 12,
        "qualifier": "at_least",
    }
    # Actor and place are in the figure's sentence; the weapon only in the one before.
    assert [(a["text"], a["inside"]) for a in first["actors"]] == [("civilians", True)]
    assert first["location"]["text"] == "Karsh province"
    assert first["weapon"]["text"] == "mortars"
    assert first["sentence"] == "At least 12 civilians were killed in Karsh province."
    assert second["casualty"]["text"] == "three men"
    assert [a["text"] for a in second["actors"]] == ["police"]
    assert second["location"]["text"] == "Brannick" and second["weapon"] is None
    assert report["events"] == 2 and report["documents"] == 2 and report["without_weapon"] == 1


def test_cli_events_format(project_path, tmp_path):
    with Project.open(project_path) as project:
        add_labelled(project, "Two soldiers died.", [("Two soldiers", "CASUALTY")])
    result = run_cli("export", project_path, "--format", "events", "-o", tmp_path / "e.jsonl")
    assert result.exit_code == 0, result.output
    (record,) = map(json.loads, (tmp_path / "e.jsonl").read_text().splitlines())
    assert record["casualty"]["text"] == "Two soldiers" and record["actors"] == []


def test_an_opening_quote_starts_the_next_sentence():
    text = 'Shells hit the hospital. "We hid in the cellar," she said. 12 were "badly" hurt.'
    document = ExportDocument(1, "uid", "t", text, Tokens.from_text(text).pack(), [])
    sentences = [text[start:end] for start, end in sentence_bounds(document)]
    assert sentences == [
        "Shells hit the hospital.",
        '"We hid in the cellar," she said.',
        '12 were "badly" hurt.',
    ]

"""CoNLL export: BIO tags from the non-overlapping spans, one token a line, documents apart."""

from __future__ import annotations

from annotator.exporters.conll import export_conll
from annotator.model import Status
from annotator.store import Project
from tests.conftest import run_cli
from tests.labelled_project import add_labelled


def test_bio_tags_by_hand_with_nested_spans_and_two_documents(project, tmp_path):
    add_labelled(
        project,
        "At least 18 fighters of the Liberation Front died\n\nin Ostrel.",
        [
            ("At least 18 fighters of the Liberation Front", "CASUALTY"),
            ("the Liberation Front", "ACTOR"),
            ("Ostrel", "LOCATION"),
        ],
    )
    add_labelled(project, "Markets reopened.", [])
    report = export_conll(project, output=tmp_path / "gold.conll")
    assert (tmp_path / "gold.conll").read_text() == (
        "At\tB-CASUALTY\nleast\tI-CASUALTY\n18\tI-CASUALTY\nfighters\tI-CASUALTY\n"
        "of\tI-CASUALTY\nthe\tI-CASUALTY\nLiberation\tI-CASUALTY\nFront\tI-CASUALTY\n"
        "died\tO\nin\tO\nOstrel\tB-LOCATION\n.\tO\n"
        "\n"
        "Markets\tO\nreopened\tO\n.\tO\n"
        "\n"
    )
    assert report["documents"] == 2 and report["spans"] == 3 and report["left_out_of_tags"] == 1


def test_labels_filter_and_source(project, tmp_path):
    add_labelled(project, "Rebels shelled Ostrel.", [("Rebels", "ACTOR"), ("Ostrel", "LOCATION")])
    add_labelled(project, "Troops fired rockets.", [("rockets", "WEAPON")], annotator="ben")
    add_labelled(project, "Not done.", [("done", "WEAPON")], annotator="ben", status=Status.todo)
    export_conll(project, output=tmp_path / "a.conll", labels=["LOCATION"])
    assert "Rebels\tO\n" in (tmp_path / "a.conll").read_text()
    assert "Ostrel\tB-LOCATION\n" in (tmp_path / "a.conll").read_text()
    export_conll(project, output=tmp_path / "b.conll", source="ben")
    assert (tmp_path / "b.conll").read_text() == (
        "Troops\tO\nfired\tO\nrockets\tB-WEAPON\n.\tO\n\n"
    )


def test_cli_conll_and_unknown_source(project_path, tmp_path):
    with Project.open(project_path) as project:
        add_labelled(project, "Rebels shelled Ostrel.", [("Rebels", "ACTOR")])
    result = run_cli("export", project_path, "--format", "conll", "-o", tmp_path / "g.conll")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "g.conll").read_text().startswith("Rebels\tB-ACTOR\n")
    bad = run_cli(
        "export", project_path, "--format", "conll", "-o", tmp_path / "x", "--source", "z"
    )
    assert bad.exit_code == 2 and "annotators: gold" in bad.stderr
    assert not (tmp_path / "x").exists()

"""An export never writes over its own project, the project's journal files, another project
(any SQLite file), or a folder holding the project: one line, exit 2, nothing written."""

from __future__ import annotations

import shutil

import pytest

from annotator.store import Project
from tests.conftest import run_cli
from tests.labelled_project import sample_gold_project

SINGLE_FILE_FORMATS = ("jsonl", "conll", "events")
FOLDER_FORMATS = ("spacy", "hf")


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory):
    return sample_gold_project(tmp_path_factory.mktemp("gold") / "gold.db")


@pytest.fixture
def gold(gold_file, tmp_path):
    path = tmp_path / "g.db"
    shutil.copy(gold_file, path)
    return path


def refused(result, line: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [f"✘ {line}"]
    assert "Traceback" not in result.output


def still_a_project(path) -> None:
    with Project.open(path, read_only=True) as project:
        assert project.document_count() == 24


@pytest.mark.parametrize("export_format", SINGLE_FILE_FORMATS)
def test_an_export_onto_its_own_project_file_is_refused(gold, export_format):
    before = gold.read_bytes()
    result = run_cli("export", gold, "--format", export_format, "-o", gold)
    refused(result, f"{gold}: is the project file itself; choose another output")
    assert gold.read_bytes() == before
    still_a_project(gold)


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_an_export_onto_the_projects_journal_is_refused(gold, suffix):
    journal = gold.with_name(gold.name + suffix)
    result = run_cli("export", gold, "--format", "jsonl", "-o", journal)
    refused(result, f"{journal}: is the project's journal file ({suffix}); choose another output")
    assert not journal.exists() or suffix != "-journal"


@pytest.mark.parametrize("export_format", SINGLE_FILE_FORMATS)
def test_an_export_onto_another_project_is_refused(gold, gold_file, tmp_path, export_format):
    other = tmp_path / "other.csv"  # any name: the file's first bytes say it is SQLite
    shutil.copy(gold_file, other)
    before = other.read_bytes()
    result = run_cli("export", gold, "--format", export_format, "-o", other)
    refused(
        result,
        f"{other}: is an SQLite database (a project?), not an export; choose another output",
    )
    assert other.read_bytes() == before


@pytest.mark.parametrize("export_format", FOLDER_FORMATS)
def test_a_folder_export_onto_the_project_file_is_refused(gold, export_format):
    before = gold.read_bytes()
    result = run_cli("export", gold, "--format", export_format, "-o", gold, "--force")
    refused(result, f"{gold}: is the project file itself; choose another output folder")
    assert gold.read_bytes() == before


@pytest.mark.parametrize("export_format", FOLDER_FORMATS)
@pytest.mark.parametrize("depth", [0, 1])
def test_a_folder_export_onto_a_folder_holding_the_project_is_refused(
    gold_file, tmp_path, export_format, depth
):
    inner = tmp_path / "work" / ("deeper" if depth else "")
    inner.mkdir(parents=True, exist_ok=True)
    project = inner / "g.db"
    shutil.copy(gold_file, project)
    (inner / "notes.txt").write_text("mine")
    output = tmp_path / "work"
    result = run_cli("export", project, "--format", export_format, "-o", output, "--force")
    refused(result, f"{output}: holds the project file {project}; choose another folder")
    assert sorted(p.name for p in inner.iterdir()) == ["g.db", "notes.txt"]
    still_a_project(project)


def test_the_exporters_themselves_spare_a_project(gold, tmp_path):
    from annotator.exporters.conll import export_conll
    from annotator.exporters.source import ExportError
    from annotator.exporters.spacy import export_spacy

    before = gold.read_bytes()
    with Project.open(gold, read_only=True) as project:
        with pytest.raises(ExportError, match="is an SQLite database"):
            export_conll(project, output=gold)
        with pytest.raises(ExportError, match="holds the project file"):
            export_spacy(project, output=tmp_path, force=True)
    assert gold.read_bytes() == before

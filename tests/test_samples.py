"""The sample project: built once in the user's data folder, atomically, without gold."""

import json

import pytest

import annotator.samples as samples
from annotator.samples import DATA_DIR_VARIABLE, build_sample, sample_path
from annotator.store import Project
from tests.conftest import SAMPLES, run_cli


@pytest.fixture
def samples_dir(tmp_path, monkeypatch):
    folder = tmp_path / "samples"
    (folder / "articles").mkdir(parents=True)
    (folder / "annotators").mkdir()
    (folder / "articles" / "01-a.txt").write_text("Clash\n\nArmy units shelled Ostrel.\n")
    (folder / "articles" / "02-b.txt").write_text("Drone\n\nA drone hit Lirsk.\n")
    amira = {
        "text": "Army units shelled Ostrel.",
        "_annotator_id": "amira",
        "answer": "accept",
        "spans": [{"start": 19, "end": 25, "label": "LOCATION"}],
    }
    (folder / "annotators" / "amira.jsonl").write_text(json.dumps(amira) + "\n")
    (folder / "gold.jsonl").write_text(json.dumps({**amira, "_annotator_id": "gold"}) + "\n")
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path / "data"))
    monkeypatch.setattr(samples, "SAMPLES_DIR", folder)
    return folder


def test_built_once_in_the_data_folder_without_gold(samples_dir, tmp_path):
    path, built = build_sample()
    assert built and path == tmp_path / "data" / "sample.db" == sample_path()
    with Project.open(path) as project:
        stats = project.stats()
    assert stats["documents"] == 2
    assert stats["annotators"] == {"amira": {"done": 1, "skipped": 0, "spans": 1}}
    assert build_sample() == (path, False)
    assert build_sample(rebuild=True) == (path, True)
    assert [p.name for p in path.parent.iterdir()] == ["sample.db"]


def test_interrupted_build_leaves_nothing(samples_dir, tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(samples, "import_files", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_sample()
    assert list((tmp_path / "data").iterdir()) == []


def test_sample_command(samples_dir, tmp_path):
    result = run_cli("sample", "--print-path")
    assert result.exit_code == 0
    assert result.stdout.strip() == str(tmp_path / "data" / "sample.db")
    shown = run_cli("sample", "--json")
    assert json.loads(shown.stdout)["documents"] == 2


@pytest.mark.skipif(not (SAMPLES / "articles").is_dir(), reason="samples not in this checkout")
def test_the_bundled_samples_build(tmp_path):
    path, _ = build_sample(target=tmp_path / "sample.db", samples_dir=SAMPLES)
    with Project.open(path) as project:
        stats = project.stats()
    assert stats["documents"] >= 20
    assert {"amira", "ben", "chen"} <= set(stats["annotators"])
    assert "gold" not in stats["annotators"]

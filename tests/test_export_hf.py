"""Hugging Face token classification export: tokens, IOB tag ids, labels.json, stable split."""

import importlib.util
import json

import pytest

from annotator.exporters.folder import split_of
from annotator.exporters.hf import export_hf
from annotator.store import Project
from tests.conftest import run_cli
from tests.labelled_project import add_labelled, sample_gold_project

TEXT = "Army units shelled Ostrel.\n\nTwo  civilians died."


def read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_tokens_and_tag_ids(project, tmp_path):
    add_labelled(project, TEXT, [("Army units", "ACTOR"), ("Ostrel", "LOCATION")])
    report = export_hf(project, output=tmp_path / "hf", dev_fraction=0)
    names = json.loads((tmp_path / "hf" / "labels.json").read_text())
    assert names[:3] == ["O", "B-ACTOR", "I-ACTOR"]
    assert len(names) == 9
    (record,) = read(tmp_path / "hf" / "train.jsonl")
    assert record["tokens"] == [
        "Army",
        "units",
        "shelled",
        "Ostrel",
        ".",
        "Two",
        "civilians",
        "died",
        ".",
    ]
    assert [names[i] for i in record["ner_tags"]] == [
        "B-ACTOR", "I-ACTOR", "O", "B-LOCATION", "O", "O", "O", "O", "O",
    ]  # fmt: skip
    assert not (tmp_path / "hf" / "dev.jsonl").exists()
    assert report["documents"] == 1 and report["spans"] == 2


def test_split_like_the_spacy_export_and_loadable(tmp_path):
    path = sample_gold_project(tmp_path / "gold.db")
    result = run_cli("export", path, "--format", "hf", "--output", tmp_path / "hf", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    train, dev = read(tmp_path / "hf" / "train.jsonl"), read(tmp_path / "hf" / "dev.jsonl")
    assert (report["train"], report["dev"]) == (len(train), len(dev))
    assert len(train) + len(dev) == 24 and dev
    assert all(split_of(r["id"], 0, 0.2) == "dev" for r in dev)
    names = json.loads((tmp_path / "hf" / "labels.json").read_text())
    for record in train + dev:
        assert set(record) == {"id", "title", "tokens", "ner_tags"}
        assert len(record["tokens"]) == len(record["ner_tags"])
        assert all(isinstance(t, str) and t and not t.isspace() for t in record["tokens"])
        assert all(0 <= tag < len(names) for tag in record["ner_tags"])
        for previous, tag in zip(
            ["O", *map(names.__getitem__, record["ner_tags"])],
            map(names.__getitem__, record["ner_tags"]),
        ):
            assert not tag.startswith("I-") or previous[2:] == tag[2:]
    if importlib.util.find_spec("datasets") is not None:
        import datasets

        files = {
            "train": str(tmp_path / "hf" / "train.jsonl"),
            "dev": str(tmp_path / "hf" / "dev.jsonl"),
        }
        loaded = datasets.load_dataset("json", data_files=files)
        assert loaded["train"].num_rows == len(train)
        assert loaded["dev"][0]["tokens"] == dev[0]["tokens"]


def test_hf_export_refuses_a_non_empty_folder(project_path, tmp_path):
    with Project.open(project_path) as project:
        add_labelled(project, TEXT, [("Ostrel", "LOCATION")])
    (tmp_path / "hf").mkdir()
    (tmp_path / "hf" / "other.txt").write_text("x")
    result = run_cli("export", project_path, "--format", "hf", "--output", tmp_path / "hf")
    assert result.exit_code == 2
    assert "not empty" in result.stderr


@pytest.mark.parametrize("labels", ["LOCATION"])
def test_label_filter_limits_the_tag_names(project, tmp_path, labels):
    add_labelled(project, TEXT, [("Army units", "ACTOR"), ("Ostrel", "LOCATION")])
    export_hf(project, output=tmp_path / "hf", labels=[labels], dev_fraction=0)
    assert json.loads((tmp_path / "hf" / "labels.json").read_text()) == [
        "O",
        "B-LOCATION",
        "I-LOCATION",
    ]
    (record,) = read(tmp_path / "hf" / "train.jsonl")
    assert record["ner_tags"][3] == 1 and sum(record["ner_tags"]) == 1

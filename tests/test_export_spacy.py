"""spaCy export: DocBin contents against the project, the ents rule, the split, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin
from spacy.tokens import Span as SpacySpan

from annotator.exporters import spacy as spacy_export
from annotator.exporters import spacy_shards
from annotator.exporters.docbin_writer import DocBinWriter, DocSpan
from annotator.exporters.ents import TokenSpan, non_overlapping
from annotator.exporters.spacy import export_spacy, read_docs, split_of
from annotator.model import GOLD, Status
from annotator.store import Project
from annotator.tokens import document_uid
from tests.conftest import add_text, run_cli
from tests.labelled_project import add_labelled, sample_gold_project

NESTED = "At least 18 fighters of the Northern Liberation Front were killed near Ostrel town."


def exported_docs(folder: Path) -> list[Doc]:
    docs = list(read_docs(folder / "train.spacy"))
    if (folder / "dev.spacy").exists():
        docs += list(read_docs(folder / "dev.spacy"))
    return docs


def test_every_sample_span_is_in_the_docbin_with_offsets_labels_and_attrs(tmp_path):
    path = sample_gold_project(tmp_path / "sample.db")
    with Project.open(path) as project:
        report = export_spacy(project, output=tmp_path / "out")
        docs = {doc.user_data["annotator"]["uid"]: doc for doc in exported_docs(tmp_path / "out")}
        assert len(docs) == report["documents"] == project.document_count()
        left_out = 0
        for uid, doc in docs.items():
            document_id = project.document_id(uid)
            document, tokens = project.document(document_id), project.tokens(document_id)
            spans = project.spans(document_id, GOLD)
            assert doc.text == document.text
            assert [t.idx for t in doc] == tokens.starts.tolist()
            assert {(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]} == {
                span.key for span in spans
            }
            stored = {span.key: span.attrs for span in spans}
            for item in doc.user_data["annotator"]["spans"]:
                assert stored[(item["start"], item["end"], item["label"])] == dict(item["attrs"])
            ents = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
            assert ents <= {span.key for span in spans}
            left_out += len(spans) - len(ents)
        assert report["spans"] == sum(report["spans_per_label"].values())
        assert report["spans"] == project.stats()["spans"]
    assert report["left_out_of_ents"] == left_out > 0


def test_nested_spans_become_ents_longest_first_then_earliest(project, tmp_path):
    add_labelled(
        project,
        NESTED,
        [
            ("At least 18 fighters of the Northern Liberation Front", "CASUALTY"),
            ("the Northern Liberation Front", "ACTOR"),
            ("Northern Liberation", "ACTOR"),
            ("killed near", "WEAPON"),  # two tokens, overlaps the next two-token span
            ("near Ostrel", "LOCATION"),
            ("Ostrel town", "LOCATION"),
        ],
    )
    report = export_spacy(project, output=tmp_path / "out", dev_fraction=0)
    (doc,) = exported_docs(tmp_path / "out")
    # By hand: the 9-token CASUALTY takes tokens 0-8 (its ACTORs are left out); of the three
    # two-token spans over "killed near Ostrel town", the earliest wins and "Ostrel town"
    # no longer touches it.
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("At least 18 fighters of the Northern Liberation Front", "CASUALTY"),
        ("killed near", "WEAPON"),
        ("Ostrel town", "LOCATION"),
    ]
    assert len(doc.spans["sc"]) == 6
    assert report["left_out_of_ents"] == 3


def test_same_range_with_two_labels_keeps_the_first_label_alphabetically():
    spans = [TokenSpan(0, 2, "WEAPON"), TokenSpan(0, 2, "ACTOR"), TokenSpan(3, 4, "LOCATION")]
    assert non_overlapping(spans) == [TokenSpan(0, 2, "ACTOR"), TokenSpan(3, 4, "LOCATION")]


def test_docbin_writer_reads_back_like_spacys_own_docbin():
    nlp = spacy.blank("en")
    words, spaces = ["Rebels", "shelled", "\n\n", "Ostrel", "."], [True, False, False, False, False]
    reference = Doc(nlp.vocab, words=words, spaces=spaces)
    spans = [DocSpan(0, 1, 0, 6, "ACTOR"), DocSpan(3, 4, 16, 22, "LOCATION")]
    reference.spans["sc"] = [SpacySpan(reference, s.first, s.end, s.label) for s in spans]
    reference.set_ents([SpacySpan(reference, 3, 4, "LOCATION")], default="outside")
    reference.user_data["annotator"] = {"uid": "x", "spans": [{"start": 0, "attrs": {"a": 1}}]}
    theirs = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=True)
    theirs.add(reference)
    ours = DocBinWriter()
    ours.add(words, spaces, spans, spans[1:], dict(reference.user_data))
    (expected,) = DocBin().from_bytes(theirs.to_bytes()).get_docs(nlp.vocab)
    (actual,) = DocBin().from_bytes(ours.to_bytes()).get_docs(nlp.vocab)
    attrs = ["ORTH", "SPACY", "ENT_IOB", "ENT_TYPE"]
    assert (actual.to_array(attrs) == expected.to_array(attrs)).all()
    assert actual.text == expected.text

    def described(doc):
        return [(s.start, s.end, s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]]

    assert (
        described(actual)
        == described(expected)
        == [
            (0, 1, 0, 6, "ACTOR"),
            (3, 4, 16, 22, "LOCATION"),
        ]
    )
    assert actual.user_data == expected.user_data


def test_done_document_without_spans_is_a_negative_example(project, tmp_path):
    add_labelled(project, "Markets reopened in the capital on Monday.", [])
    add_labelled(project, "Rebels attacked Ostrel.", [("Rebels", "ACTOR")])
    add_labelled(project, "Not done yet: rebels attacked.", [("rebels", "ACTOR")], status=None)
    add_labelled(project, "Skipped: rebels attacked.", [("rebels", "ACTOR")], status=Status.skipped)
    add_labelled(project, "Done by ben only.", [("ben", "ACTOR")], annotator="ben")
    report = export_spacy(project, output=tmp_path / "out", dev_fraction=0)
    docs = exported_docs(tmp_path / "out")
    assert sorted(doc.text for doc in docs) == [
        "Markets reopened in the capital on Monday.",
        "Rebels attacked Ostrel.",
    ]
    negative = next(doc for doc in docs if doc.text.startswith("Markets"))
    assert list(negative.ents) == [] and list(negative.spans["sc"]) == []
    assert all(token.ent_iob_ == "O" for token in negative)  # known outside, not missing
    assert report["negative"] == 1 and report["documents"] == 2


def test_split_is_stable_when_documents_are_added(project, tmp_path):
    def splits(folder: Path) -> dict[str, str]:
        return {
            doc.user_data["annotator"]["uid"]: name
            for name in ("train", "dev")
            for doc in read_docs(folder / f"{name}.spacy")
        }

    for i in range(20):
        add_labelled(project, f"Report {i}: rebels attacked Ostrel.", [("rebels", "ACTOR")])
    export_spacy(project, output=tmp_path / "first", seed=3)
    for i in range(20, 60):
        add_labelled(project, f"Report {i}: rebels attacked Ostrel.", [("rebels", "ACTOR")])
    report = export_spacy(project, output=tmp_path / "second", seed=3)
    first, second = splits(tmp_path / "first"), splits(tmp_path / "second")
    assert len(first) == 20 and len(second) == 60
    assert all(second[uid] == name for uid, name in first.items())
    assert report["dev"] == sum(1 for name in second.values() if name == "dev") > 0
    assert report["train"] > report["dev"]
    assert all(split_of(uid, 3, 0.2) == name for uid, name in second.items())
    assert {split_of(uid, 4, 0.2) for uid in second} == {"train", "dev"}


def test_dev_fraction_zero_puts_everything_in_train_and_writes_no_dev(project, tmp_path):
    for i in range(10):
        add_labelled(project, f"Report {i}: rebels attacked.", [("rebels", "ACTOR")])
    report = export_spacy(project, output=tmp_path / "out", dev_fraction=0)
    assert not (tmp_path / "out" / "dev.spacy").exists()
    assert len(list(read_docs(tmp_path / "out" / "train.spacy"))) == 10
    assert (report["train"], report["dev"]) == (10, 0)


def test_large_splits_are_written_in_shards_that_read_back_whole(project, tmp_path, monkeypatch):
    monkeypatch.setattr(spacy_export, "SHARD_SIZE", 3)
    for i in range(10):
        add_labelled(project, f"Report {i}: rebels attacked.", [("rebels", "ACTOR")])
    report = export_spacy(project, output=tmp_path / "out", dev_fraction=0)
    shards = sorted(p.name for p in (tmp_path / "out" / "train.spacy").iterdir())
    assert shards == ["0000.spacy", "0001.spacy", "0002.spacy", "0003.spacy"]
    assert report["shards"] == {"train": 4}
    texts = [doc.text for doc in read_docs(tmp_path / "out" / "train.spacy")]
    assert sorted(texts) == sorted(f"Report {i}: rebels attacked." for i in range(10))


def test_labels_filter_labels_json_and_report_json(project, tmp_path):
    add_labelled(project, "Rebels shelled Ostrel.", [("Rebels", "ACTOR"), ("Ostrel", "LOCATION")])
    report = export_spacy(project, output=tmp_path / "out", labels=["ACTOR"], dev_fraction=0)
    (doc,) = exported_docs(tmp_path / "out")
    assert [(s.text, s.label_) for s in doc.spans["sc"]] == [("Rebels", "ACTOR")]
    assert json.loads((tmp_path / "out" / "labels.json").read_text()) == ["ACTOR"]
    assert json.loads((tmp_path / "out" / "report.json").read_text()) == report
    assert report["spans_per_label"] == {"ACTOR": 1}


def test_cli_export_prints_the_report(project_path, tmp_path):
    with Project.open(project_path) as project:
        add_labelled(project, "Rebels shelled Ostrel.", [("Rebels", "ACTOR")])
    result = run_cli("export", project_path, "--format", "spacy", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "documents: 1" in result.output and "ACTOR: 1" in result.output
    assert (tmp_path / "out" / "train.spacy").is_file()


def test_unknown_source_lists_the_annotators(project_path, tmp_path):
    with Project.open(project_path) as project:
        add_labelled(project, "Rebels shelled Ostrel.", [("Rebels", "ACTOR")])
        add_labelled(project, "Rebels shelled Ostrel again.", [("Rebels", "ACTOR")], "amira")
    result = run_cli(
        "export", project_path, "--format", "spacy", "-o", tmp_path / "o", "--source", "zed"
    )
    assert result.exit_code == 2
    assert "no annotator 'zed'" in result.stderr and "amira, gold" in result.stderr
    assert not (tmp_path / "o").exists()


def test_nothing_done_by_the_source_is_refused(project_path, tmp_path):
    with Project.open(project_path) as project:
        add_labelled(project, "Rebels shelled Ostrel.", [("Rebels", "ACTOR")], status=None)
    result = run_cli("export", project_path, "--format", "spacy", "-o", tmp_path / "o")
    assert result.exit_code == 2
    assert "gold has marked no documents done" in result.stderr
    assert not (tmp_path / "o").exists()


def test_non_empty_output_folder_is_refused_unless_forced(project_path, tmp_path):
    with Project.open(project_path) as project:
        add_labelled(project, "Rebels shelled Ostrel.", [("Rebels", "ACTOR")])
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    refused = run_cli("export", project_path, "--format", "spacy", "-o", out)
    assert refused.exit_code == 2 and "not empty" in refused.stderr and "--force" in refused.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    forced = run_cli("export", project_path, "--format", "spacy", "-o", out, "--force")
    assert forced.exit_code == 0
    assert {"train.spacy", "labels.json", "report.json", "notes.txt"} <= {
        p.name for p in out.iterdir()
    }


def test_unknown_label_is_refused(project_path, tmp_path):
    with Project.open(project_path) as project:
        add_labelled(project, "Rebels shelled Ostrel.", [("Rebels", "ACTOR")])
    result = run_cli(
        "export",
        project_path,
        "--format",
        "spacy",
        "-o",
        tmp_path / "o",
        "--labels",
        "ACTOR,PERSON",
    )
    assert result.exit_code == 2 and "unknown label(s) PERSON" in result.stderr


def test_a_failed_export_leaves_no_files(project, tmp_path, monkeypatch):
    add_labelled(project, "Rebels shelled Ostrel.", [("Rebels", "ACTOR")])
    add_text(project, "Another article.")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(spacy_export, "add_document", broken)
    exports = tmp_path / "exports"
    exports.mkdir()
    with pytest.raises(RuntimeError):
        export_spacy(project, output=exports / "out")
    assert list(exports.iterdir()) == []


def doc_contents(doc: Doc) -> tuple:
    return (
        [t.text for t in doc],
        [(s.start, s.end, s.label_) for s in doc.spans["sc"]],
        [(e.start, e.end, e.label_) for e in doc.ents],
        doc.user_data[spacy_export.USER_DATA_KEY],
    )


@pytest.mark.slow
def test_worker_processes_write_the_same_export(project, tmp_path, monkeypatch):
    """Big exports are written by worker processes; the files hold what one process writes."""
    monkeypatch.setattr(spacy_export, "SHARD_SIZE", 4)
    monkeypatch.setattr(spacy_shards, "PARALLEL_FROM", 1)
    for i in range(30):
        spans = [("rebels", "ACTOR"), ("Ostrel", "LOCATION")] if i % 3 else []
        add_labelled(project, f"Report {i}: rebels attacked Ostrel.", spans)
    results = []
    for workers in (1, 2):
        monkeypatch.setattr(spacy_shards, "EXPORT_WORKERS", workers)
        output = tmp_path / f"workers-{workers}"
        report = export_spacy(project, output=output, dev_fraction=0.3)
        names = sorted(str(p.relative_to(output)) for p in output.rglob("*.spacy"))
        docs = [doc_contents(doc) for doc in exported_docs(output)]
        results.append((report | {"output": None, "train_command": None}, names, docs))
    assert results[0] == results[1]
    report, names, docs = results[1]
    assert report["documents"] == len(docs) == 30 and report["negative"] == 10
    assert report["train"] + report["dev"] == 30 and report["shards"]["train"] > 1
    assert "train.spacy/0000.spacy" in names


def test_export_writes_a_config_spacy_trains_with(tmp_path):
    project_path = sample_gold_project(tmp_path / "gold.db")
    output = tmp_path / "out"
    result = run_cli("export", project_path, "--format", "spacy", "--output", output)
    assert result.exit_code == 0, result.stderr
    command = f"python -m spacy train {output / 'config.cfg'} --output {output / 'model'}"
    assert "Train a spaCy model on it with:" in result.stdout
    assert command in result.stdout
    checked = subprocess.run(
        [sys.executable, "-m", "spacy", "debug", "config", output / "config.cfg"],
        capture_output=True,
        text=True,
        cwd=tmp_path / "..",
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def one_document_seed(project_path, split: str, fraction: float) -> int:
    """Store one labelled document; returns a seed that puts it in `split`."""
    text = "Rebels shelled Ostrel."
    with Project.open(project_path) as project:
        add_labelled(project, text, [("Rebels", "ACTOR")])
    uid = document_uid(text)
    return next(seed for seed in range(100) if split_of(uid, seed, fraction) == split)


def test_an_empty_train_split_is_named_and_gets_no_config(project_path, tmp_path):
    seed = one_document_seed(project_path, "dev", 0.5)
    output = tmp_path / "out"
    result = run_cli(
        *("export", project_path, "--format", "spacy", "--output", output),
        *("--dev-fraction", "0.5", "--seed", seed),
    )
    assert result.exit_code == 0, result.stderr
    warning = (
        "the train split is empty: all 1 documents fell in dev (--dev-fraction 0.5, --seed"
        f" {seed}), so no config.cfg was written; mark more documents done, or give"
        " --dev-fraction 0 to train on them all"
    )
    assert f"⚠ {warning}" in result.stdout
    assert "spacy train" not in result.stdout
    assert not (output / "config.cfg").exists()
    report = json.loads((output / "report.json").read_text())
    assert (report["train"], report["dev"], report["warnings"]) == (0, 1, [warning])


def test_without_a_dev_set_the_config_scores_on_the_train_set(project_path, tmp_path):
    from spacy.util import load_config

    seed = one_document_seed(project_path, "train", 0.2)
    output = tmp_path / "out"
    for fraction, note in (
        ("0", "no dev set (--dev-fraction 0)"),
        ("0.2", "the dev split is empty"),
    ):
        result = run_cli(
            *("export", project_path, "--format", "spacy", "--output", output, "--force"),
            *("--dev-fraction", fraction, "--seed", seed),
        )
        assert result.exit_code == 0, result.stderr
        assert f"⚠ {note}" in result.stdout
        command = f"python -m spacy train {output / 'config.cfg'} --output {output / 'model'}"
        assert command in result.stdout
        paths = load_config(output / "config.cfg")["paths"]
        assert paths["train"] == paths["dev"] == str(output.resolve() / "train.spacy")


@pytest.mark.slow
@pytest.mark.parametrize("dev_fraction", ["0.2", "0"])
def test_spacy_train_runs_on_the_exported_config(tmp_path, dev_fraction):
    project_path = sample_gold_project(tmp_path / "gold.db")
    output = tmp_path / "out"
    exported = run_cli(
        "export",
        project_path,
        "--format",
        "spacy",
        "--output",
        output,
        "--dev-fraction",
        dev_fraction,
    )
    assert exported.exit_code == 0
    trained = subprocess.run(
        [
            *(sys.executable, "-m", "spacy", "train", output / "config.cfg"),
            *("--output", tmp_path / "model"),
            *("--training.max_steps", "4", "--training.eval_frequency", "2"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert trained.returncode == 0, trained.stdout[-2000:] + trained.stderr[-2000:]
    assert (tmp_path / "model" / "model-best" / "meta.json").is_file()


def test_relations_are_kept_in_each_docs_user_data(project, tmp_path, monkeypatch):
    from annotator.store.relations import RelationKey, insert_relation_keys

    text = "Rebels killed four villagers near Ostrel."
    document = add_labelled(
        project,
        text,
        [("Rebels", "ACTOR"), ("four villagers", "CASUALTY"), ("Ostrel", "LOCATION")],
    )
    keys = [
        RelationKey((14, 28, "CASUALTY"), (0, 6, "ACTOR"), "PERPETRATOR"),
        RelationKey((14, 28, "CASUALTY"), (34, 40, "LOCATION"), "PLACE"),
    ]
    insert_relation_keys(project, document, GOLD, keys)
    # Through a worker's shard writer too: the same function writes every shard.
    monkeypatch.setattr(spacy_shards, "PARALLEL_FROM", 1)
    export_spacy(project, output=tmp_path / "out", dev_fraction=0)
    (doc,) = exported_docs(tmp_path / "out")
    assert list(doc.user_data["annotator"]["relations"]) == [
        {
            "head": {"start": 14, "end": 28, "label": "CASUALTY"},
            "child": {"start": 0, "end": 6, "label": "ACTOR"},
            "label": "PERPETRATOR",
        },
        {
            "head": {"start": 14, "end": 28, "label": "CASUALTY"},
            "child": {"start": 34, "end": 40, "label": "LOCATION"},
            "label": "PLACE",
        },
    ]
    only_actors = export_spacy(project, output=tmp_path / "a", dev_fraction=0, labels=["ACTOR"])
    (doc,) = exported_docs(tmp_path / "a")
    assert only_actors["documents"] == 1 and not doc.user_data["annotator"]["relations"]

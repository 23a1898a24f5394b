"""spaCy DocBin import: every span group and doc.ents, the Doc's own tokens, and round trips."""

import json

from spacy.tokens import Doc, DocBin, Span

from annotator.exporters.conll import export_conll
from annotator.exporters.spacy import export_spacy
from annotator.importers import import_files
from annotator.model import GOLD
from annotator.store import Project
from annotator.store.relations import add_relation, relations
from annotator.tokens import Tokens, blank_english
from tests.conftest import run_cli
from tests.labelled_project import add_labelled, sample_gold_project
from tests.test_import_formats import labelled


def stored(project_path):
    """Each document's text with its gold spans (start, end, label, attrs), and its tokens."""
    with Project.open(project_path) as project:
        rows = project.conn.execute("SELECT id, text, tokens FROM documents").fetchall()
        return {
            text: (
                sorted(
                    (s.start, s.end, s.label, tuple(sorted(s.attrs.items())))
                    for s in project.spans(id_, GOLD)
                ),
                Tokens.unpack(blob, text).starts.tolist(),
            )
            for id_, text, blob in rows
        }


def test_spacy_round_trip_keeps_spans_attributes_and_tokens(tmp_path):
    ours = sample_gold_project(tmp_path / "ours.db")
    with Project.open(ours) as project:
        export_spacy(project, output=tmp_path / "out", dev_fraction=0)
    again = tmp_path / "again.db"
    Project.create(again).close()
    with Project.open(again) as project:
        report = import_files(project, [tmp_path / "out" / "train.spacy"])
    assert report.annotators[GOLD]["done"] == 24
    assert stored(again) == stored(ours)


def test_conll_round_trip_gives_the_same_file(tmp_path):
    ours = sample_gold_project(tmp_path / "ours.db")
    with Project.open(ours) as project:
        export_conll(project, output=tmp_path / "first.conll")
    again = tmp_path / "again.db"
    Project.create(again).close()
    with Project.open(again) as project:
        import_files(project, [tmp_path / "first.conll"], annotator=GOLD)
        export_conll(project, output=tmp_path / "second.conll")
    first = (tmp_path / "first.conll").read_text()
    assert first.count("\n\n") == 24
    assert (tmp_path / "second.conll").read_text() == first


def custom_docbin(path):
    """One Doc tokenised unlike spaCy's English (a hyphenated word kept whole), two span
    groups and ents."""
    words = ["Pro-government", "militia", "shelled", "Doruna", "."]
    doc = Doc(blank_english().vocab, words=words, spaces=[True, True, True, False, False])
    doc.spans["people"] = [Span(doc, 0, 1, "ACTOR")]
    doc.spans["places"] = [Span(doc, 3, 4, "LOCATION")]
    doc.ents = [Span(doc, 0, 2, "ACTOR"), Span(doc, 2, 3, "WEAPON")]
    DocBin(docs=[doc], store_user_data=True).to_disk(path)
    return path


def test_docbin_reads_every_span_group_and_ents(project_path, tmp_path):
    path = custom_docbin(tmp_path / "custom.spacy")
    result = run_cli("import", project_path, path, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["spans"] == 4
    assert labelled(project_path) == {
        ("imported", "Pro-government", "ACTOR"),
        ("imported", "Pro-government militia", "ACTOR"),
        ("imported", "Doruna", "LOCATION"),
        ("imported", "shelled", "WEAPON"),
    }
    with Project.open(project_path) as project:
        assert len(project.tokens(1)) == 5  # the Doc's tokens, not spaCy English's 7


def test_docbin_spans_key_picks_one_group(project_path, tmp_path):
    path = custom_docbin(tmp_path / "custom.spacy")
    result = run_cli("import", project_path, path, "--spans-key", "places")
    assert result.exit_code == 0, result.stderr
    assert {text for _, text, _ in labelled(project_path)} == {
        "Pro-government militia",  # from doc.ents
        "shelled",
        "Doruna",
    }
    result = run_cli("import", project_path, path, "--spans-key", "nope")
    assert result.exit_code == 2
    assert f"{path}:1: doc 1: no span group 'nope' (span groups: people, places)" in result.stderr


def test_not_a_docbin_is_a_file_error(project_path, tmp_path):
    path = tmp_path / "broken.spacy"
    path.write_bytes(b"\x89PNG\r\n\x1a\n not a docbin")
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert f"{path}:1: not a spaCy DocBin (.spacy) file" in result.stderr
    assert "--skip-invalid" not in result.stderr


def labels_of(project_path):
    """Each document's text -> its statuses, its spans with attributes and its relations."""
    with Project.open(project_path) as project:
        conn = project.conn
        found = {}
        for id_, text in conn.execute("SELECT id, text FROM documents"):
            statuses = conn.execute(
                "SELECT annotator, status FROM status WHERE document = ?", (id_,)
            ).fetchall()
            spans = [
                (s.annotator, s.start, s.end, s.label, json.dumps(s.attrs, sort_keys=True))
                for s in project.spans(id_)
            ]
            links = [(r.head.key, r.tail.key, r.label) for r in relations(project, id_)]
            found[text] = (sorted(statuses), sorted(spans), sorted(links))
        return found


def test_spacy_round_trip_brings_relations_back(tmp_path):
    ours = tmp_path / "ours.db"
    with Project.create(ours) as project:
        text = "Rebels killed four villagers near Ostrel."
        casualty = {"start": 14, "end": 28, "label": "CASUALTY", "attrs": {"kind": "killed"}}
        document = add_labelled(
            project, text, [("Rebels", "ACTOR"), casualty, ("Ostrel", "LOCATION")]
        )
        spans = {s.label: s.id for s in project.spans(document, GOLD)}
        add_relation(project, spans["CASUALTY"], spans["ACTOR"], "PERPETRATOR")
        add_relation(project, spans["CASUALTY"], spans["LOCATION"], "PLACE")
        add_labelled(project, "Nothing happened in the capital today.", [])  # a negative
    result = run_cli(
        "export", ours, "--format", "spacy", "--output", tmp_path / "ex", "--dev-fraction", "0"
    )
    assert result.exit_code == 0, result.stderr
    again = tmp_path / "again.db"
    Project.create(again).close()
    result = run_cli("import", again, tmp_path / "ex" / "train.spacy", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["relations"] == 2
    assert labels_of(again) == labels_of(ours)
    assert len(labels_of(again)["Rebels killed four villagers near Ostrel."][2]) == 2


def test_a_docbin_relation_the_schema_refuses_names_its_doc(project_path, tmp_path):
    doc = Doc(blank_english().vocab, words=["Rebels", "killed", "four"], spaces=[True, True, False])
    doc.spans["sc"] = [Span(doc, 0, 1, "ACTOR"), Span(doc, 1, 3, "CASUALTY")]
    head, child = (
        {"start": 0, "end": 6, "label": "ACTOR"},
        {"start": 7, "end": 18, "label": "CASUALTY"},
    )
    doc.user_data["annotator"] = {"relations": [{"head": head, "child": child, "label": "VICTIM"}]}
    path = tmp_path / "bad.spacy"
    DocBin(docs=[doc], store_user_data=True).to_disk(path)
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert (
        f"{path}:1: relation 1: a VICTIM relation leads from CASUALTY to ACTOR, not from ACTOR"
        in result.stderr
    )


def test_a_folder_of_shards_imports_as_one_docbin_in_shard_order(tmp_path, monkeypatch):
    from annotator.exporters import spacy as spacy_export

    ours = sample_gold_project(tmp_path / "ours.db")
    monkeypatch.setattr(spacy_export, "SHARD_SIZE", 5)
    with Project.open(ours) as project:
        export_spacy(project, output=tmp_path / "out", dev_fraction=0)
    folder = tmp_path / "out" / "train.spacy"
    shards = sorted(folder.iterdir())
    assert len(shards) == 5
    # Past 9,999 shards the names grow a digit: read by number (10000 last), not by name.
    shards = [shard.rename(folder / f"{9996 + n}.spacy") for n, shard in enumerate(shards)]
    vocab = blank_english().vocab
    order = [doc.text for shard in shards for doc in DocBin().from_disk(shard).get_docs(vocab)]
    again = tmp_path / "again.db"
    Project.create(again).close()
    result = run_cli("import", again, folder, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["documents_new"] == 24
    assert stored(again) == stored(ours)
    with Project.open(again) as project:
        texts = [project.document(i).text for i in range(1, 25)]
        meta = [project.document(i).meta for i in (1, 24)]
    assert texts == order
    assert meta == [{"docbin_doc": 1}, {"docbin_doc": 24}]


def test_a_folder_holding_more_than_shards_is_refused(project_path, tmp_path):
    folder = tmp_path / "train.spacy"
    folder.mkdir()
    custom_docbin(folder / "0000.spacy")
    (folder / "notes.txt").write_text("not a shard")
    result = run_cli("import", project_path, folder)
    assert result.exit_code == 2
    assert (
        f"{folder}:1: a folder of .spacy shards holds only .spacy files, not 'notes.txt'"
        in result.stderr
    )
    other = tmp_path / "articles"
    other.mkdir()
    result = run_cli("import", project_path, other)
    assert result.exit_code == 2
    assert f"{other}:1: is a folder, not a file (a folder of spaCy shards" in result.stderr
    with Project.open(project_path) as project:
        assert project.document_count() == 0

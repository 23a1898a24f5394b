"""One article twice in one import, once in another Unicode form or with other line endings."""

from __future__ import annotations

import json
import unicodedata

import pytest

from annotator.importers import ImportFailed, import_files
from tests.conftest import run_cli
from tests.importing import snapshot, span, write_jsonl

COMPOSED = unicodedata.normalize("NFC", "Rebels shelled Béla on Monday.\nTwo soldiers were killed.")
VARIANTS = {
    "decomposed": unicodedata.normalize("NFD", COMPOSED),
    "crlf": COMPOSED.replace("\n", "\r\n"),
}


def two_records(tmp_path, variant):
    """The article as the first record, its variant (with its own spans) as the second."""
    return write_jsonl(
        tmp_path / "twice.jsonl",
        [
            {"text": COMPOSED, "spans": [span(COMPOSED, "Rebels", "ACTOR")]},
            {"text": variant, "spans": [span(variant, "soldiers", "ACTOR")]},
        ],
    )


@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_the_variant_is_refused_with_its_line(project_path, tmp_path, variant):
    path = two_records(tmp_path, variant)
    before = snapshot(project_path)
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert f"{path}:2: the article is in line 1 of {path} already with other line" in result.output
    assert snapshot(project_path) == before


@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_a_variant_in_a_later_import_is_refused(project, tmp_path, variant):
    first = write_jsonl(tmp_path / "first.jsonl", [{"text": COMPOSED}])
    import_files(project, [first])
    later = write_jsonl(
        tmp_path / "later.jsonl", [{"text": variant, "spans": [span(variant, "Rebels", "ACTOR")]}]
    )
    with pytest.raises(ImportFailed, match=r"later\.jsonl:1: the article is stored already with"):
        import_files(project, [later])


@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_skipped_variant_leaves_spans_where_they_belong(project, tmp_path, variant):
    path = two_records(tmp_path, variant)
    report = import_files(project, [path], skip_invalid=True)
    assert (report.documents_new, report.spans, report.rejected) == (1, 1, 1)
    rows = project.conn.execute(
        "SELECT d.text, s.start, s.end FROM spans s JOIN documents d ON d.id = s.document"
    ).fetchall()
    assert [text[start:end] for text, start, end in rows] == ["Rebels"]
    rejected = json.loads((tmp_path / "twice.jsonl.rejects.jsonl").read_text())
    assert rejected["line"] == 2 and rejected["record"]["text"] == variant


@pytest.mark.parametrize("variant", VARIANTS.values(), ids=VARIANTS.keys())
def test_exports_read_the_stored_spans(project_path, tmp_path, variant):
    path = two_records(tmp_path, variant)
    assert run_cli("import", project_path, path, "--skip-invalid").exit_code == 0
    jsonl, conll = tmp_path / "out.jsonl", tmp_path / "out.conll"
    assert run_cli("export", project_path, "--format", "jsonl", "--output", jsonl).exit_code == 0
    assert (
        run_cli(
            "export", project_path, "--format", "conll", "--source", "imported", "-o", conll
        ).exit_code
        == 0
    )
    (record,) = [json.loads(line) for line in jsonl.read_text().splitlines()]
    assert [record["text"][s["start"] : s["end"]] for s in record["spans"]] == ["Rebels"]
    assert conll.read_text().startswith("Rebels\tB-ACTOR\nshelled\tO\n")


def test_same_text_twice_in_one_file_adds_both_annotators(project, tmp_path):
    path = write_jsonl(
        tmp_path / "two.jsonl",
        [
            {"text": COMPOSED, "spans": [span(COMPOSED, "Rebels", "ACTOR")], "_annotator_id": "a"},
            {"text": COMPOSED, "spans": [span(COMPOSED, "Béla", "LOCATION")], "_annotator_id": "b"},
        ],
    )
    report = import_files(project, [path])
    assert (report.documents_new, report.spans, report.rejected) == (1, 2, 0)

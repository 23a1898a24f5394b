"""--skip-invalid: the valid records go in, the rejected ones go to FILE.rejects.jsonl."""

import json

from annotator.importers import import_files
from tests.conftest import run_cli
from tests.importing import ARTICLE, span, write_jsonl

PLACE = span(ARTICLE, "Ostrel", "LOCATION")


def mixed_file(tmp_path):
    return write_jsonl(
        tmp_path / "mixed.jsonl",
        [
            {"text": ARTICLE, "spans": [PLACE], "_annotator_id": "amira"},
            '{"text": broken',
            {
                "text": "Second article from Brannick.",
                "spans": [{"start": 0, "end": 6, "label": "TOWN"}],
            },
            {"text": "Third article from Lirsk.", "_annotator_id": "amira", "spans": []},
            {"meta": {"title": "no text"}},
        ],
    )


def test_valid_records_go_in_and_rejects_are_written_with_reasons(project, tmp_path):
    path = mixed_file(tmp_path)
    report = import_files(project, [path], skip_invalid=True)
    assert (report.documents_new, report.rejected, report.spans) == (2, 3, 1)
    rejects = tmp_path / "mixed.jsonl.rejects.jsonl"
    assert report.rejects_files == [str(rejects)]
    lines = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [(entry["line"], entry["reason"].split(":")[0]) for entry in lines] == [
        (2, "malformed JSON"),
        (3, "span 1"),
        (5, "missing or empty 'text'"),
    ]
    assert "unknown label 'TOWN'" in lines[1]["reason"]
    assert lines[0]["record"] == '{"text": broken\n'
    assert lines[1]["record"]["text"] == "Second article from Brannick."
    assert lines[2]["record"] == {"meta": {"title": "no text"}}
    texts = {document.text for document in project.documents()}
    assert texts == {ARTICLE, "Third article from Lirsk."}


def test_cli_reports_rejects_file(project_path, tmp_path):
    path = mixed_file(tmp_path)
    result = run_cli("import", project_path, path, "--skip-invalid")
    assert result.exit_code == 0
    assert "Rejected 3 record(s)" in result.output
    assert "mixed.jsonl.rejects.jsonl" in result.output
    data = json.loads(run_cli("import", project_path, path, "--skip-invalid", "--json").stdout)
    assert (data["documents_new"], data["rejected"]) == (0, 3)


def test_no_rejects_file_when_everything_is_valid(project, tmp_path):
    path = write_jsonl(tmp_path / "fine.jsonl", [{"text": ARTICLE}])
    report = import_files(project, [path], skip_invalid=True)
    assert report.rejected == 0 and report.rejects_files == []
    assert not (tmp_path / "fine.jsonl.rejects.jsonl").exists()

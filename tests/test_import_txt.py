"""Plain-text import: title line, body, newline normalisation, idempotence, the import log."""

import json

import pytest

from annotator.importers import ImportFailed, import_files
from tests.conftest import run_cli


def test_title_is_first_non_empty_line_and_text_the_rest(project, tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(
        b"\r\n  Clashes in Ostrel  \r\n\r\nFirst paragraph.\r\n\r\nSecond one.\r\n\r\n"
    )
    report = import_files(project, [path])
    assert report.documents_new == 1
    document = next(project.documents())
    assert document.title == "Clashes in Ostrel"
    assert document.text == "First paragraph.\n\nSecond one."
    assert document.meta == {"file": "story.txt"}
    assert project.tokens(document.id).text == document.text


def test_importing_the_same_files_again_adds_nothing(project, tmp_path):
    paths = []
    for number in range(3):
        paths.append(tmp_path / f"{number}.txt")
        paths[-1].write_text(f"Title {number}\n\nBody of article {number}.\n", encoding="utf-8")
    first = import_files(project, paths)
    again = import_files(project, paths)
    assert (first.documents_new, first.documents_existing) == (3, 0)
    assert (again.documents_new, again.documents_existing) == (0, 3)
    assert project.document_count() == 3


def test_one_log_row_per_file_with_its_counts(project, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("A\n\nSame body.", encoding="utf-8")
    b.write_text("B\n\nSame body.", encoding="utf-8")
    import_files(project, [a, b])
    rows = project.conn.execute("SELECT action, data FROM log ORDER BY id").fetchall()
    assert [action for action, _ in rows] == ["import", "import"]
    first, second = (json.loads(data) for _, data in rows)
    assert (first["file"], first["documents_new"]) == (str(a), 1)
    # the same article again: counted once per import, as new in the file that brought it
    assert (second["documents_new"], second["documents_existing"]) == (0, 0)


def test_title_without_body_is_an_error(project, tmp_path):
    path = tmp_path / "title-only.txt"
    path.write_text("\n\nJust a title\n\n   \n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"title-only\.txt:3: .*no text"):
        import_files(project, [path])
    assert project.document_count() == 0


def test_cli_prints_what_it_did(project_path, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Title\n\nBody text here.", encoding="utf-8")
    result = run_cli("import", project_path, path)
    assert result.exit_code == 0
    assert "1 new documents, 0 already present" in result.output
    again = run_cli("import", project_path, path, "--json")
    assert json.loads(again.stdout)["documents_existing"] == 1

"""CSV files whose structure is broken: an unterminated quote, a header without rows."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tests.importing import snapshot


def rows(count: int, first: int = 1) -> str:
    return "".join(f"a{n},Clashes near Ostrel on day {n}.\n" for n in range(first, first + count))


@pytest.mark.parametrize("skip_invalid", [False, True], ids=["plain", "skip-invalid"])
def test_an_unterminated_quote_names_the_row_it_opens(project_path, tmp_path, skip_invalid):
    path = tmp_path / "batch.csv"
    path.write_text("id,text\n" + rows(3) + 'a4,"Rebels shelled Ostrel.\n' + rows(98, 5))
    before = snapshot(project_path)
    result = run_cli("import", project_path, path, *(["--skip-invalid"] if skip_invalid else []))
    assert result.exit_code == 2
    assert f"{path}:5: a quoted field starting in this row is never closed" in result.output
    assert "Nothing was imported." in result.output
    assert "--skip-invalid" not in result.output  # it would not help
    assert snapshot(project_path) == before


def test_text_after_a_closing_quote_is_an_error(project_path, tmp_path):
    path = tmp_path / "batch.csv"
    path.write_text('id,text\na1,"Rebels" shelled Ostrel.\n')
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert f"{path}:2: malformed CSV: ',' expected after '\"'" in result.output


@pytest.mark.parametrize("content", ["id,text\n", "id,text", "id,text\n\n , \n"])
def test_a_header_without_rows_is_an_error(project_path, tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_text(content)
    before = snapshot(project_path)
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert f"{path}:1: only a header, no rows of articles" in result.output
    assert snapshot(project_path) == before


def test_quoted_fields_over_many_lines_still_import(project, project_path, tmp_path):
    path = tmp_path / "batch.csv"
    path.write_text('id,text\na1,"Rebels shelled Ostrel.\n\nTwo died."\n' + rows(2, 2))
    assert run_cli("import", project_path, path).exit_code == 0
    assert [d.text for d in project.documents()][0] == "Rebels shelled Ostrel.\n\nTwo died."
    assert project.document_count() == 3

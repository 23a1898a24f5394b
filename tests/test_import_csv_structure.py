"""CSV files whose structure is broken or would lose data: an unterminated quote, a header
without rows, a column name twice or missing; and a field beyond the csv module's limit."""

from __future__ import annotations

import csv

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


def test_an_article_longer_than_the_csv_field_limit_imports(project, project_path, tmp_path):
    """csv's default limit is 131,072 characters a field; the same article imports as .txt."""
    article = "Militia fighters shelled Doruna. " * 5000
    path = tmp_path / "big.csv"
    path.write_text(f'title,text\nBig,"{article}"\n')
    limit = csv.field_size_limit()
    assert len(article) > limit
    result = run_cli("import", project_path, path)
    assert result.exit_code == 0, result.output
    assert [d.text for d in project.documents()] == [article.strip()]
    assert csv.field_size_limit() == limit  # the module's limit is put back


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("text,text", "column 'text' is named twice (columns 1 and 2)"),
        ("id,text, id", "column 'id' is named twice (columns 1 and 3)"),
    ],
)
def test_a_column_name_given_twice_is_an_error(project_path, tmp_path, header, reason):
    """csv.DictReader-style reading keeps only the last of two columns of one name."""
    path = tmp_path / "twice.csv"
    path.write_text(f"{header}\nfirst text,second text,third\n")
    before = snapshot(project_path)
    result = run_cli("import", project_path, path, "--skip-invalid")
    assert result.exit_code == 2
    assert f"{path}:1: {reason}; give each column its own name" in result.output
    assert snapshot(project_path) == before


def test_a_column_without_a_name_that_holds_values_is_an_error(project_path, tmp_path):
    path = tmp_path / "unnamed.csv"
    path.write_text("text,,x\nRebels shelled Ostrel.,,y\nTwo died in Ostrel.,lost,z\n")
    before = snapshot(project_path)
    result = run_cli("import", project_path, path)
    assert result.exit_code == 2
    assert (
        f"{path}:1: column 2 has no name but holds values (line 3); name it in the header"
        in result.output
    )
    assert "--skip-invalid" not in result.output
    assert snapshot(project_path) == before


def test_an_empty_column_without_a_name_is_left_out(project, project_path, tmp_path):
    """A trailing comma on every line (a spreadsheet's empty last column) loses nothing."""
    path = tmp_path / "trailing.csv"
    path.write_text("text,id,\nRebels shelled Ostrel.,a1,\nTwo died in Ostrel.,a2, \n")
    assert run_cli("import", project_path, path).exit_code == 0
    assert [d.meta for d in project.documents()] == [{"id": "a1"}, {"id": "a2"}]

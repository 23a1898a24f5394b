"""CSV import: a text column, an optional title, the other columns as meta, rows' line numbers."""

import pytest

from annotator.importers import ImportFailed, import_files


def test_text_title_and_meta_columns(project, tmp_path):
    path = tmp_path / "batch.csv"
    path.write_bytes(
        "\ufeffid,title,text,source\n"
        'a1,Mortar fire in Halvo,"HALVO — Two pupils were injured.\n\nNo one else was hurt.",wire\n'
        "a2,,Drone strike near Lirsk. Three killed.,desk\n".encode()
    )
    report = import_files(project, [path])
    assert report.documents_new == 2
    first, second = project.documents()
    assert first.title == "Mortar fire in Halvo"
    assert first.text == "HALVO — Two pupils were injured.\n\nNo one else was hurt."
    assert first.meta == {"id": "a1", "source": "wire"}
    assert second.title == "Drone strike near Lirsk. Three killed."
    assert second.meta == {"id": "a2", "source": "desk"}


def test_missing_text_column_names_file_and_columns(project, tmp_path):
    path = tmp_path / "nope.csv"
    path.write_text("title,body\nA,B\n", encoding="utf-8")
    with pytest.raises(
        ImportFailed, match=r"nope\.csv:1: no 'text' column \(columns: title, body\)"
    ):
        import_files(project, [path])


def test_errors_give_the_line_where_the_row_starts(project, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text('text,id\n"one\n\ntwo",1\n"  ",2\n', encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"rows\.csv:5: empty 'text'"):
        import_files(project, [path])
    assert project.document_count() == 0


def test_long_first_line_is_shortened_for_the_title(project, tmp_path):
    path = tmp_path / "long.csv"
    words = " ".join(["word"] * 40)
    path.write_text(f"text\n{words}\n", encoding="utf-8")
    import_files(project, [path])
    title = next(project.documents()).title
    assert title.endswith("…") and len(title) <= 80

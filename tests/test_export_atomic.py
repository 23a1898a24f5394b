"""Export files are written whole or not at all."""

import pytest

from annotator.exporters.atomic import atomic_text_file


def test_finished_write_replaces_the_file(tmp_path):
    output = tmp_path / "gold.conll"
    output.write_text("old\n")
    with atomic_text_file(output) as handle:
        handle.write("new\n")
        assert output.read_text() == "old\n"
    assert output.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["gold.conll"]


def test_failed_write_leaves_the_old_file_and_no_staging_file(tmp_path):
    output = tmp_path / "gold.conll"
    output.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_text_file(output) as handle:
        handle.write("half")
        raise RuntimeError("disk gone")
    assert output.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["gold.conll"]

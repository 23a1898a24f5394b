"""`annotator review`: the command that opens the review window."""

from tests.conftest import run_cli


def test_review_command_refuses_a_file_that_is_no_project(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("just notes")
    result = run_cli("review", path, "--reviewer", "rita")
    assert result.exit_code == 2
    assert "not an annotator project" in result.stderr

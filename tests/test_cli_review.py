"""`annotator review`: the command that opens the review window."""

from tests.conftest import run_cli


def test_review_command_refuses_a_file_that_is_no_project(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("just notes")
    result = run_cli("review", path, "--reviewer", "rita")
    assert result.exit_code == 2
    assert "not an annotator project" in result.stderr


def test_review_without_a_display_says_so_in_one_line(project_path, monkeypatch):
    """As `annotator gui` does: not Qt's abort and its lines about platform plugins."""
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    result = run_cli("review", project_path)
    assert result.exit_code == 1
    assert result.stderr == (
        "✘ no display: there is no X11 or Wayland session to show the window in"
        " (run under Xvfb or set QT_QPA_PLATFORM=offscreen)\n"
    )


def test_review_refuses_to_exclude_an_annotator_it_does_not_know(project_path):
    result = run_cli("review", project_path, "--exclude", "zed")
    assert result.exit_code == 2
    assert (
        result.stderr == f"✘ {project_path}: no annotator zed to exclude (annotators: none yet)\n"
    )

"""Every command explains itself: help text with an example."""

import typer.main

from annotator.cli._app import app
from tests.conftest import run_cli, run_process


def _commands():
    return typer.main.get_command(app).commands


def test_every_command_has_help_with_an_example():
    commands = _commands()
    assert {"init", "stats"} <= set(commands)
    for name in commands:
        result = run_cli(name, "--help")
        assert result.exit_code == 0, name
        assert "Example:" in result.output, f"`annotator {name} --help` shows no example"


def test_command_list_shows_each_description_whole():
    """The first paragraph of a command's help is its line in `annotator --help`: one
    sentence on one line, so that no terminal width cuts it mid-sentence."""
    listing = " ".join(run_cli("--help").output.replace("│", " ").split())
    for name, command in _commands().items():
        first = command.help.split("\n\n")[0]
        assert "\n" not in first and first.endswith("."), name
        assert f"{name} {first}" in listing, name


def test_init_then_stats_json(tmp_path):
    path = tmp_path / "news.db"
    assert run_cli("init", path).exit_code == 0
    result = run_cli("stats", path, "--json")
    assert result.exit_code == 0
    assert '"documents": 0' in result.output
    again = run_cli("init", path)
    assert again.exit_code == 2
    assert "already exists" in again.stderr


def test_init_with_broken_schema_names_the_field(tmp_path):
    schema = tmp_path / "bad.json"
    schema.write_text(
        '{"name": "x", "labels": [{"name": " padded", "colour": "#000000", "hotkey": "1"}]}'
    )
    result = run_cli("init", tmp_path / "p.db", "--schema", schema)
    assert result.exit_code == 2
    assert "labels.0.name" in result.stderr
    assert not (tmp_path / "p.db").exists()


def test_a_message_naming_a_long_path_stays_one_line(tmp_path):
    """Messages are not wrapped at 80 columns: a path with spaces is never cut across lines."""
    folder = tmp_path / "Conflict news projects" / "Team of three annotators, autumn round"
    folder.mkdir(parents=True)
    path = folder / "north district.db"
    created = run_cli("init", path)
    assert created.exit_code == 0
    assert any(str(path) in line for line in created.stdout.splitlines()), created.stdout
    stats = run_cli("stats", path).stdout.splitlines()
    assert any(f"{path}: 0 documents, 0 spans, language en" in line for line in stats), stats


def test_output_to_a_pipe_is_plain_text(tmp_path):
    """Colour codes only reach a terminal: a pipe or a file gets the text alone."""
    path = tmp_path / "news.db"
    assert run_cli("init", path).exit_code == 0
    result = run_process("stats", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"ℹ {path}: 0 documents, 0 spans, language en\n")
    assert "\x1b[" not in result.stdout


def test_a_mistake_on_the_command_line_is_one_line(tmp_path):
    """A missing project, a missing argument, an unknown option or command: one line on stderr
    that names it, exit 2; not Click's usage text in a box."""
    missing = tmp_path / "no such.db"
    cases = {
        ("stats", missing): f"Invalid value for 'path': file '{missing}' does not exist.",
        ("stats",): "Missing argument 'path'.",
        ("stats", missing, "--bogus"): "No such option: --bogus",
        ("frob",): "No such command 'frob'.",
    }
    for args, reason in cases.items():
        result = run_process(*args)
        assert result.returncode == 2, args
        assert result.stdout == ""
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"✘ {reason} (`"), line
        assert line.endswith(" --help` explains the command)")


def test_ctrl_c_is_one_line_and_exit_130(tmp_path):
    """A command stopped by Ctrl-C (here: interrupted while it reads the project) says so in
    one line, exit 130 as shells give it, not a traceback."""
    import subprocess
    import sys

    path = tmp_path / "news.db"
    assert run_cli("init", path).exit_code == 0
    script = (
        "import sys\n"
        "import annotator.cli as cli\n"
        "import annotator.cli.stats as stats\n"
        "def interrupted(**_):\n"
        "    raise KeyboardInterrupt\n"
        "stats.project_stats = interrupted\n"
        f"sys.argv = ['annotator', 'stats', {str(path)!r}]\n"
        "cli.main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 130
    assert result.stderr == "✘ interrupted; nothing unfinished was written\n"

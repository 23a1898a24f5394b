"""`stats` counts what the project shows; an unfinished import's documents and spans (hidden
until it ends, undone if its process died) are reported apart, by `stats` and by `check`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from annotator.store import Project
from annotator.store.staged_import import StagedImport
from tests.conftest import add_text, run_cli
from tests.labelled_project import add_labelled

EXISTING = "Rebels shelled Ostrel on Monday, witnesses said."
NEW = "Militia fighters entered Kessa at dawn."


@contextmanager
def unfinished_import(project_path, *, alive: bool) -> Iterator[None]:
    """A project with one shown document (one span), and an import that has committed a step:
    a new document with two spans, and a span on the shown document. Not `alive`: its process
    is gone (its lock released), as after a kill."""
    with Project.open(project_path) as project:
        add_labelled(project, EXISTING, [("Rebels", "ACTOR")], annotator="ben")
        with StagedImport(project) as staged:
            with staged.step():
                add_labelled(
                    project, NEW, [("Militia", "ACTOR"), ("Kessa", "LOCATION")], "ann1", None
                )
                add_labelled(project, EXISTING, [("Ostrel", "LOCATION")], "ann1", None)
            if not alive:
                staged._release()
            yield


def test_stats_leave_out_the_spans_of_a_running_import(project_path):
    with unfinished_import(project_path, alive=True):
        result = run_cli("stats", project_path, "--json")
        text = run_cli("stats", project_path)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "language": "en",
        "documents": 1,
        "spans": 1,
        "labels": {"ACTOR": 1},
        "annotators": {"ben": {"done": 1, "skipped": 0, "spans": 1}},
        "unfinished_import": {"documents": 1, "spans": 3, "running": True},
    }
    assert (
        "An import is under way (1 documents and 3 spans not shown yet; they appear when it"
        " finishes)" in text.stdout
    )


def test_stats_and_check_name_an_import_a_killed_process_left(project_path):
    with unfinished_import(project_path, alive=False):
        stats = json.loads(run_cli("stats", project_path, "--json").stdout)
        check = run_cli("check", project_path)
        checked = json.loads(run_cli("check", project_path, "--json").stdout)
    assert stats["spans"] == 1 and stats["annotators"]["ben"]["spans"] == 1
    assert stats["unfinished_import"] == {"documents": 1, "spans": 3, "running": False}
    line = (
        "An unfinished import, left by a process that stopped (1 documents and 3 spans, not"
        " shown): it is undone when the project is next opened for writing"
    )
    assert check.exit_code == 0
    assert check.stdout.splitlines()[0] == f"ℹ {line}"
    assert "no problems (2 documents, 4 spans checked)" in check.stdout
    assert checked["ok"] and checked["notes"] == [line]


def test_a_project_without_an_unfinished_import_says_nothing_of_one(project_path):
    with Project.open(project_path) as project:
        add_text(project, EXISTING)
    assert "unfinished_import" not in json.loads(run_cli("stats", project_path, "--json").stdout)
    assert json.loads(run_cli("check", project_path, "--json").stdout)["notes"] == []
    assert "import" not in run_cli("check", project_path).stdout

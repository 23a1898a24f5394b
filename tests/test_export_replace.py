"""`export --force` replaces its whole output at once: a kill at any moment leaves either the
whole old export or the whole new one, and the next export clears what the kill left."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.exporters import atomic
from tests.conftest import REPO, run_cli
from tests.labelled_project import sample_gold_project

# Runs `annotator ARGS` and SIGKILLs itself right after its KILL_AT-th file-system step
# (a DocBin written, a rename); NO_EXCHANGE=1 takes away renameat2's RENAME_EXCHANGE.
KILL_DRIVER = """
import os, signal, sys
import annotator.exporters.atomic as atomic
from annotator.exporters import docbin_writer
from annotator.cli import app

kill_at, steps = int(os.environ["KILL_AT"]), [0]

def stepped(function):
    def step(*args, **kwargs):
        result = function(*args, **kwargs)
        steps[0] += 1
        if steps[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    return step

os.replace, os.rename = stepped(os.replace), stepped(os.rename)
docbin_writer.DocBinWriter.to_disk = stepped(docbin_writer.DocBinWriter.to_disk)
if hasattr(atomic, "exchange_paths"):
    atomic.exchange_paths = stepped(atomic.exchange_paths)
    if os.environ.get("NO_EXCHANGE"):
        atomic._renameat2 = lambda: None
app(sys.argv[1:])
"""


def folder_bytes(folder: Path) -> dict[str, bytes] | None:
    if not folder.exists():
        return None
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def killed_export(project: Path, output: Path, kill_at: int, exchange: bool) -> int:
    env = {**os.environ, "PYTHONPATH": str(REPO), "KILL_AT": str(kill_at)}
    if not exchange:
        env["NO_EXCHANGE"] = "1"
    args = ["export", project, "--format", "spacy", "-o", output, "--seed", "1", "--force"]
    done = subprocess.run(
        [sys.executable, "-c", KILL_DRIVER, *map(str, args)], env=env, capture_output=True
    )
    return done.returncode


@pytest.mark.slow
@pytest.mark.parametrize("exchange", [True, False], ids=["rename-exchange", "two-renames"])
def test_a_kill_at_any_step_leaves_the_whole_old_or_the_whole_new_export(tmp_path, exchange):
    if exchange and atomic._renameat2() is None:
        pytest.skip("no renameat2(RENAME_EXCHANGE) here")
    (tmp_path / "project").mkdir()
    project = sample_gold_project(tmp_path / "project" / "gold.db")
    output = tmp_path / "exports" / "out"
    assert run_cli("export", project, "--format", "spacy", "-o", output).exit_code == 0
    (output / "notes.txt").write_text("the user's own file\n")
    old = folder_bytes(output)
    states = []
    # steps 1 and 2 (train.spacy, dev.spacy written) are the same either way
    for kill_at in range(1 if exchange else 3, 10):
        code = killed_export(project, output, kill_at, exchange)
        state = folder_bytes(output)
        if not exchange:  # between the two renames the output is away; the next run puts it back
            atomic.remove_stale_staging(output)
            state = folder_bytes(output)
        states.append((kill_at, code, state))
        atomic.remove_stale_staging(output)  # as the next export does first
        assert os.listdir(output.parent) == ["out"]
        if code == 0:
            break
        assert code == -9
    assert states[-1][1] == 0, "the export never got to its end"
    new = folder_bytes(output)
    assert new != old and new["notes.txt"] == old["notes.txt"]
    for kill_at, _code, state in states:
        assert state in (old, new), f"killed after step {kill_at}: a mix of old and new files"
    assert [state for _, _, state in states].count(old) >= (2 if exchange else 1)

"""Killing the window the moment it shows a label as saved loses nothing."""

import os
import select
import signal
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.gui.conftest import rows


@pytest.mark.slow
def test_label_shown_as_saved_survives_sigkill(filled_path, tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    process = subprocess.Popen(
        [sys.executable, str(REPO / "tests" / "gui" / "kill_driver.py"), str(filled_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        # Read the driver's line with a deadline: a driver that hangs fails the test instead
        # of blocking the suite.
        ready, _, _ = select.select([process.stdout], [], [], 60)
        assert ready, "the window printed nothing within 60 s"
        line = process.stdout.readline()
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert line.startswith("SAVED")
    assert process.returncode == -signal.SIGKILL
    assert rows(filled_path) == [("ACTOR", "Rebels", {})]

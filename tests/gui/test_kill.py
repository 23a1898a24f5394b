"""Killing the window the moment it shows a label as saved loses nothing."""

import os
import select
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO
from tests.gui.conftest import rows


def first_line(fd: int, deadline: float) -> str:
    """The first line written to pipe `fd`, read with a deadline: a driver that hangs, or
    writes half a line, fails the test instead of blocking the suite."""
    read = b""
    while b"\n" not in read:
        left = deadline - time.monotonic()
        ready, _, _ = select.select([fd], [], [], max(left, 0))
        assert ready, f"the window printed no whole line in time (got {read!r})"
        chunk = os.read(fd, 4096)
        assert chunk, f"the window ended before printing a line (got {read!r})"
        read += chunk
    return read.decode().partition("\n")[0]


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
        env=env,
    )
    try:
        line = first_line(process.stdout.fileno(), deadline=time.monotonic() + 60)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert line.startswith("SAVED")
    assert process.returncode == -signal.SIGKILL
    assert rows(filled_path) == [("ACTOR", "Rebels", {})]

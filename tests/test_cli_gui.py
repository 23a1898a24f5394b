"""`annotator gui` says plainly why no window can open, instead of letting Qt abort."""

import ctypes.util

from annotator.cli.gui import display_problem
from tests.conftest import run_cli

ALL_THERE = {"xcb-cursor": "libxcb-cursor.so.0", "xcb-icccm": "x", "xcb-keysyms": "x"}


def test_no_display_is_named():
    problem = display_problem({}, "linux", ALL_THERE.get)
    assert problem.startswith("no display")
    assert "QT_QPA_PLATFORM=offscreen" in problem


def test_missing_xcb_libraries_are_listed_with_the_install_command():
    found = {"xcb-icccm": "libxcb-icccm.so.4"}
    problem = display_problem({"DISPLAY": ":0"}, "linux", found.get)
    assert "libxcb-cursor0" in problem and "libxcb-keysyms1" in problem
    assert "libxcb-icccm4," not in problem.splitlines()[0]
    assert "sudo apt-get install -y libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in problem


def test_offscreen_wayland_and_other_systems_need_no_check():
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", {}.get) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", ALL_THERE.get) is None
    assert display_problem({}, "darwin", {}.get) is None


def test_command_exits_1_with_the_reason(monkeypatch, project_path):
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    result = run_cli("gui", project_path)
    assert result.exit_code == 1
    assert "sudo apt-get install -y libxcb-cursor0" in result.stderr


def test_missing_project_file(tmp_path):
    result = run_cli("gui", tmp_path / "missing.db")
    assert result.exit_code == 2
    assert "no such project file" in result.stderr

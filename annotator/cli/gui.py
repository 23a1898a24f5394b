"""`annotator gui`: open the annotation window (checks first that Qt can show a window)."""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import typer

from annotator.cli._app import app, fail, msg

XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
}
EXIT_NO_DISPLAY = 1


def display_problem(
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    find_library: Callable[[str], str | None] | None = None,
) -> str | None:
    """Why Qt could not open a window here (on Linux with the xcb platform), or None."""
    env = os.environ if env is None else env
    find_library = find_library or ctypes.util.find_library
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM", "xcb") != "xcb":
        return None
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return (
            "no display: there is no X11 or Wayland session to show the window in"
            " (run under Xvfb or set QT_QPA_PLATFORM=offscreen)"
        )
    missing = [package for name, package in XCB_LIBRARIES.items() if not find_library(name)]
    if missing:
        return (
            f"Qt needs system libraries that are missing: {', '.join(missing)}; install them"
            f" with `sudo apt-get install -y {' '.join(XCB_LIBRARIES.values())}`"
        )
    return None


def open_gui(*, path: Path | None = None, annotator: str | None = None) -> int:
    """Open the window on a project (or the open dialog); returns the application's exit code."""
    from annotator.gui.app import run

    return run(path, annotator)


@app.command("gui")
def gui_cli(
    path: Path = typer.Argument(
        None, help="Project file (.db); omit to choose one.", dir_okay=False
    ),
    annotator: str = typer.Option(None, "--annotator", "-a", help="Your annotator name."),
) -> None:
    """Open the annotation window on a project, as one annotator.

    Without a project, a dialog opens or creates one; without --annotator, the window asks
    once and remembers the name.

    Example: annotator gui news.db --annotator amira
    """
    if path is not None and not path.exists():
        fail(f"{path}: no such project file")
    problem = display_problem()
    if problem:
        fail(problem, code=EXIT_NO_DISPLAY)
    code = open_gui(path=path, annotator=annotator)
    if code:
        msg.fail(f"the window closed with exit code {code}")
    raise typer.Exit(code)

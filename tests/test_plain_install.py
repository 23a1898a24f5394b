"""A regular install (`pip install` of the wheel into a fresh virtual environment) imports HTML.

The development environment was installed by hand and may hold packages pyproject.toml does not
name (lxml_html_clean, which HTML import needs through trafilatura and jusText, was one); this
builds the wheel, installs it with its dependencies from the package index, and imports a page
with that environment's own `annotator`. About 2 minutes on a 2-core machine (build 20 s,
install 75 s without compiling .pyc files); pip caches its downloads beside pytest's
temporary folders where it caches at all.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import REPO, SAMPLES

pytestmark = pytest.mark.slow
PAGE = SAMPLES / "formats" / "report-ostrel.html"
NOT_SOURCE = shutil.ignore_patterns(
    ".*", "build", "*.egg-info", "__pycache__", "exports", "*.db", "*.db-*"
)


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run(
        [str(arg) for arg in args], capture_output=True, text=True, env=env, **kwargs
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_a_fresh_install_imports_html(tmp_path, tmp_path_factory):
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=NOT_SOURCE)  # the build writes beside its sources
    cache = tmp_path_factory.getbasetemp().parent / "pip-cache"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--cache-dir", cache]
    run(*pip, "wheel", "--no-deps", "--quiet", "--wheel-dir", tmp_path / "wheels", source)
    (wheel,) = (tmp_path / "wheels").glob("annotator-*.whl")
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    run(
        *pip,
        "--python",
        venv / "bin" / "python",
        "install",
        "--quiet",
        "--no-compile",
        wheel,
        timeout=600,
    )
    annotator, project = venv / "bin" / "annotator", tmp_path / "news.db"
    run(annotator, "init", project, cwd=tmp_path)
    run(annotator, "import", project, PAGE, cwd=tmp_path)
    with sqlite3.connect(project) as conn:
        rows = conn.execute("SELECT title, text FROM documents").fetchall()
    assert len(rows) == 1
    title, text = rows[0]
    assert title and "Ostrel" in text

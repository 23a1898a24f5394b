"""Outputs that would destroy a project: the project file, its journal, another SQLite file, or
a folder holding the project, which an export or a trained model would replace."""

from __future__ import annotations

import os
from pathlib import Path

from annotator.exporters.source import ExportError
from annotator.store.connection import SQLITE_HEADER

JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")
"""SQLite's files beside a database: writing over one loses the edits it holds."""


def check_file_spares_project(project: Path, output: Path) -> None:
    """Refuse a one-file export onto the project file, one of its journal files, or any
    existing SQLite database (another project, most likely): it would be replaced whole."""
    output, project = Path(output), Path(project)
    if _same(output, project):
        raise ExportError(f"{output}: is the project file itself; choose another output")
    for suffix in JOURNAL_SUFFIXES:
        if _same(output, project.with_name(project.name + suffix)):
            raise ExportError(
                f"{output}: is the project's journal file ({suffix}); choose another output"
            )
    check_not_sqlite(output)


def check_not_sqlite(output: Path) -> None:
    """Refuse to write a one-file export over an existing SQLite database (a project,
    whatever its name)."""
    if is_sqlite_file(output):
        raise ExportError(
            f"{output}: is an SQLite database (a project?), not an export; choose another output"
        )


def check_folder_spares_project(project: Path, output: Path) -> None:
    """Refuse an output folder that is the project file or holds it (in it or deeper): the
    folder is replaced by the export or the model."""
    output, project = Path(output), Path(project)
    if _same(output, project):
        raise ExportError(f"{output}: is the project file itself; choose another output folder")
    if project.resolve().is_relative_to(output.resolve()):
        raise ExportError(f"{output}: holds the project file {project}; choose another folder")


def is_sqlite_file(path: Path) -> bool:
    """Whether `path` is an existing file that starts as an SQLite database does."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:  # no such file, a folder, unreadable: not one to protect here
        return False


def _same(first: Path, second: Path) -> bool:
    """Whether two paths name one file (by its inode when both exist: links count)."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return first.resolve() == second.resolve()

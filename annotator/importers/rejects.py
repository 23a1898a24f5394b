"""The rejects files of `--skip-invalid`: FILE.rejects.jsonl beside each file, one line per
record set aside, with its line and reason.

Each is written as a temporary file in its folder as the rejects come, inside the import's
transaction and put on disk before it commits, so a folder where it cannot be written stops
the import with the project unchanged; it takes its name only once the import has committed.
A file without rejects needs none (it may sit in a read-only folder).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO

from annotator.errors import AnnotatorError
from annotator.importers.records import Rejection


class RejectsUnwritable(AnnotatorError):
    """The rejects file of an import cannot be written; nothing was imported."""

    def __init__(self, target: Path, error: OSError | str) -> None:
        reason = error if isinstance(error, str) else error.strerror or str(error)
        super().__init__(
            f"{target}: cannot write the rejects file ({reason}); nothing was imported"
        )


def rejects_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.rejects.jsonl")


class RejectsFiles:
    """The temporary rejects files of one import, one per input file with rejects."""

    def __init__(self) -> None:
        self._open: dict[Path, tuple[Path, IO[str]]] = {}

    @staticmethod
    def _temporary(target: Path) -> tuple[Path, IO[str]]:
        if target.is_dir():
            raise RejectsUnwritable(target, "a folder has its name")
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            return temporary, temporary.open("w", encoding="utf-8")
        except OSError as error:
            raise RejectsUnwritable(target, error) from None

    def add(self, path: Path, rejections: list[Rejection]) -> None:
        """Write the rejected records of `path`, each with its line and reason."""
        if not rejections:
            return
        if path not in self._open:
            self._open[path] = self._temporary(rejects_path(path))
        _, handle = self._open[path]
        try:
            for rejection in rejections:
                raw = rejection.raw
                if isinstance(raw, bytes):
                    raw = raw.decode("utf-8", errors="replace")
                entry = {"line": rejection.line, "reason": rejection.reason, "record": raw}
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        except OSError as error:
            raise RejectsUnwritable(rejects_path(path), error) from None

    def flush(self) -> None:
        """Put what was written on disk (call before the import commits: a full disk stops it)."""
        for path, (_, handle) in self._open.items():
            try:
                handle.flush()
                os.fsync(handle.fileno())
            except OSError as error:
                raise RejectsUnwritable(rejects_path(path), error) from None

    def keep(self) -> list[Path]:
        """Give the files their names (after the commit)."""
        kept = []
        for path, (temporary, handle) in self._open.items():
            handle.close()
            kept.append(temporary.replace(rejects_path(path)))
        self._open.clear()
        return kept

    def discard(self) -> None:
        """Remove every temporary file (the import failed or was cancelled)."""
        for temporary, handle in self._open.values():
            handle.close()
            temporary.unlink(missing_ok=True)
        self._open.clear()

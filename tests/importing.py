"""Helpers for import tests: writing JSONL files and snapshotting a project's rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.store import Project
from annotator.store.imports import row_counts

ARTICLE = (
    "Rebels of the Northern Front attacked Ostrel on Monday. "
    "At least 12 soldiers were killed by mortar shells."
)


def write_jsonl(path: Path, records: list[Any]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(project_path: Path) -> dict[str, Any]:
    """Row counts of every table and the whole log: what a failed import must not change."""
    with Project.open(project_path) as project:
        log = project.conn.execute("SELECT * FROM log ORDER BY id").fetchall()
        return {"rows": row_counts(project), "log": log}


def span(text: str, phrase: str, label: str, **attrs: Any) -> dict[str, Any]:
    start = text.index(phrase)
    return {"start": start, "end": start + len(phrase), "label": label, "attrs": attrs}

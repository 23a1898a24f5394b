"""Which labels an export takes: the source annotator and the label filter, checked."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.errors import AnnotatorError
from annotator.model import GOLD
from annotator.store import Project
from annotator.store.export_queries import done_count


class ExportError(AnnotatorError):
    """An export that cannot run: unknown source or label, nothing done, output in the way."""


def checked_source(project: Project, source: str | None) -> str:
    """The source annotator (default gold); raises ExportError if it has nothing done."""
    source = source or GOLD
    annotators = project.annotators()
    if source not in annotators:
        known = ", ".join(annotators) if annotators else "none yet"
        raise ExportError(f"{project.path}: no annotator {source!r} (annotators: {known})")
    if done_count(project, source) == 0:
        raise ExportError(
            f"{project.path}: {source} has marked no documents done; nothing to export "
            f"(mark documents done, or pick another --source)"
        )
    return source


def checked_labels(project: Project, labels: Iterable[str] | None) -> set[str] | None:
    """The labels to keep (None: all); raises ExportError naming any the schema lacks."""
    if not labels:
        return None
    wanted = {label.strip() for label in labels if label.strip()}
    known = [label.name for label in project.schema.labels]
    unknown = sorted(wanted - set(known))
    if unknown:
        raise ExportError(
            f"{project.path}: unknown label(s) {', '.join(unknown)} (labels: {', '.join(known)})"
        )
    return wanted


def exported_labels(project: Project, labels: set[str] | None) -> list[str]:
    """Label names in schema order, limited to `labels` when given."""
    return [label.name for label in project.schema.labels if labels is None or label.name in labels]

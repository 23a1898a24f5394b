"""JSON records of the tools teams use (Prodigy, doccano, Label Studio), told apart by shape.

One JSON record may become several ImportRecords: a Label Studio task holds each annotator's
annotation, a Prodigy review record each version of its sessions. No key that carries labels
is dropped silently: a shape we cannot read is an error naming the key, and what we read but
cannot store yet (relations, document labels) is counted in the record's `left_out`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotator.importers.doccano import doccano_record
from annotator.importers.jsonl import decode_line, record_from_json
from annotator.importers.label_keys import check_label_keys
from annotator.importers.label_studio import TASK_KEYS, label_studio_records
from annotator.importers.prodigy_review import version_records
from annotator.importers.records import ImportRecord, Rejection

SHAPES = ("auto", "prodigy", "doccano", "label-studio")
PRODIGY_KEYS = ("spans", "ents", "relations", "versions")
"""The label-carrying keys the Prodigy reader reads (see label_keys)."""


def parse_json_line(
    line: str, source: str, number: int, shape: str = "auto"
) -> list[ImportRecord | Rejection]:
    """The records of one JSON line, or a Rejection saying why it cannot go in."""
    data = decode_line(line, source, number)
    if isinstance(data, Rejection):
        return [data]
    try:
        return list(records_from_json(data, source, number, shape))
    except ValueError as error:
        return [Rejection(source, number, str(error), data)]


def records_from_json(data: Any, source: str, line: int, shape: str = "auto") -> list[ImportRecord]:
    """The ImportRecords of one decoded JSON record; ValueError says what is wrong with it."""
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, not {type(data).__name__}")
    if shape == "auto":
        shape = detect_shape(data)
    return _READERS[shape](data, source, line)


def detect_shape(data: dict[str, Any]) -> str:
    """Which tool's shape a record has: label-studio, doccano, or prodigy (ours too)."""
    task = isinstance(data.get("data"), dict)  # a task, labelled or not
    if task and ("text" not in data or _has_any(data, *TASK_KEYS)):
        return "label-studio"
    if any(_is_label_studio_annotations(data.get(key)) for key in TASK_KEYS):  # text on top
        return "label-studio"
    if "entities" in data or _is_triples(data.get("label")) or _is_triples(data.get("labels")):
        return "doccano"
    if "versions" not in data and any(_is_label_studio_regions(v) for v in data.values()):
        return "label-studio"
    if "annotation_id" in data and "annotator" in data:  # JSON-MIN of an empty annotation
        return "label-studio"
    return "prodigy"


def _prodigy_records(data: dict[str, Any], source: str, line: int) -> list[ImportRecord]:
    check_label_keys(data, PRODIGY_KEYS, "Prodigy")
    record = record_from_json(data, source, line)  # relations included
    if "versions" not in data:
        return [record]
    return [record, *version_records(data["versions"], record, source, line)]


def _doccano_records(data: dict[str, Any], source: str, line: int) -> list[ImportRecord]:
    return [doccano_record(data, source, line)]


_READERS: dict[str, Callable[[dict[str, Any], str, int], list[ImportRecord]]] = {
    "prodigy": _prodigy_records,
    "doccano": _doccano_records,
    "label-studio": label_studio_records,
}


def _has_any(data: dict[str, Any], *keys: str) -> bool:
    return any(key in data for key in keys)


def _is_triples(value: Any) -> bool:
    """doccano's `[[start, end, "LABEL"], ...]` (an empty list tells nothing)."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, list) and len(item) == 3 for item in value)
    )


def _is_label_studio_annotations(value: Any) -> bool:
    """Label Studio annotations (predictions, drafts): `[{"result": [...], ...}, ...]`."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) and "result" in item for item in value)
    )


def _is_label_studio_regions(value: Any) -> bool:
    """Label Studio JSON-MIN regions: `[{"start", "end", "labels": [...]}, ...]`."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) and "labels" in item and "start" in item for item in value)
    )

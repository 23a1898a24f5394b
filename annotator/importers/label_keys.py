"""Keys that carry labels: none is dropped silently, whichever tool wrote the record."""

from __future__ import annotations

from typing import Any

READ_BY = {
    "spans": "prodigy",
    "ents": "prodigy",
    "versions": "prodigy",
    "relations": "prodigy or doccano",
    "entities": "doccano",
    "annotations": "label-studio",
    "completions": "label-studio",
    "predictions": "label-studio",
    "drafts": "label-studio",
}
"""Keys some reader reads, and which: another reader meeting them says which --format would."""

LABEL_KEYS = (
    *READ_BY,
    "label",
    "labels",
    "result",
    "ner",
    "ner_tags",
    "tags",
    "accept",
    "cats",
)
"""Keys that carry labels in the shapes of common tools; never ignored when we do not read them."""


DOCCANO_1X = (
    "a doccano 1.x annotation (label ids, start_offset); export from doccano with label names"
)
"""doccano 1.x's `annotations` name labels by id, which the file does not resolve."""


def is_doccano_1x(item: Any) -> bool:
    """Whether `item` is a doccano 1.x annotation (`label` id, `start_offset`, `end_offset`)
    rather than a Label Studio one (`result`)."""
    return (
        isinstance(item, dict)
        and "result" not in item
        and ("start_offset" in item or "end_offset" in item)
    )


def check_label_keys(
    data: dict[str, Any], read: tuple[str, ...], shape: str, hint: str | None = None
) -> None:
    """Raise ValueError for a key that carries labels which the `shape` reader does not read;
    `hint` says what to do instead of the --format that would read it."""
    annotations = data.get("annotations")
    if isinstance(annotations, list) and any(is_doccano_1x(item) for item in annotations):
        number = next(n for n, item in enumerate(annotations, 1) if is_doccano_1x(item))
        raise ValueError(f"annotation {number}: {DOCCANO_1X}")
    for key in LABEL_KEYS:
        if key not in read and data.get(key) not in (None, [], {}, ""):
            raise ValueError(
                f"{key!r} carries labels in a shape the {shape} reader does not read; "
                f"they would be lost ({hint or _hint(key)})"
            )


def _hint(key: str) -> str:
    if key in READ_BY:
        which = "one of those" if " or " in READ_BY[key] else "that tool"
        return f"give --format {READ_BY[key]} if the file comes from {which}"
    return (
        "give --format doccano or label-studio if the file comes from one of those, "
        "or convert it to Prodigy's 'spans'"
    )

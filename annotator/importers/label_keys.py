"""Keys that carry labels: none is dropped silently, whichever tool wrote the record."""

from __future__ import annotations

from typing import Any

LABEL_KEYS = (
    "label",
    "labels",
    "entities",
    "annotations",
    "completions",
    "result",
    "ner",
    "ner_tags",
    "tags",
    "accept",
    "cats",
)
"""Keys that carry labels in the shapes of common tools; never ignored when we do not read them."""

RELATION_KEYS = ("relations",)


def check_label_keys(data: dict[str, Any], read: tuple[str, ...], shape: str) -> None:
    """Raise ValueError for a key that carries labels which the `shape` reader does not read."""
    for key in LABEL_KEYS:
        if key not in read and data.get(key) not in (None, [], {}, ""):
            raise ValueError(
                f"{key!r} carries labels in a shape the {shape} reader does not know; "
                f"they would be lost (give --format doccano or label-studio if the file "
                f"comes from one of those, or convert it to Prodigy's 'spans')"
            )


def count_left_out(data: dict[str, Any], keys: tuple[str, ...] = RELATION_KEYS) -> dict[str, int]:
    """How many items of each key in `keys` the record holds (not stored yet, but reported)."""
    return {key: len(data[key]) for key in keys if isinstance(data.get(key), list) and data[key]}

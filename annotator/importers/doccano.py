"""doccano's JSONL export: `text` with `label: [[start, end, "LABEL"], ...]` or `entities`.

doccano writes one of two shapes, by version and project type:
`{"text": ..., "label": [[0, 5, "Dish"], ...]}` (older ones say `data` for the text and
`labels` for the spans), or `{"text": ..., "entities": [{"id", "start_offset",
"end_offset", "label"}], "relations": [{"id", "from_id", "to_id", "type"}]}`.
Relations are counted as left out until the project stores relations.
"""

from __future__ import annotations

from typing import Any

from annotator.importers.jsonl import checked_text, span_from_json
from annotator.importers.label_keys import check_label_keys, count_left_out
from annotator.importers.records import ImportRecord, SpanInput, title_from_text

READ_KEYS = ("label", "labels", "entities")


def doccano_record(data: dict[str, Any], source: str, line: int) -> ImportRecord:
    """One doccano record; ValueError names the span or key at fault."""
    check_label_keys(data, READ_KEYS, "doccano")
    key = "text" if "text" in data or not isinstance(data.get("data"), str) else "data"
    text = checked_text(data.get(key), key)
    spans = doccano_spans(data, len(text))
    meta = dict(data["meta"]) if isinstance(data.get("meta"), dict) else {}
    if "id" in data:
        meta.setdefault("doccano_id", data["id"])
    title = meta.get("title")
    return ImportRecord(
        text=text,
        title=title if isinstance(title, str) and title.strip() else title_from_text(text),
        meta=meta,
        spans=spans,
        left_out=count_left_out(data),
        source=source,
        line=line,
    )


def doccano_spans(data: dict[str, Any], length: int) -> list[SpanInput]:
    """The spans of both shapes, checked against a text of `length` characters."""
    spans: list[SpanInput] = []
    for key in ("label", "labels"):
        for item in data.get(key) or []:
            if not (isinstance(item, list) and len(item) == 3):
                raise ValueError(
                    f"'{key}' item {len(spans) + 1}: expected [start, end, label], not {item!r}"
                )
            span = {"start": item[0], "end": item[1], "label": item[2]}
            spans.append(span_from_json(span, len(spans) + 1, length))
    entities = data.get("entities") or []
    if not isinstance(entities, list):
        raise ValueError("'entities' must be a list")
    for entity in entities:
        if not isinstance(entity, dict):
            raise ValueError(f"entity {len(spans) + 1}: expected a JSON object")
        span = {
            "start": entity.get("start_offset"),
            "end": entity.get("end_offset"),
            "label": entity.get("label"),
        }
        spans.append(span_from_json(span, len(spans) + 1, length))
    return spans

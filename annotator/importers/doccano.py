"""doccano's JSONL export: `text` with `label: [[start, end, "LABEL"], ...]` or `entities`.

doccano writes one of two shapes, by version and project type:
`{"text": ..., "label": [[0, 5, "Dish"], ...]}` (older ones say `data` for the text and
`labels` for the spans), or `{"text": ..., "entities": [{"id", "start_offset",
"end_offset", "label"}], "relations": [{"id", "from_id", "to_id", "type"}]}`.
Relations join entities by their `id` and become the project's relations (their `type` must
be a relation type of the schema that fits the two labels).
"""

from __future__ import annotations

from typing import Any

from annotator.importers.jsonl import checked_text, identifier, span_from_json
from annotator.importers.label_keys import check_label_keys
from annotator.importers.records import ImportRecord, RelationInput, SpanInput, title_from_text

READ_KEYS = ("label", "labels", "entities", "relations")


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
        relations=doccano_relations(data, spans),
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


def doccano_relations(data: dict[str, Any], spans: list[SpanInput]) -> list[RelationInput]:
    """doccano's `relations` (`from_id`, `to_id`, `type`) between `entities` by their `id`."""
    relations = data.get("relations") or []
    if not isinstance(relations, list):
        raise ValueError("'relations' must be a list")
    entities = [e for e in data.get("entities") or [] if isinstance(e, dict)]
    first = len(spans) - len(entities)  # the entities' spans come last
    by_id = _by_id(entities, spans[first:])
    found = []
    for number, relation in enumerate(relations, start=1):
        if not isinstance(relation, dict):
            raise ValueError(f"relation {number}: expected a JSON object")
        head = by_id.get(identifier(relation, "from_id", f"relation {number}"))
        tail = by_id.get(identifier(relation, "to_id", f"relation {number}"))
        label = relation.get("type")
        if head is None or tail is None:
            raise ValueError(f"relation {number}: 'from_id' or 'to_id' names no entity")
        if not isinstance(label, str) or not label:
            raise ValueError(f"relation {number}: missing 'type'")
        found.append(RelationInput(head, tail, label))
    return found


def _by_id(
    entities: list[dict[str, Any]], spans: list[SpanInput]
) -> dict[Any, tuple[int, int, str]]:
    """Each entity's span by its `id`; ValueError for an id that is no string or number, or
    that two entities share (a relation naming it could mean either)."""
    by_id: dict[Any, tuple[int, int, str]] = {}
    for number, (entity, span) in enumerate(zip(entities, spans), start=1):
        key = identifier(entity, "id", f"entity {number}")
        if key is not None and key in by_id:
            raise ValueError(f"entity {number}: duplicate entity id {key!r}")
        by_id[key] = (span.start, span.end, span.label)
    return by_id

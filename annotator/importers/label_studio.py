"""Label Studio exports: JSON (tasks with every annotator's annotations) and JSON-MIN.

JSON: a list of tasks `{"id", "data": {"text": ...}, "annotations": [{"completed_by",
"was_cancelled", "result": [{"type": "labels", "value": {"start", "end", "text",
"labels": [...]}}, {"type": "relation", "from_id", "to_id", ...}]}], "predictions": [...]}`.
Each annotation becomes its annotator's spans (email, or `label-studio-user-ID`), so a team's
project can be scored for agreement here; a cancelled annotation is a skipped document.
A draft (`drafts`, with its `user`) is that user's spans on a document still to do; a model's
`predictions` are counted as left out, as are drafts that name no one.
A `relation` result joins two `labels` results by their `id`: one relation per label of it
(`direction` "left" turns it round); one without a label is counted as left out.
JSON-MIN: one flat record per annotation, `{"id", "text", "<labels tag>": [{"start", "end",
"text", "labels"}], "annotator"}`.

Label Studio counts offsets in UTF-16 code units (JavaScript strings); where a text holds
characters beyond the BMP (emoji) they are turned into Python's code points, unless the
region's `text` says they were Python's already; a region whose `text` is not the text at
its offsets (either reading) is an error, and so is a result whose `to_name` names another
field of the task's data than the one read as its text.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from annotator.importers.jsonl import checked_text, identifier, span_from_json
from annotator.importers.label_keys import DOCCANO_1X, check_label_keys, is_doccano_1x
from annotator.importers.records import ImportRecord, RelationInput, SpanInput, title_from_text
from annotator.importers.utf16 import SplitCharacter, astral_starts, python_offset

NOT_SPAN_RESULTS = ("choices", "textarea", "rating", "taxonomy", "pairwise", "ranker")
"""Result types that are not span labels: counted as left out (document labels, comments)."""
SPANNING_RESULTS = ("labels",)
TASK_KEYS = ("annotations", "completions", "predictions", "drafts")
"""The label-carrying keys a task's reader reads (see label_keys)."""


def label_studio_records(data: dict[str, Any], source: str, line: int) -> list[ImportRecord]:
    """The records of one task (one per annotation or draft) or of one JSON-MIN record."""
    if isinstance(data.get("data"), dict):
        return _task_records(data, source, line)
    if "text" in data and any(key in data for key in TASK_KEYS):  # a task with its text on top
        fields = {key: value for key, value in data.items() if key != "text"}
        return _task_records({**fields, "data": {"text": data["text"]}}, source, line)
    return [_min_record(data, source, line)]


def annotator_name(completed_by: Any, key: str = "completed_by") -> str | None:
    """An annotator's name from `completed_by` / `annotator`: the email, else by user id;
    ValueError names `key` for a value that is neither (a list would become a name "[1]")."""
    if isinstance(completed_by, dict):
        email = completed_by.get("email")
        if isinstance(email, str) and email:
            return email
        completed_by, key = completed_by.get("id"), f"{key}.id"
    if completed_by is None or completed_by == "":
        return None
    if isinstance(completed_by, int) and not isinstance(completed_by, bool):
        return f"label-studio-user-{completed_by}"
    if isinstance(completed_by, str):
        return completed_by
    raise ValueError(f"{key!r} must be a user id or an email")


def _task_records(task: dict[str, Any], source: str, line: int) -> list[ImportRecord]:
    """One record per annotation and per draft whose annotator is known; the text alone if
    there are none. What is not imported (predictions, drafts of nobody, a draft of changes
    to a submitted annotation, which the annotation stands for) is counted on the first
    record."""
    check_label_keys(task, TASK_KEYS, "Label Studio")
    text_key, text = _task_text(task["data"])
    meta = {key: value for key, value in task["data"].items() if key != text_key}
    if "id" in task:
        meta["label_studio_id"] = task["id"]
    base = {"text": text, "title": _title(meta, text), "meta": meta, "source": source, "line": line}
    others = frozenset(meta) - {"label_studio_id"}
    annotations = _objects(task, "annotations") or _objects(task, "completions")
    named = [(f"annotation {n}", item) for n, item in enumerate(annotations, 1)]
    left_out = Counter({"predictions": _prediction_results(task)})
    drafts = [(f"draft {n}", draft) for n, draft in enumerate(_objects(task, "drafts"), 1)]
    edits = [draft for _, draft in drafts if draft.get("annotation") is not None]
    left_out["drafts of submitted annotations"] = len(edits)  # unsaved edits of one
    owned = [(name, d) for name, d in drafts if d not in edits and _draft_author(d) is not None]
    records = [_annotation(base, item, name, others) for name, item in [*named, *owned]]
    _one_per_annotator([name for name, _ in [*named, *owned]], records)
    left_out["drafts without an annotator"] = len(drafts) - len(edits) - len(owned)
    if not records:
        return [ImportRecord(**base, left_out=dict(+left_out))]
    first = records[0]
    merged = dict(Counter(first.left_out) + left_out)  # + drops the zeros
    return [first.model_copy(update={"left_out": merged}), *records[1:]]


def _annotation(
    base: dict[str, Any], item: dict[str, Any], name: str, others: frozenset[str]
) -> ImportRecord:
    """An annotation's (or a draft's) spans and relations as its annotator's record; a draft
    leaves the document's status as it is (todo), a cancelled annotation skips it. `others`
    are the task's data fields besides its text, which no region may label."""
    if is_doccano_1x(item):
        raise ValueError(f"{name}: {DOCCANO_1X}")
    try:
        spans, relations, left_out = _results(item.get("result") or [], base["text"], others)
        draft = name.startswith("draft")
        author = _draft_author(item) if draft else annotator_name(item.get("completed_by"))
        cancelled = item.get("was_cancelled")
        if not isinstance(cancelled, bool | None):
            raise ValueError("'was_cancelled' must be true or false")
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from None
    return ImportRecord(
        **base,
        spans=spans,
        relations=relations,
        answer=None if draft else "ignore" if cancelled else "accept",
        status="todo" if draft else None,
        annotator=author,
        annotator_from_file=True,
        left_out=left_out,
    )


def _one_per_annotator(names: list[str], records: list[ImportRecord]) -> None:
    """ValueError for two annotations (or drafts) of one annotator: a project holds one
    version per annotator, and merging them would give spans and a status neither had."""
    seen: dict[str | None, str] = {}
    for name, record in zip(names, records):
        first = seen.setdefault(record.annotator, name)
        if first != name:
            (kind, one), (other_kind, other) = first.split(), name.split()
            both = f"{kind}s {one} and {other}" if kind == other_kind else f"{first} and {name}"
            raise ValueError(
                f"{both} are both by {record.annotator or 'no one named'}: keep one "
                "(annotator holds one version per annotator)"
            )


def _draft_author(draft: dict[str, Any]) -> str | None:
    """Whose draft: `completed_by` if given, else `user` (an email or a user id)."""
    return annotator_name(draft.get("completed_by")) or annotator_name(draft.get("user"), "user")


def _objects(task: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The list of JSON objects under `key` (none if absent); ValueError names a bad item."""
    items = task.get(key) or []
    if not isinstance(items, list):
        raise ValueError(f"{key!r} must be a list")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ValueError(f"{key.rstrip('s')} {number}: expected a JSON object")
    return items


def _prediction_results(task: dict[str, Any]) -> int:
    """How many results the task's predictions hold (a model's, never an annotator's)."""
    count = 0
    for number, prediction in enumerate(_objects(task, "predictions"), start=1):
        results = prediction.get("result") or []
        if not isinstance(results, list):
            raise ValueError(f"prediction {number}: 'result' must be a list")
        count += len(results)
    return count


def _min_record(data: dict[str, Any], source: str, line: int) -> ImportRecord:
    text = checked_text(data.get("text"), "text")
    regions = [key for key, value in data.items() if _is_regions(value)]
    check_label_keys(data, tuple(regions), "Label Studio")
    spans: list[SpanInput] = []
    for key in regions:
        results = [{"type": "labels", "value": region} for region in data[key]]
        spans.extend(_results(results, text)[0])
    other_regions = {
        key: kinds for key in data if key not in regions and (kinds := _region_kinds(data[key]))
    }
    left_out = Counter(kind for kinds in other_regions.values() for kind in kinds)
    unread = ("text", *regions, *other_regions)
    meta = {key: value for key, value in data.items() if key not in unread}
    annotator = annotator_name(meta.pop("annotator", None), "annotator")
    return ImportRecord(
        text=text,
        title=_title(meta, text),
        meta=meta,
        spans=spans,
        annotator=annotator,
        annotator_from_file=annotator is not None,
        left_out=dict(left_out),
        source=source,
        line=line,
    )


def _results(
    results: Any, text: str, others: frozenset[str] = frozenset()
) -> tuple[list[SpanInput], list[RelationInput], dict[str, int]]:
    """Spans of the `labels` results, relations between them, and counts of the results that
    are neither; a result on a data field in `others` (not the text read) is an error."""
    if not isinstance(results, list):
        raise ValueError("'result' must be a list")
    spans: list[SpanInput] = []
    regions: dict[Any, SpanInput] = {}
    links: list[tuple[int, dict[str, Any]]] = []
    left_out: dict[str, int] = {}
    for number, result in enumerate(results, start=1):
        kind = result.get("type") if isinstance(result, dict) else None
        if kind is not None:
            _check_target(result, others, number)
        if kind == "relation":
            links.append((number, result))
        elif kind in NOT_SPAN_RESULTS:
            left_out[kind] = left_out.get(kind, 0) + 1
        elif kind in SPANNING_RESULTS:
            found = _region_spans(result.get("value"), text, number)
            if (region := identifier(result, "id", f"result {number}")) is not None:
                regions.setdefault(region, found[0])
            spans.extend(found)
        else:
            raise ValueError(
                f"result {number}: type {kind!r} is not text span labels ('labels'); "
                "its labels would be lost"
            )
    relations = [r for number, link in links for r in _relations(link, regions, number)]
    if unlabelled := sum(1 for _, link in links if not link.get("labels")):
        left_out["relations without a label"] = unlabelled
    return spans, relations, left_out


def _check_target(result: dict[str, Any], others: frozenset[str], number: int) -> None:
    """A result's `to_name` names the object tag it labels, mostly after its data field: one
    naming a field other than the text read has offsets in another text."""
    target = result.get("to_name")
    if isinstance(target, str) and target in others:
        raise ValueError(
            f"result {number}: labels the data field {target!r}, not the one read as the "
            "text; its spans would land on other words"
        )


def _relations(
    link: dict[str, Any], regions: dict[Any, SpanInput], number: int
) -> list[RelationInput]:
    """A `relation` result as relations between the first spans of its two regions."""
    where = f"result {number}"
    head = regions.get(identifier(link, "from_id", where))
    tail = regions.get(identifier(link, "to_id", where))
    if head is None or tail is None:
        raise ValueError(f"result {number}: 'from_id' or 'to_id' names no labels result")
    direction = link.get("direction")
    if direction not in (None, "left", "right", "bi"):
        raise ValueError(f"result {number}: 'direction' must be left, right or bi")
    if direction == "left":
        head, tail = tail, head
    labels = link.get("labels") or []
    if not isinstance(labels, list) or not all(isinstance(x, str) and x for x in labels):
        raise ValueError(f"result {number}: 'labels' must be a list of relation types")
    ends = (head.start, head.end, head.label), (tail.start, tail.end, tail.label)
    return [RelationInput(*ends, label) for label in labels]


def _region_spans(value: Any, text: str, number: int) -> list[SpanInput]:
    if not isinstance(value, dict):
        raise ValueError(f"result {number}: 'value' must be a JSON object")
    labels = value.get("labels")
    if not isinstance(labels, list) or not labels:
        raise ValueError(f"result {number}: 'labels' must be a non-empty list")
    try:
        start, end = _python_offsets(text, value.get("start"), value.get("end"), value.get("text"))
    except ValueError as error:  # SplitCharacter too
        raise ValueError(f"result {number}: {error}") from None
    return [
        span_from_json({"start": start, "end": end, "label": label}, number, len(text))
        for label in labels
    ]


def _python_offsets(text: str, start: Any, end: Any, quoted: Any) -> tuple[Any, Any]:
    """Offsets as Python counts them: Label Studio counts UTF-16 units, which differ once a
    character beyond the BMP comes first. Where the region's `text` matches only Python's
    reading (a file another tool wrote), the offsets are taken as they are; where it matches
    neither, ValueError: the span would go on other words."""
    integers = all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end))
    if not integers:
        return start, end
    if astral_starts(text):
        try:
            moved = python_offset(text, start), python_offset(text, end)
        except SplitCharacter:
            if not isinstance(quoted, str):
                raise
        else:
            if not isinstance(quoted, str) or text[moved[0] : moved[1]] == quoted:
                return moved
    if isinstance(quoted, str) and 0 <= start < end <= len(text) and text[start:end] != quoted:
        raise ValueError(
            f"'text' {_shown(quoted)} is not the text at {start}-{end} ({_shown(text[start:end])})"
        )
    return start, end


def _shown(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _task_text(data: dict[str, Any]) -> tuple[str, str]:
    """The key and text of a task: `data.text`, or the one string field of `data`."""
    if "text" in data:
        return "text", checked_text(data["text"], "data.text")
    strings = [key for key, value in data.items() if isinstance(value, str) and value.strip()]
    if len(strings) != 1:
        raise ValueError(
            f"cannot tell which field of 'data' holds the text (fields: {', '.join(data)})"
        )
    return strings[0], checked_text(data[strings[0]], f"data.{strings[0]}")


def _title(meta: dict[str, Any], text: str) -> str:
    title = meta.get("title")
    return title if isinstance(title, str) and title.strip() else title_from_text(text)


def _region_kinds(value: Any) -> list[str]:
    """The result type of each JSON-MIN region that is not a span label (per-region
    `choices`, `taxonomy`, `rating`, ...: counted as left out, as the full export's are); none
    unless every item of `value` is such a region."""
    if not isinstance(value, list) or not value:
        return []
    kinds = [
        next((kind for kind in NOT_SPAN_RESULTS if kind in item), None)
        if isinstance(item, dict) and "start" in item
        else None
        for item in value
    ]
    return kinds if None not in kinds else []  # type: ignore[return-value]


def _is_regions(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) and "labels" in item for item in value)
    )

"""Event records: one per CASUALTY span, with its victims, perpetrators, places and weapons.

A field comes from the annotator's relations where they drew any (VICTIM, PERPETRATOR, PLACE,
MEANS from the figure). Where they drew none, a reading rule fills it, and the record marks the
field inferred (`victims_inferred`, ...):

- Sentences follow spaCy's rule-based `sentencizer` on the stored tokens (`sentences`).
- `victims`: the ACTOR spans inside the figure ("18 fighters of the [Northern Liberation Front]").
- `perpetrators`: the nearest other ACTOR span in the figure's sentence; `places`, `weapons`: the
  nearest LOCATION, WEAPON span there (inside the figure too). A label absent from the figure's
  sentence is looked for in the sentence before ("Rebels shelled Ostrel with mortars. Twelve
  civilians were killed.").

A record is a list of values in COLUMNS order (a big export makes a hundred thousand; a dict
each cost a third more). Each is made as it is asked for, from the document's spans per label
sorted once: memory follows the largest record, never the number of spans a sentence holds
times its figures.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import Any, NamedTuple

from annotator.exporters import sentences
from annotator.store.event_queries import EventDocument, FigureRelation, LabelSpans
from annotator.tokens import Tokens

CASUALTY, ACTOR, LOCATION, WEAPON = "CASUALTY", "ACTOR", "LOCATION", "WEAPON"
FIELDS = {
    # field: (relation type, label of its spans, attribute shown beside each, its column)
    "victims": ("VICTIM", ACTOR, "actor_type", "victim_types"),
    "perpetrators": ("PERPETRATOR", ACTOR, "actor_type", "perpetrator_types"),
    "places": ("PLACE", LOCATION, "precision", "place_precisions"),
    "weapons": ("MEANS", WEAPON, "category", "weapon_categories"),
}
FIGURE_ATTRIBUTES = ("kind", "count", "count_low", "count_high", "qualifier")
DATE_KEYS = ("date", "published", "published_at", "datetime")
COLUMNS = [
    "document",
    "title",
    "date",
    "source",
    "sentence",
    "casualty",
    "start",
    "end",
    *FIGURE_ATTRIBUTES,
    *(column for name, spec in FIELDS.items() for column in (name, spec[3], f"{name}_inferred")),
]
"""The keys of every record, in the order of the CSV header."""

NAMES_COLUMN = {name: COLUMNS.index(name) for name in FIELDS}
"""Where each field's list of names stands in a record."""
FIELD_OF_RELATION = {spec[0]: name for name, spec in FIELDS.items()}
FIGURE_RELATIONS = (CASUALTY, tuple(FIELD_OF_RELATION))
"""The relations a record shows: from its figure, of its fields' types."""
Tail = tuple[int, int, dict[str, Any], str, int]
"""A linked span: start, end, attributes, label and its place among its label's spans."""


class LabelRuns(NamedTuple):
    """One label's spans of a document (by start, longest first), and where each sentence's run
    of them begins: the spans that start in sentence i are [firsts[i], firsts[i + 1]). No copy
    per sentence, no search of the whole document per figure."""

    starts: list[int]
    ends: list[int]
    attrs: list[dict[str, Any]]
    firsts: list[int]


def label_runs(group: LabelSpans, sentence_starts: list[int]) -> LabelRuns:
    starts = group.starts
    firsts = [0, *[bisect_left(starts, start) for start in sentence_starts[1:]], len(starts)]
    return LabelRuns(starts, group.ends, group.attrs, firsts)


def inside(runs: LabelRuns, sentence: int, begin: int, end: int) -> list[int]:
    """Indexes of the spans within [begin, end) that start in `sentence`."""
    starts, ends, _, firsts = runs
    high = firsts[sentence + 1]
    first = bisect_left(starts, begin, firsts[sentence], high)
    return [i for i in range(first, bisect_left(starts, end, first, high)) if ends[i] <= end]


def nearest(
    runs: LabelRuns, sentence: int, begin: int, end: int, outside: bool, skip: set[int] | None
) -> int:
    """Index of the span nearest [begin, end) in its `sentence`, else in the sentence before
    (see `nearest_in`); -1 for none."""
    firsts = runs.firsts
    for index in (sentence, sentence - 1) if sentence else (0,):
        low, high = firsts[index], firsts[index + 1]
        if low < high:
            found = nearest_in(runs, low, high, begin, end, outside, skip)
            if found >= 0:
                return found
    return -1


def nearest_in(
    runs: LabelRuns, low: int, high: int, begin: int, end: int, outside: bool, skip: set[int] | None
) -> int:
    """Closest span of [low, high) to [begin, end) by character distance, among three: the last
    starting before it, the first starting in it (unless `outside`), the first starting after
    it; a tie goes to the earlier of them. An index in `skip` does not count; -1 for none.

    Those three start in that order, so the rank (distance, start) reduces to the distance.
    """
    starts, ends = runs.starts, runs.ends
    before = bisect_left(starts, begin, low, high)
    after = bisect_left(starts, end, before, high)
    found, distance = -1, 0
    index = before - 1
    while skip and index >= low and index in skip:
        index -= 1
    if index >= low:
        found, distance = index, max(begin - ends[index], 0)
    if not outside:
        index = before
        while skip and index < after and index in skip:
            index += 1
        if index < after and (found < 0 or distance > 0):
            found, distance = index, 0
    index = after
    while skip and index < high and index in skip:
        index += 1
    if index < high and (found < 0 or starts[index] - end < distance):
        found = index
    return found


def linked_tails(
    spans: dict[str, LabelSpans], relations: list[FigureRelation]
) -> dict[tuple[int, int], dict[str, list[Tail]]]:
    """For each figure (by its start and end), the spans its relations link, per record field."""
    linked: dict[tuple[int, int], dict[str, list[Tail]]] = {}
    for start, end, *tail, relation in relations:
        found = _find(spans, *tail)
        if found is not None:
            field = FIELD_OF_RELATION[relation]
            linked.setdefault((start, end), {}).setdefault(field, []).append(found)
    return linked


def _find(spans: dict[str, LabelSpans], start: int, end: int, label: str) -> Tail | None:
    group = spans.get(label)
    if group is None:
        return None
    starts = group.starts
    for index in range(bisect_left(starts, start), len(starts)):
        if starts[index] != start:
            break
        if group.ends[index] == end:
            return start, end, group.attrs[index], label, index
    return None


def event_rows(document: EventDocument) -> Iterator[list[Any]]:
    """One record per CASUALTY span of the document, in COLUMNS order, made as asked for."""
    figures = document.spans.get(CASUALTY)
    if figures is None:
        return
    text = document.text
    bounds = sentences.sentence_bounds(Tokens.unpack(document.tokens_blob, text))
    sentence_starts = [start for start, _ in bounds]
    runs = {
        label: label_runs(document.spans[label], sentence_starts)
        for label in RULE_LABELS
        if label in document.spans
    }
    linked = linked_tails(document.spans, document.relations) if document.relations else {}
    meta = document.meta
    about = [document.uid, document.title, _first(meta, DATE_KEYS), _first(meta, ("source",))]
    texts: dict[int, str] = {}  # several figures often stand in one sentence
    for begin, end, attrs in zip(figures.starts, figures.ends, figures.attrs):
        sentence_index = max(bisect_right(sentence_starts, begin) - 1, 0)
        sentence = texts.get(sentence_index)
        if sentence is None:
            start, stop = bounds[sentence_index]
            sentence = texts[sentence_index] = text[start:stop].strip()
        row = [*about, sentence, text[begin:end], begin, end, *map(attrs.get, FIGURE_ATTRIBUTES)]
        figure = (sentence_index, begin, end)
        _add_fields(row, text, runs, figure, linked.get((begin, end)) if linked else None)
        yield row


def _first(meta: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((meta[key] for key in keys if meta.get(key) not in (None, "")), None)


FIELD_PLAN = [
    (name, label, attribute, name == "victims", name == "perpetrators")
    for name, (_, label, attribute, _) in FIELDS.items()
]
"""FIELDS as each record walks them."""
RULE_LABELS = {label for _, label, *_ in FIELD_PLAN}
NOTHING: tuple[list[Any], list[Any], bool] = ([], [], False)
"""An empty field's names, attributes and flag (shared: records are only read once made)."""


def _add_fields(row, text, runs, figure, linked) -> None:
    """Append each field's names, attributes and whether the reading rule found them.
    `figure`: its sentence index, start and end; `linked`: its linked spans per field."""
    sentence, begin, end = figure
    victims: dict[str, set[int]] = {}  # by label: a victim is no perpetrator, place, weapon
    for name, label, attribute, is_victims, outside in FIELD_PLAN:
        tails = linked.get(name) if linked else None
        if tails:
            row += (
                [text[tail[0] : tail[1]] for tail in tails],
                [tail[2].get(attribute) for tail in tails],
                False,
            )
            if is_victims:
                for tail in tails:
                    victims.setdefault(tail[3], set()).add(tail[4])
            continue
        spans = runs.get(label)
        if spans is None:
            row += NOTHING
        elif is_victims:
            found = inside(spans, sentence, begin, end)
            if found:
                victims[label] = set(found)
                starts, ends, attrs, _ = spans
                row += (
                    [text[starts[i] : ends[i]] for i in found],
                    [attrs[i].get(attribute) for i in found],
                    True,
                )
            else:
                row += NOTHING
        else:
            index = nearest(spans, sentence, begin, end, outside, victims.get(label))
            if index >= 0:
                name = text[spans.starts[index] : spans.ends[index]]
                row += ([name], [spans.attrs[index].get(attribute)], True)
            else:
                row += NOTHING

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

Each record is built and written alone, from the document's spans sorted once: memory follows
the largest record, never the number of spans a sentence holds times its figures.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from typing import Any, NamedTuple

from annotator.exporters import sentences
from annotator.store.export_queries import ExportDocument, ExportSpan
from annotator.store.relations import RelationKey

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


def sentence_bounds(document: ExportDocument) -> list[tuple[int, int]]:
    """Character ranges [start, end) of the sentences of a document (see `sentences`)."""
    return sentences.sentence_bounds(document.tokens())


class _SentenceSpans(NamedTuple):
    """One label's spans of one sentence, by start (with the starts apart, for bisect)."""

    spans: list[ExportSpan]
    starts: list[int]


class DocumentSpans:
    """A document's spans indexed for the reading rule: by sentence and label, sorted by start."""

    def __init__(self, document: ExportDocument, bounds: list[tuple[int, int]]) -> None:
        self._by_sentence: dict[tuple[int, str], _SentenceSpans] = {}
        self.figures: list[tuple[ExportSpan, int]] = []
        """The CASUALTY spans with the index of their sentence."""
        following, sentence, count = 1, 0, len(bounds)
        for span in document.spans:  # by start, longest first: sentences in one sweep
            while following < count and bounds[following][0] <= span.start:
                sentence, following = following, following + 1
            group = self._by_sentence.get((sentence, span.label))
            if group is None:
                group = self._by_sentence[sentence, span.label] = _SentenceSpans([], [])
            group.spans.append(span)
            group.starts.append(span.start)
            if span.label == CASUALTY:
                self.figures.append((span, sentence))

    def inside(self, figure: ExportSpan, sentence: int, label: str) -> list[ExportSpan]:
        """Spans of `label` within the figure (not the figure itself); `sentence` is its."""
        group = self._by_sentence.get((sentence, label))
        if group is None:
            return []
        low, high = bisect_left(group.starts, figure.start), bisect_left(group.starts, figure.end)
        return [s for s in group.spans[low:high] if s.end <= figure.end and s[:3] != figure[:3]]

    def nearest(
        self, figure: ExportSpan, sentence: int, label: str, outside: bool, skip: frozenset
    ) -> ExportSpan | None:
        """The span of `label` nearest the figure in its `sentence`, else in the sentence before
        (the one closest to the figure's end of it); `outside` leaves out spans inside it."""
        for index in (sentence, sentence - 1):
            group = self._by_sentence.get((index, label))
            if group is not None and index >= 0:
                found = _nearest_in(group, figure, outside, skip)
                if found is not None:
                    return found
        return None


def _nearest_in(
    group: _SentenceSpans, figure: ExportSpan, outside: bool, skip: frozenset
) -> ExportSpan | None:
    """Closest span by character distance: the last starting before the figure, the first
    starting in it (unless `outside`), the first starting after it; ties go to the earlier."""
    spans, starts = group.spans, group.starts
    before = bisect_left(starts, figure.start)
    after = bisect_left(starts, figure.end)
    candidates = [
        _step(spans, range(before - 1, -1, -1), skip, figure),
        None if outside else _step(spans, range(before, after), skip, figure),
        _step(spans, range(after, len(spans)), skip, figure),
    ]
    found = [c for c in candidates if c is not None]
    if not found:
        return None
    return min(found, key=lambda s: (max(s.start - figure.end, figure.start - s.end, 0), s.start))


def _step(spans: list[ExportSpan], indexes: range, skip: frozenset, figure) -> ExportSpan | None:
    """The first span along `indexes` that is not skipped (nor the figure itself)."""
    for index in indexes:
        span = spans[index]
        if span[:3] not in skip and span[:3] != figure[:3]:
            return span
    return None


def linked_spans(
    document: ExportDocument, relations: list[RelationKey]
) -> dict[tuple[int, int, str], dict[str, list[ExportSpan]]]:
    """For each figure (by its key), the spans its relations link, per record field."""
    field_of = {spec[0]: name for name, spec in FIELDS.items()}
    spans = {(s.start, s.end, s.label): s for s in document.spans}
    linked: dict[tuple[int, int, str], dict[str, list[ExportSpan]]] = {}
    for relation in relations:
        name, tail = field_of.get(relation.label), spans.get(tuple(relation.tail))
        if name is not None and tail is not None:
            linked.setdefault(tuple(relation.head), {}).setdefault(name, []).append(tail)
    return linked


def event_records(
    document: ExportDocument, meta: dict[str, Any], relations: list[RelationKey]
) -> Iterator[dict[str, Any]]:
    """One record per CASUALTY span of the document, made as it is asked for."""
    if not any(span.label == CASUALTY for span in document.spans):
        return
    bounds = sentence_bounds(document)
    index = DocumentSpans(document, bounds)
    linked = linked_spans(document, relations)
    about = {
        "document": document.uid,
        "title": document.title,
        "date": _first(meta, DATE_KEYS),
        "source": _first(meta, ("source",)),
    }
    for figure, sentence_index in index.figures:
        start, end = bounds[sentence_index]
        sentence = document.text[start:end].strip()
        place = (index, sentence_index)
        yield _record(document.text, figure, about, sentence, place, linked.get(figure[:3], {}))


def _first(meta: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((meta[key] for key in keys if meta.get(key) not in (None, "")), None)


def _record(text, figure, about, sentence, place, linked) -> dict[str, Any]:
    """`place`: the document's indexed spans and the figure's sentence index."""
    record = {
        **about,
        "sentence": sentence,
        "casualty": text[figure.start : figure.end],
        "start": figure.start,
        "end": figure.end,
        **{name: figure.attrs.get(name) for name in FIGURE_ATTRIBUTES},
    }
    victims: list[ExportSpan] = []
    for name, (_, label, attribute, column) in FIELDS.items():
        spans = linked.get(name, [])
        inferred = not spans
        if inferred:
            spans = _inferred(name, figure, label, place, frozenset(s[:3] for s in victims))
        if name == "victims":
            victims = spans
        record[name] = [text[s.start : s.end] for s in spans]
        record[column] = [s.attrs.get(attribute) for s in spans]
        record[f"{name}_inferred"] = inferred and bool(spans)
    return record


def _inferred(name, figure, label, place, victims: frozenset) -> list[ExportSpan]:
    index, sentence = place
    if name == "victims":
        return index.inside(figure, sentence, label)
    found = index.nearest(figure, sentence, label, name == "perpetrators", victims)
    return [found] if found is not None else []

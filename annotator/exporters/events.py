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

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import Any

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


class _LabelSpans:
    """One label's spans of a document, by start (with the starts apart, for bisect), and
    `firsts`: for each sentence, the index of its first span (made when first asked for)."""

    __slots__ = ("spans", "starts", "firsts")

    def __init__(self) -> None:
        self.spans: list[ExportSpan] = []
        self.starts: list[int] = []
        self.firsts: list[int] | None = None


class DocumentSpans:
    """A document's spans indexed for the reading rule: per label, sorted by start; a
    sentence's spans of a label are the run between two of its `firsts` (no copy per
    sentence, no search per figure)."""

    def __init__(self, document: ExportDocument, bounds: list[tuple[int, int]]) -> None:
        self._sentence_starts = [start for start, _ in bounds]
        self._by_label: dict[str, _LabelSpans] = {}
        for span in document.spans:  # by start, longest first
            group = self._by_label.get(span.label)
            if group is None:
                group = self._by_label[span.label] = _LabelSpans()
            group.spans.append(span)
            group.starts.append(span.start)
        figures = self._by_label[CASUALTY].spans if CASUALTY in self._by_label else []
        self.figures: list[tuple[ExportSpan, int]] = [
            (span, max(bisect_right(self._sentence_starts, span.start) - 1, 0)) for span in figures
        ]
        """The CASUALTY spans with the index of their sentence."""

    def _firsts(self, group: _LabelSpans) -> list[int]:
        """For each sentence, the index of `group`'s first span that starts in it or later
        (then the number of spans): sentence i's run is firsts[i]:firsts[i + 1]."""
        if group.firsts is None:
            starts = group.starts
            group.firsts = [
                0,
                *[bisect_left(starts, start) for start in self._sentence_starts[1:]],
                len(starts),
            ]
        return group.firsts

    def inside(self, figure: ExportSpan, sentence: int, label: str) -> list[ExportSpan]:
        """Spans of `label` within the figure (not the figure itself); `sentence` is its."""
        group = self._by_label.get(label)
        if group is None:
            return []
        firsts = self._firsts(group)
        low, high = firsts[sentence], firsts[sentence + 1]
        first = bisect_left(group.starts, figure.start, low, high)
        last = bisect_left(group.starts, figure.end, first, high)
        end = figure.end
        return [s for s in group.spans[first:last] if s.end <= end and s is not figure]

    def nearest(
        self, figure: ExportSpan, sentence: int, label: str, outside: bool, skip: set[int]
    ) -> ExportSpan | None:
        """The span of `label` nearest the figure in its `sentence`, else in the sentence before
        (the one closest to the figure's end of it); `outside` leaves out spans inside it."""
        group = self._by_label.get(label)
        if group is None:
            return None
        firsts = self._firsts(group)
        for index in (sentence, sentence - 1):
            if index < 0:
                break
            low, high = firsts[index], firsts[index + 1]
            if low < high:
                found = _nearest_in(group, low, high, figure, outside, skip)
                if found is not None:
                    return found
        return None


def _nearest_in(
    group: _LabelSpans, low: int, high: int, figure: ExportSpan, outside: bool, skip: set[int]
) -> ExportSpan | None:
    """Closest span of group[low:high] by character distance: the last starting before the
    figure, the first starting in it (unless `outside`), the first starting after it; ties go
    to the earlier. Neither the figure itself nor a span whose id() is in `skip` counts."""
    spans, starts = group.spans, group.starts
    begin, end = figure.start, figure.end
    before = bisect_left(starts, begin, low, high)
    after = bisect_left(starts, end, before, high)
    found, rank = None, None
    for indexes in (
        range(before - 1, low - 1, -1),
        range(after, after) if outside else range(before, after),
        range(after, high),
    ):
        for index in indexes:
            span = spans[index]
            if span is figure or (skip and id(span) in skip):
                continue
            candidate = (max(span.start - end, begin - span.end, 0), span.start)
            if found is None or candidate < rank:
                found, rank = span, candidate
            break
    return found


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
    texts: dict[int, str] = {}  # several figures often stand in one sentence
    for figure, sentence_index in index.figures:
        sentence = texts.get(sentence_index)
        if sentence is None:
            start, end = bounds[sentence_index]
            sentence = texts[sentence_index] = document.text[start:end].strip()
        place = (index, sentence_index)
        yield _record(document.text, figure, about, sentence, place, linked.get(figure[:3], {}))


def _first(meta: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((meta[key] for key in keys if meta.get(key) not in (None, "")), None)


FIELD_PLAN = [
    (name, label, attribute, column, f"{name}_inferred", name == "victims", name == "perpetrators")
    for name, (_, label, attribute, column) in FIELDS.items()
]
"""FIELDS as each record walks them, the keys made once."""
NO_SPANS: list[ExportSpan] = []


def _record(text, figure, about, sentence, place, linked) -> dict[str, Any]:
    """`place`: the document's indexed spans and the figure's sentence index."""
    index, sentence_index = place
    attrs = figure.attrs
    record = {
        **about,
        "sentence": sentence,
        "casualty": text[figure.start : figure.end],
        "start": figure.start,
        "end": figure.end,
    }
    for name in FIGURE_ATTRIBUTES:
        record[name] = attrs.get(name)
    victims: set[int] = set()
    for name, label, attribute, column, inferred_key, is_victims, outside in FIELD_PLAN:
        spans = linked.get(name) if linked else None
        inferred = not spans
        if inferred and is_victims:
            spans = index.inside(figure, sentence_index, label)
        elif inferred:
            found = index.nearest(figure, sentence_index, label, outside, victims)
            spans = NO_SPANS if found is None else [found]
        if is_victims and spans:
            victims = {id(span) for span in spans}
        record[name] = [text[span.start : span.end] for span in spans]
        record[column] = [span.attrs.get(attribute) for span in spans]
        record[inferred_key] = inferred and bool(spans)
    return record

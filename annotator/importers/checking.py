"""Checking the spans of a whole record at once, by the rules and messages of spans.check_span.

Importing checks millions of spans; doing them as arrays (snapping with Tokens.snap_many) and
remembering each distinct (label, attrs) verdict keeps that fast. A span that fails is passed
to check_span itself, so the reason a user reads is the one the window would give.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np

from annotator.importers.records import RelationInput, SpanInput
from annotator.model import Span
from annotator.schema import AttrError, LabelSchema
from annotator.spans import SpanError, check_span
from annotator.tokens import Tokens

SpanRow = tuple[int, str, int, int, str, str]
"""(document, annotator, start, end, label, attrs JSON): a checked span ready to store."""
RelationRow = tuple[tuple[int, int, str], tuple[int, int, str], str]
"""(head (start, end, label), tail (start, end, label), type) on the stored (snapped) spans."""


class SpanChecker:
    """Validates and snaps spans against one label schema; remembers attribute verdicts."""

    def __init__(self, schema: LabelSchema) -> None:
        self.schema = schema
        self._attrs: dict[tuple, str] = {}

    def rows(
        self, spans: Sequence[SpanInput], tokens: Tokens, document: int, annotator: str
    ) -> tuple[list[SpanRow], int]:
        """Checked rows of `spans` and how many were widened; SpanError names the first bad one."""
        count = len(spans)
        starts = np.fromiter((span[0] for span in spans), dtype=np.int64, count=count)
        ends = np.fromiter((span[1] for span in spans), dtype=np.int64, count=count)
        new_starts, new_ends, snapped = tokens.snap_many(starts, ends)
        fits = (snapped & (ends <= len(tokens.text))).tolist()
        rows = []
        for number, (span, start, end, ok) in enumerate(
            zip(spans, new_starts.tolist(), new_ends.tolist(), fits), start=1
        ):
            attrs = self._attrs_json(span.label, span.attrs) if ok else None
            if attrs is None:
                self._explain(number, span, tokens, document, annotator)
            rows.append((document, annotator, start, end, span.label, attrs))
        widened = int(np.count_nonzero((new_starts != starts) | (new_ends != ends)))
        return rows, widened

    def relation_rows(
        self, spans: Sequence[SpanInput], rows: list[SpanRow], relations: Sequence[RelationInput]
    ) -> list[RelationRow]:
        """Relations between the record's spans, on the spans as stored (`rows`, in the order
        of `spans`); SpanError names the first relation that is no span's or breaks the schema."""
        stored = {(s.start, s.end, s.label): row[2:5] for s, row in zip(spans, rows)}
        checked = []
        for number, relation in enumerate(relations, start=1):
            ends = []
            for side, key in (("head_span", relation.head), ("child_span", relation.tail)):
                if tuple(key) not in stored:
                    start, end, label = key
                    raise SpanError(
                        f"relation {number}: its {side} [{start}, {end}) {label} is not one of"
                        " the record's spans"
                    )
                ends.append(stored[tuple(key)])
            try:
                self.schema.check_relation(relation.label, ends[0][2], ends[1][2])
            except AttrError as error:
                raise SpanError(f"relation {number}: {error}") from None
            if ends[0] == ends[1]:
                raise SpanError(f"relation {number}: joins a span to itself")
            checked.append((ends[0], ends[1], relation.label))
        return checked

    def _attrs_json(self, label: str, attrs: dict) -> str | None:
        """Checked attributes as stored JSON, or None if they do not fit the label."""
        try:
            key = (label, tuple((name, value.__class__, value) for name, value in attrs.items()))
            hash(key)
        except TypeError:
            key = None
        if key is not None and key in self._attrs:
            return self._attrs[key]
        try:
            checked = json.dumps(self.schema.check_attrs(label, attrs), ensure_ascii=False)
        except AttrError:
            return None
        if key is not None:
            self._attrs[key] = checked
        return checked

    def _explain(
        self, number: int, span: SpanInput, tokens: Tokens, document: int, annotator: str
    ) -> None:
        """Raise check_span's own error for a span that failed, prefixed with its number."""
        candidate = Span(
            document=document,
            annotator=annotator,
            start=span.start,
            end=span.end,
            label=span.label,
            attrs=span.attrs,
        )
        try:
            check_span(candidate, tokens, self.schema)
        except SpanError as error:
            raise SpanError(f"span {number}: {error}") from None
        raise SpanError(f"span {number}: cannot be stored")

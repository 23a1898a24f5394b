"""Attributes for a model's spans, which it does not predict: what annotators gave the same text.

A model proposes "the national army" as ACTOR without an actor_type; if annotators labelled
that text as ACTOR before, the attributes they gave it most often come with the proposal.
CASUALTY spans get theirs from the casualty parser instead.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from annotator.suggest.casualties import casualty_attrs
from annotator.suggest.fill import CASUALTY


class AttributeMemory:
    """(label, text) -> the attributes given to it most often."""

    def __init__(self, labelled: Iterable[tuple[str, str, dict[str, Any]]] = ()) -> None:
        self._seen: dict[tuple[str, str], Counter[str]] = {}
        for label, text, attrs in labelled:
            self.learn(label, text, attrs)

    def learn(self, label: str, text: str, attrs: dict[str, Any]) -> None:
        if attrs:
            key = (label, " ".join(text.lower().split()))
            self._seen.setdefault(key, Counter())[json.dumps(attrs, sort_keys=True)] += 1

    def attrs_for(self, label: str, text: str) -> dict[str, Any]:
        seen = self._seen.get((label, " ".join(text.lower().split())))
        return json.loads(seen.most_common(1)[0][0]) if seen else {}

    def fill(
        self, proposals: list[tuple[int, int, str, dict, Any]], text: str, language: str = "en"
    ) -> list[tuple[int, int, str, dict, Any]]:
        """`proposals` of one text with attributes filled where they had none: CASUALTY ones
        from the casualty parser, the others from memory."""
        return self.remembered(with_casualty_figures(proposals, text, language), text)

    def remembered(
        self, proposals: list[tuple[int, int, str, dict, Any]], text: str
    ) -> list[tuple[int, int, str, dict, Any]]:
        """`proposals` of one text, each one but CASUALTY without attributes given what
        annotators gave the same text (CASUALTY ones are the parser's: with_casualty_figures)."""
        return [
            (start, end, label, self.attrs_for(label, text[start:end]), score)
            if not attrs and label != CASUALTY
            else (start, end, label, attrs, score)
            for start, end, label, attrs, score in proposals
        ]


def with_casualty_figures(
    proposals: list[tuple[int, int, str, dict, Any]], text: str, language: str = "en"
) -> list[tuple[int, int, str, dict, Any]]:
    """`proposals` of one text, each CASUALTY one without attributes given the casualty
    parser's (which needs no memory, so worker processes can do it)."""
    return [
        (start, end, label, casualty_attrs(text, start, end, language), score)
        if label == CASUALTY and not attrs
        else (start, end, label, attrs, score)
        for start, end, label, attrs, score in proposals
    ]

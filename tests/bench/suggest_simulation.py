"""A simulated annotator: the actions one article costs from scratch and with suggestions.

From scratch, each gold span costs a selection (a drag or a double-click), a label key and
one action per attribute value. With suggestions the annotator walks the article's queue (one
suggestion per span, as the window shows them): Enter for one that matches a gold span (plus
one action per attribute value to correct), Backspace for any other; gold spans nobody
proposed are labelled from scratch. Marking the article done costs one action either way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotator.suggest.patterns import longest_per_label

Key = tuple[int, int, str]


@dataclass
class SourceScore:
    proposed: int = 0
    correct: int = 0
    attrs_right: int = 0
    gold: int = 0

    def figures(self) -> dict[str, float]:
        precision = self.correct / self.proposed if self.proposed else 0.0
        recall = self.correct / self.gold if self.gold else 0.0
        attrs = self.attrs_right / self.correct if self.correct else 0.0
        return {"precision": precision, "recall": recall, "attributes_right": attrs}


@dataclass
class Simulation:
    articles: int = 0
    scratch_actions: int = 0
    suggested_actions: int = 0
    sources: dict[str, SourceScore] = field(default_factory=dict)


def scratch_cost(spans: Iterable[dict[str, Any]]) -> int:
    return sum(2 + len(span.get("attrs") or {}) for span in spans)


def attr_fixes(proposed: dict[str, Any], gold: dict[str, Any]) -> int:
    names = set(proposed) | set(gold)
    return sum(proposed.get(name) != gold.get(name) for name in names)


def queue(proposals: dict[str, list[tuple[int, int, str, dict]]]) -> dict[Key, dict[str, Any]]:
    """One suggestion per (start, end, label), preferring one with attributes, none inside a
    longer one of the same label: what the window shows."""
    chosen: dict[Key, dict[str, Any]] = {}
    for found in proposals.values():
        for start, end, label, attrs, *_ in found:
            key = (start, end, label)
            if key not in chosen or (attrs and not chosen[key]):
                chosen[key] = attrs
    outer = longest_per_label((*key, attrs) for key, attrs in chosen.items())
    return {(start, end, label): attrs for start, end, label, attrs in outer}


def simulate_article(
    simulation: Simulation,
    gold_spans: list[dict[str, Any]],
    proposals: dict[str, list[tuple[int, int, str, dict]]],
    source_labels: dict[str, set[str]],
) -> None:
    """Add one article's costs and each source's hits to `simulation`; a source's recall
    counts the gold spans of the labels it proposes (`source_labels`)."""
    gold = {(s["start"], s["end"], s["label"]): s.get("attrs") or {} for s in gold_spans}
    simulation.articles += 1
    simulation.scratch_actions += scratch_cost(gold_spans) + 1
    shown = queue(proposals)
    cost = 1
    for key, attrs in shown.items():
        cost += 1 + (attr_fixes(attrs, gold[key]) if key in gold else 0)
    cost += scratch_cost({"attrs": attrs} for key, attrs in gold.items() if key not in shown)
    simulation.suggested_actions += cost
    for name, found in proposals.items():
        score = simulation.sources.setdefault(name, SourceScore())
        keys = {(start, end, label): attrs for start, end, label, attrs, *_ in found}
        score.proposed += len(keys)
        score.gold += sum(1 for key in gold if key[2] in source_labels[name])
        for key, attrs in keys.items():
            if key in gold:
                score.correct += 1
                score.attrs_right += attrs_match(attrs, gold[key])


def attrs_match(proposed: dict[str, Any], gold: dict[str, Any]) -> bool:
    return attr_fixes(proposed, gold) == 0

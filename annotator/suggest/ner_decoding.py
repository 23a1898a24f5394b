"""A spaCy ner's entities found the way its training finds them, with how sure it was of each doc.

`decode_entities` drives the ner's own step model (`ner.model.predict(docs)`, then
`step.predict(states)` and `ner.transition_states`, as spaCy's `Parser.update` does) instead of
`ner.predict`. Two reasons. Speed: spaCy's compiled greedy loop takes and drops Python's lock
for every action it checks, so for a small model it costs more than all the rest of the
pipeline; driven from Python it runs in well under half the time. Sureness for free: each step's
action scores are at hand, so the uncertainty of a doc comes from the very decisions that made
its entities, with no beam search beside them. It also decodes as training scored: with
`maxout_pieces = 1`, spaCy's compiled loop leaves out the hidden layer's relu that its
training applies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy


@dataclass(frozen=True)
class ActionTable:
    """The ner's actions, read once: which are valid from each state, and the state after."""

    valid: numpy.ndarray
    """Row 0: the actions valid outside an entity (B-, U- of a label, O); row 1 + label: those
    valid inside an entity of that label (I-, L- of it)."""
    opens: numpy.ndarray
    """Per action: the label (index) of the entity it leaves open, -1 for none."""
    keeps: numpy.ndarray
    """Per action: whether it leaves the open entity open as it was (I-)."""

    @classmethod
    def of(cls, moves) -> ActionTable:
        names = [moves.get_class_name(index) for index in range(moves.n_moves)]
        labels = sorted({name[2:] for name in names if name[2:]})
        valid = numpy.zeros((1 + len(labels), len(names)), dtype=bool)
        opens = numpy.full(len(names), -1)
        for index, name in enumerate(names):
            move, label = name[0], name[2:]
            if name == "O" or (move in "BU" and label):
                valid[0, index] = True
            if move in "IL" and label:
                valid[1 + labels.index(label), index] = True
            if move == "B" and label:
                opens[index] = labels.index(label)
        keeps = numpy.array([name[0] == "I" for name in names])
        return cls(valid, opens, keeps)


def decode_entities(ner, docs: list) -> list[float]:
    """Set `docs`' entities with `ner` (its tok2vec already run) and return each doc's
    uncertainty: the sum over its decisions of 4 p (1 - p), p the probability of the action
    taken among the valid ones. 0 when every decision is sure, one unit per decision torn
    between two actions. (Valid as for docs without preset entities, which no component
    before our ners sets; the entities themselves always follow spaCy's own checks.)"""
    uncertainty = numpy.zeros(len(docs))
    states = ner.moves.init_batch(docs)
    rows = numpy.array([index for index, state in enumerate(states) if not state.is_final()])
    todo = [states[index] for index in rows]
    if todo:
        table = ActionTable.of(ner.moves)
        open_label = numpy.full(len(todo), -1)
        step = ner.model.predict(docs)
        while todo:
            scores = step.predict(todo)
            valid = table.valid[open_label + 1]
            best = numpy.where(valid, scores, -numpy.inf)
            chosen = best.argmax(axis=1)
            best -= best[numpy.arange(len(chosen)), chosen][:, None]
            sure = 1.0 / numpy.exp(best).sum(axis=1)
            numpy.add.at(uncertainty, rows, 4 * sure * (1 - sure))
            open_label = numpy.where(table.keeps[chosen], open_label, table.opens[chosen])
            ner.transition_states(todo, scores)
            going = numpy.array([not state.is_final() for state in todo], dtype=bool)
            todo = [state for state, on in zip(todo, going) if on]
            rows, open_label = rows[going], open_label[going]
        step.clear_memory()
    ner.set_annotations(docs, states)
    return uncertainty.tolist()

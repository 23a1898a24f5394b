"""A ner's entities decoded from its action scores, and the uncertainty those scores give."""

from __future__ import annotations

import math

import numpy
import pytest
import spacy

from annotator.suggest.ner_decoding import ActionTable, decode_entities

LOW = -10.0


class ScriptedNer:
    """spaCy's own ner (its actions, transitions and annotations) whose action scores are
    written by the test: per token, a score per action name, LOW for the rest."""

    def __init__(self, scores_per_token: dict[int, dict[str, float]]) -> None:
        nlp = spacy.blank("en")
        ner = nlp.add_pipe("ner")
        for label in ("ACTOR", "LOCATION"):
            ner.add_label(label)
        nlp.initialize()
        self.nlp, self.moves = nlp, ner.moves
        self.transition_states, self.set_annotations = ner.transition_states, ner.set_annotations
        self.scores_per_token = scores_per_token
        self.model = self

    def predict(self, docs_or_states):  # the ner's model, then its step model
        if docs_or_states and hasattr(docs_or_states[0], "is_final"):
            return numpy.array([self._scores(state.B(0)) for state in docs_or_states], "f")
        return self

    def _scores(self, token: int) -> list[float]:
        given = self.scores_per_token.get(token, {"O": 10.0})
        names = [self.moves.get_class_name(i) for i in range(self.moves.n_moves)]
        return [given.get(name, LOW) for name in names]

    def clear_memory(self) -> None:
        pass


def test_entities_follow_the_best_valid_action_and_uncertainty_its_probability():
    ner = ScriptedNer(
        {
            0: {"U-ACTOR": 10.0 + math.log(3), "O": 10.0},  # p = 3/4: 4 p (1 - p) = 0.75
            1: {"I-ACTOR": 10.0, "O": 10.0},  # I- outside an entity is not valid
            2: {"B-LOCATION": 10.0},
            3: {"L-ACTOR": 10.0, "L-LOCATION": 10.0},  # the open entity is a LOCATION
        }
    )
    doc = ner.nlp.make_doc("Rebels shelled Ostrel town")
    (uncertainty,) = decode_entities(ner, [doc])
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Rebels", "ACTOR"),
        ("Ostrel town", "LOCATION"),
    ]
    assert uncertainty == pytest.approx(0.75, abs=1e-3)


def test_a_doc_with_no_tokens_is_sure_and_has_no_entities():
    ner = ScriptedNer({0: {"U-ACTOR": 10.0}})
    empty, doc = ner.nlp.make_doc(""), ner.nlp.make_doc("Rebels")
    assert decode_entities(ner, [empty, doc]) == [0.0, pytest.approx(0.0, abs=1e-3)]
    assert not empty.ents and [e.text for e in doc.ents] == ["Rebels"]


def test_valid_actions_outside_and_inside_each_label():
    moves = ScriptedNer({}).moves
    table = ActionTable.of(moves)
    names = numpy.array([moves.get_class_name(i) for i in range(moves.n_moves)])
    assert set(names[table.valid[0]]) == {"O", "B-ACTOR", "U-ACTOR", "B-LOCATION", "U-LOCATION"}
    assert set(names[table.valid[1]]) == {"I-ACTOR", "L-ACTOR"}
    assert set(names[table.valid[2]]) == {"I-LOCATION", "L-LOCATION"}

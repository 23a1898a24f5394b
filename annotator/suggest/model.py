"""Spans a trained spaCy pipeline proposes: its ner's entities or its spancat's scored spans."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError

SPANCAT_KEY = "sc"
SPANCAT_THRESHOLD = 0.5
BEAM_WIDTH = 4


class ModelError(AnnotatorError):
    """A model folder spaCy cannot load, or one that predicts none of the project's labels."""


class ModelSuggester:
    """A saved spaCy pipeline; proposes (start, end, label, attrs, score) per text."""

    def __init__(self, model: Path, labels: Iterable[str]) -> None:
        import spacy

        model = Path(model)
        if not (model / "config.cfg").exists():
            raise ModelError(f"{model}: not a spaCy model folder (no config.cfg)")
        try:
            self.nlp = spacy.load(model)
        except (OSError, ValueError) as error:
            raise ModelError(f"{model}: spaCy cannot load it: {error}") from None
        self.labels = set(labels)
        self.spancat = "spancat" in self.nlp.pipe_names and "ner" not in self.nlp.pipe_names
        if "ner" not in self.nlp.pipe_names and not self.spancat:
            raise ModelError(f"{model}: the pipeline has neither ner nor spancat")
        predicted = set(self.nlp.get_pipe("spancat" if self.spancat else "ner").labels)
        if not predicted & self.labels:
            raise ModelError(
                f"{model}: predicts none of the project's labels ({', '.join(sorted(predicted))})"
            )

    def suggest(self, texts: Iterable[str]) -> Iterator[list[tuple[int, int, str, dict, Any]]]:
        for doc in self.nlp.pipe(texts, batch_size=256):
            yield self._spans(doc)

    def suggest_with_uncertainty(
        self, texts: list[str]
    ) -> tuple[list[list[tuple[int, int, str, dict, Any]]], list[float]]:
        """Proposals per text, and how unsure the model is of each text.

        Uncertainty = sum over candidate spans of 4 p (1 - p): 0 when every candidate is
        certain (p 0 or 1), one unit per span the model is torn on (p 0.5). The ner's
        candidates and their p come from a small beam over the same docs; spancat's from its
        scores.
        """
        docs = list(self.nlp.pipe(texts, batch_size=256))
        proposals = [self._spans(doc) for doc in docs]
        if self.spancat:
            probabilities = [[s for *_, s in found if s is not None] for found in proposals]
        else:
            ner = self.nlp.get_pipe("ner")
            beams = ner.beam_parse(docs, beam_width=BEAM_WIDTH)
            probabilities = [list(scored.values()) for scored in ner.scored_ents(beams)]
        uncertainty = [sum(4 * p * (1 - p) for p in found) for found in probabilities]
        return proposals, uncertainty

    def _spans(self, doc) -> list[tuple[int, int, str, dict, Any]]:
        if not self.spancat:
            return [
                (e.start_char, e.end_char, e.label_, {}, None)
                for e in doc.ents
                if e.label_ in self.labels
            ]
        group = doc.spans.get(SPANCAT_KEY, [])
        scores = getattr(group, "attrs", {}).get("scores")
        found = []
        for index, span in enumerate(group):
            score = float(scores[index]) if scores is not None else None
            if span.label_ in self.labels and (score is None or score >= SPANCAT_THRESHOLD):
                found.append((span.start_char, span.end_char, span.label_, {}, score))
        return found

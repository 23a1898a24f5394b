"""Spans a trained spaCy pipeline proposes: its ner's entities or its spancat's scored spans."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError, one_line
from annotator.suggest.ner_decoding import decode_entities

SPANCAT_KEY = "sc"
SPANCAT_THRESHOLD = 0.5
BATCH_SIZE = 256


class ModelError(AnnotatorError):
    """A model folder spaCy cannot load, or one that predicts none of the project's labels."""


class ModelSuggester:
    """A saved spaCy pipeline; proposes (start, end, label, attrs, score) per text."""

    def __init__(self, model: Path, labels: Iterable[str]) -> None:
        import spacy
        from thinc.api import use_ops
        from threadpoolctl import ThreadpoolController

        model = self.model = Path(model)
        if not (model / "config.cfg").exists():
            raise ModelError(f"{model}: not a spaCy model folder (no config.cfg)")
        # The model's matrix products go to numpy's BLAS (OpenBLAS), one thread a process (see
        # _docs): 2 to 3 times as fast as thinc's default, blis, whose wheels fall back to
        # generic kernels on some CPUs (AMD EPYC among them).
        try:
            with use_ops("numpy", use_blis=False):
                self.nlp = spacy.load(model)
        except (OSError, ValueError) as error:
            raise ModelError(f"{model}: spaCy cannot load it: {one_line(error)}") from None
        self.blas = ThreadpoolController()
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
        """Proposals per text (`suggest_with_uncertainty` without the uncertainty)."""
        yield from self.suggest_with_uncertainty(list(texts))[0]

    def suggest_with_uncertainty(
        self, texts: list[str]
    ) -> tuple[list[list[tuple[int, int, str, dict, Any]]], list[float]]:
        """Proposals per text, and how unsure the model is of each text.

        The ner's: the sum over its decisions of 4 p (1 - p), p the probability of the action
        it took (see `decode_entities`). Spancat's: the same sum over its candidate spans, p
        their scores. Either is 0 when the model is sure of everything, and grows by one unit
        per choice it is torn on (p 0.5).
        """
        proposals: list[list[tuple[int, int, str, dict, Any]]] = []
        uncertainty: list[float] = []
        for start in range(0, len(texts), BATCH_SIZE):
            docs, unsure = self._docs(texts[start : start + BATCH_SIZE])
            found = [self._spans(doc) for doc in docs]
            if self.spancat:
                unsure = [sum(4 * s * (1 - s) for *_, s in f if s is not None) for f in found]
            proposals += found
            uncertainty += unsure
        return proposals, uncertainty

    def _docs(self, texts: list[str]) -> tuple[list, list[float]]:
        """`texts` through the pipeline, its ner (if any) decoded by `decode_entities`; and
        the ner's uncertainty per doc (zeros without one). One BLAS thread: the products are
        small, and more threads only spin against the other worker's core."""
        with self.blas.limit(limits=1, user_api="blas"):
            return self._through_pipeline(texts)

    def _through_pipeline(self, texts: list[str]) -> tuple[list, list[float]]:
        docs = [self.nlp.make_doc(text) for text in texts]
        uncertainty = [0.0] * len(docs)
        for name, component in self.nlp.pipeline:
            if name == "ner":
                uncertainty = decode_entities(component, docs)
            elif hasattr(component, "pipe"):
                docs = list(component.pipe(docs, batch_size=BATCH_SIZE))
            else:
                docs = [component(doc) for doc in docs]
        return docs, uncertainty

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

"""Agreement of a project's annotators: reads the store once, runs the metrics of agreement.py.

A document counts for a pair of annotators when both marked it done; Krippendorff's alpha
uses every document at least two of the chosen annotators finished. The work is done on
numpy columns over all documents at once, so 10,000 documents take seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

import numpy as np
from pydantic import BaseModel

from annotator import agreement
from annotator.errors import AnnotatorError
from annotator.model import GOLD
from annotator.store import Project
from annotator.store.annotations import done_documents, span_columns, texts_and_tokens
from annotator.tokens import word_offsets_end_to_end

Progress = Callable[[int, int], None]
"""Called with (steps done, steps in all) as the work goes on."""

DOCUMENT, ANNOTATOR, START, END, LABEL = range(5)


class AgreementError(AnnotatorError):
    """Agreement cannot be measured: unknown names, or no document two annotators finished."""


class LabelAgreement(BaseModel):
    exact_f1: float | None
    overlap_f1: float | None
    token_kappa: float | None


class PairAgreement(BaseModel):
    a: str
    b: str
    documents: int
    exact_f1: float | None
    overlap_f1: float | None
    token_kappa: float | None
    per_label: dict[str, LabelAgreement]


class AgreementReport(BaseModel):
    documents: int
    annotators: list[str]
    pairs: list[PairAgreement]
    krippendorff_alpha: dict[str, float | None]


class _Corpus:
    """The documents in play laid end to end: their word tokens and the chosen spans."""

    def __init__(self, project: Project, documents: list[int], spans: np.ndarray) -> None:
        rows = list(texts_and_tokens(project, documents))
        self.documents = np.array([row[0] for row in rows], dtype=np.int64)
        self.bases, self.starts, self.ends, self.owner = word_offsets_end_to_end(
            [row[1] for row in rows], [row[2] for row in rows]
        )
        position = np.searchsorted(self.documents, spans[:, DOCUMENT])
        position = np.minimum(position, len(self.documents) - 1)
        in_play = self.documents[position] == spans[:, DOCUMENT]
        self.spans, self.position = spans[in_play], position[in_play]
        base = self.bases[self.position]
        self.first, self.stop = agreement.token_ranges(
            self.starts, self.ends, base + self.spans[:, START], base + self.spans[:, END]
        )

    def finished(self, done: set[int]) -> np.ndarray:
        """Bool per document in play: is it in `done`?"""
        return np.isin(self.documents, np.fromiter(done, dtype=np.int64, count=len(done)))

    def marks(self, chosen: np.ndarray) -> np.ndarray:
        """Bool per word token: covered by one of the chosen spans."""
        return agreement.marks_of_ranges(len(self.starts), self.first[chosen], self.stop[chosen])


def _check_names(asked: Sequence[str], known: Sequence[str], what: str) -> None:
    unknown = [name for name in asked if name not in known]
    if unknown:
        raise AgreementError(
            f"unknown {what} {', '.join(unknown)} (known: {', '.join(known) or 'none'})"
        )


def _choose(
    project: Project, annotators: Sequence[str] | None, labels: Sequence[str] | None
) -> tuple[list[str], list[str]]:
    known_labels = project.schema.label_names
    known_annotators = project.annotators()
    if labels:
        _check_names(labels, known_labels, "label")
    if annotators:
        _check_names(annotators, known_annotators, "annotator")
    else:
        annotators = [name for name in known_annotators if name != GOLD]
    return list(dict.fromkeys(annotators)), list(dict.fromkeys(labels or known_labels))


def _pair(
    corpus: _Corpus,
    sides: tuple[int, int],
    names: list[str],
    finished: np.ndarray,
    marks: np.ndarray,
    labels: list[str],
) -> PairAgreement:
    """Exact and overlap F1 (micro over documents) and token kappa of annotators i and j."""
    i, j = sides
    shared = finished[i] & finished[j]
    spans, in_shared = corpus.spans, shared[corpus.position]
    a = in_shared & (spans[:, ANNOTATOR] == i)
    b = in_shared & (spans[:, ANNOTATOR] == j)
    group = corpus.position * len(labels) + spans[:, LABEL]
    totals, exact, overlap = (
        counts.reshape(-1, len(labels)).sum(axis=0)
        for counts in agreement.span_match_counts(
            group[a],
            spans[a][:, START:LABEL],
            group[b],
            spans[b][:, START:LABEL],
            len(corpus.documents) * len(labels),
        )
    )
    units = shared[corpus.owner]
    per_label = {}
    for k, label in enumerate(labels):
        kappa = agreement.cohen_kappa(marks[i, k][units], marks[j, k][units])
        per_label[label] = LabelAgreement(
            exact_f1=agreement.f1_from_counts(int(exact[k]), int(totals[k])),
            overlap_f1=agreement.f1_from_counts(int(overlap[k]), int(totals[k])),
            token_kappa=kappa,
        )
    kappa = agreement.mean_defined(
        per_label[label].token_kappa for k, label in enumerate(labels) if totals[k]
    )
    return PairAgreement(
        a=names[i],
        b=names[j],
        documents=int(shared.sum()),
        exact_f1=agreement.f1_from_counts(int(exact.sum()), int(totals.sum())),
        overlap_f1=agreement.f1_from_counts(int(overlap.sum()), int(totals.sum())),
        token_kappa=kappa,
        per_label=per_label,
    )


def project_agreement(
    project: Project,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> AgreementReport:
    """Pairwise F1 and kappa, and Krippendorff's alpha, of the annotators' finished documents.

    `annotators` defaults to everyone but gold; `labels` to the schema's labels.
    """
    annotators, labels = _choose(project, annotators, labels)
    done = done_documents(project, annotators)
    pairs = list(combinations(range(len(annotators)), 2))
    in_play = sorted(set().union(*(done[annotators[i]] & done[annotators[j]] for i, j in pairs)))
    if not in_play:
        raise AgreementError(
            "agreement needs two annotators who both marked a document done; "
            f"none of {', '.join(annotators) or 'the annotators'} did"
        )
    corpus = _Corpus(project, in_play, span_columns(project, annotators, labels))
    finished = np.array([corpus.finished(done[name]) for name in annotators])
    who, label_of = corpus.spans[:, ANNOTATOR], corpus.spans[:, LABEL]
    marks = np.array(
        [
            [corpus.marks((who == i) & (label_of == k)) for k in range(len(labels))]
            for i in range(len(annotators))
        ]
    ).reshape(len(annotators), len(labels), -1)
    rated = finished[:, corpus.owner]
    report_pairs = []
    for step, (i, j) in enumerate(pairs, start=1):
        report_pairs.append(_pair(corpus, (i, j), annotators, finished, marks, labels))
        if progress:
            progress(step, len(pairs))
    alpha = {
        label: agreement.krippendorff_alpha_binary(marks[:, k], rated)
        for k, label in enumerate(labels)
    }
    alpha["macro"] = agreement.mean_defined(alpha.values())
    return AgreementReport(
        documents=len(in_play), annotators=annotators, pairs=report_pairs, krippendorff_alpha=alpha
    )

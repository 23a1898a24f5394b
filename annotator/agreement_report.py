"""Agreement of a project's annotators: reads the store once, runs the metrics of agreement.py.

A document counts for a pair of annotators when both marked it done; Krippendorff's alpha
uses every document at least two of the chosen annotators finished.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import combinations

import numpy as np
from pydantic import BaseModel

from annotator import agreement
from annotator.agreement import SpanKey
from annotator.errors import AnnotatorError
from annotator.model import GOLD
from annotator.store import Project
from annotator.store.annotations import (
    DocumentSpan,
    done_documents,
    spans_of_done_documents,
    texts_and_tokens,
)
from annotator.tokens import word_offsets_end_to_end

Progress = Callable[[int, int], None]
"""Called with (steps done, steps in all) as the work goes on."""


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


class _Units:
    """The binary token units of the documents in play, laid end to end."""

    def __init__(self, project: Project, documents: Sequence[int]) -> None:
        rows = list(texts_and_tokens(project, documents))
        self.documents = np.array([row[0] for row in rows], dtype=np.int64)
        self.bases, self.starts, self.ends, self.owner = word_offsets_end_to_end(
            [row[1] for row in rows], [row[2] for row in rows]
        )

    def marks(self, spans: list[DocumentSpan]) -> np.ndarray:
        """Bool per unit: covered by one of these spans (all of one annotator and label)."""
        if not spans:
            return np.zeros(len(self.starts), dtype=bool)
        document, _, start, end, _ = (np.array(column) for column in zip(*spans))
        base = self.bases[np.searchsorted(self.documents, document)]
        return agreement.mark_tokens(self.starts, self.ends, base + start, base + end)


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
    a: str,
    b: str,
    shared: list[int],
    spans: dict[tuple[str, int], list[SpanKey]],
    kappas: dict[str, float | None],
    labels: list[str],
) -> PairAgreement:
    exact, overlap, total = defaultdict(int), defaultdict(int), defaultdict(int)
    for document in shared:
        a_spans, b_spans = spans.get((a, document), []), spans.get((b, document), [])
        for label, ranges in _split_labels(a_spans, b_spans).items():
            exact[label] += agreement.exact_matches(*ranges)
            overlap[label] += agreement.overlap_matches(*ranges)
            total[label] += len(ranges[0]) + len(ranges[1])
    per_label = {
        label: LabelAgreement(
            exact_f1=agreement.f1_from_counts(exact[label], total[label]),
            overlap_f1=agreement.f1_from_counts(overlap[label], total[label]),
            token_kappa=kappas[label],
        )
        for label in labels
    }
    return PairAgreement(
        a=a,
        b=b,
        documents=len(shared),
        exact_f1=agreement.f1_from_counts(sum(exact.values()), sum(total.values())),
        overlap_f1=agreement.f1_from_counts(sum(overlap.values()), sum(total.values())),
        token_kappa=agreement.mean_defined(kappas[label] for label in labels if total[label]),
        per_label=per_label,
    )


def _split_labels(
    a: list[SpanKey], b: list[SpanKey]
) -> dict[str, tuple[list[SpanKey], list[SpanKey]]]:
    split: dict[str, tuple[list[SpanKey], list[SpanKey]]] = {}
    for side, spans in enumerate((a, b)):
        for span in spans:
            split.setdefault(span[2], ([], []))[side].append(span)
    return split


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
    pairs = [(a, b, sorted(done[a] & done[b])) for a, b in combinations(annotators, 2)]
    in_play = sorted(set().union(*(shared for _, _, shared in pairs)))
    if not in_play:
        raise AgreementError(
            "agreement needs two annotators who both marked a document done; "
            f"none of {', '.join(annotators) or 'the annotators'} did"
        )
    in_play_set = set(in_play)
    rows = [r for r in spans_of_done_documents(project, annotators, labels) if r[0] in in_play_set]
    units = _Units(project, in_play)
    finished = np.array([np.isin(units.documents, list(done[name])) for name in annotators])
    rated = finished[:, units.owner]
    grouped: dict[tuple[str, str], list[DocumentSpan]] = defaultdict(list)
    spans: dict[tuple[str, int], list[SpanKey]] = defaultdict(list)
    for row in rows:
        grouped[row[1], row[4]].append(row)
        spans[row[1], row[0]].append(row[2:])
    marks = {
        label: np.array([units.marks(grouped[name, label]) for name in annotators])
        for label in labels
    }
    report_pairs = []
    for step, (a, b, shared) in enumerate(pairs, start=1):
        i, j = annotators.index(a), annotators.index(b)
        both = rated[i] & rated[j]
        kappas = {
            label: agreement.cohen_kappa(marks[label][i][both], marks[label][j][both])
            if both.any()
            else None
            for label in labels
        }
        report_pairs.append(_pair(a, b, shared, spans, kappas, labels))
        if progress:
            progress(step, len(pairs))
    alpha = {
        label: agreement.krippendorff_alpha_nominal(
            agreement.binary_value_counts(marks[label], rated)
        )
        for label in labels
    }
    alpha["macro"] = agreement.mean_defined(alpha.values())
    return AgreementReport(
        documents=len(in_play),
        annotators=annotators,
        pairs=report_pairs,
        krippendorff_alpha=alpha,
    )

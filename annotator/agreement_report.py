"""Agreement of a project's annotators: reads the store once, runs the metrics of agreement.py.

A document counts only once every compared annotator marked it done (a half-done annotation
is no disagreement); leave annotators out with `annotators`. The work is done on
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
from annotator.store.annotations import (
    annotators_with_status,
    done_documents,
    span_columns,
    texts_and_tokens,
)
from annotator.store.relations import relations_of_annotators
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


class RelationAgreement(BaseModel):
    """Relations of a pair on their shared documents: how many each drew, how many match
    (same type between spans that match exactly), F1 per type."""

    a: int
    b: int
    matched: int
    per_type: dict[str, float | None]


class PairAgreement(BaseModel):
    a: str
    b: str
    documents: int
    exact_f1: float | None
    overlap_f1: float | None
    token_kappa: float | None
    per_label: dict[str, LabelAgreement]
    relation_f1: float | None = None
    relations: RelationAgreement | None = None


class AgreementReport(BaseModel):
    documents: int
    annotators: list[str]
    pairs: list[PairAgreement]
    krippendorff_alpha: dict[str, float | None]


class _Corpus:
    """The documents in play laid end to end: word tokens, chosen spans, who finished what."""

    def __init__(
        self, project: Project, documents: list[int], done: list[set[int]], labels: int
    ) -> None:
        rows = list(texts_and_tokens(project, documents))
        self.documents = np.array([row[0] for row in rows], dtype=np.int64)
        self.labels = labels
        self.bases, self.starts, self.ends, self.owner = word_offsets_end_to_end(
            [row[1] for row in rows], [row[2] for row in rows]
        )
        self.finished = np.array([np.isin(self.documents, list(ids)) for ids in done])
        # annotators x units: did the annotator finish the unit's document?
        self.rated = self.finished[:, self.owner]

    def read_spans(self, spans: np.ndarray) -> None:
        """Keep the spans on documents in play and mark the tokens they cover."""
        position = np.searchsorted(self.documents, spans[:, DOCUMENT])
        position = np.minimum(position, len(self.documents) - 1)
        in_play = self.documents[position] == spans[:, DOCUMENT]
        self.spans, self.position = spans[in_play], position[in_play]
        base = self.bases[self.position]
        first, stop = agreement.token_ranges(
            self.starts, self.ends, base + self.spans[:, START], base + self.spans[:, END]
        )
        who, label = self.spans[:, ANNOTATOR], self.spans[:, LABEL]
        self.marks = np.array(
            [
                [
                    agreement.marks_of_ranges(len(self.starts), first[chosen], stop[chosen])
                    for chosen in ((who == i) & (label == k) for k in range(self.labels))
                ]
                for i in range(len(self.finished))
            ]
        ).reshape(len(self.finished), self.labels, -1)

    def span_counts(self, i: int, j: int, shared: np.ndarray) -> tuple[np.ndarray, ...]:
        """Per label: spans of i and j on shared documents, exact and overlap matches."""
        spans, in_shared = self.spans, shared[self.position]
        a = in_shared & (spans[:, ANNOTATOR] == i)
        b = in_shared & (spans[:, ANNOTATOR] == j)
        group = self.position * self.labels + spans[:, LABEL]
        counts = agreement.span_match_counts(
            group[a],
            spans[a][:, START:LABEL],
            group[b],
            spans[b][:, START:LABEL],
            len(self.documents) * self.labels,
        )
        return tuple(count.reshape(-1, self.labels).sum(axis=0) for count in counts)


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
    if labels:
        _check_names(labels, known_labels, "label")
    if annotators:
        _check_names(annotators, project.annotators(), "annotator")
    else:
        annotators = [name for name in annotators_with_status(project) if name != GOLD]
    return list(dict.fromkeys(annotators)), list(dict.fromkeys(labels or known_labels))


def _pair(corpus: _Corpus, i: int, j: int, names: list[str], labels: list[str]) -> PairAgreement:
    """Exact and overlap F1 (micro over documents) and token kappa of annotators i and j."""
    shared = corpus.finished[i] & corpus.finished[j]
    totals, exact, overlap = corpus.span_counts(i, j, shared)
    units = shared[corpus.owner]
    per_label = {
        label: LabelAgreement(
            exact_f1=agreement.f1_from_counts(int(exact[k]), int(totals[k])),
            overlap_f1=agreement.f1_from_counts(int(overlap[k]), int(totals[k])),
            token_kappa=agreement.cohen_kappa(corpus.marks[i, k][units], corpus.marks[j, k][units]),
        )
        for k, label in enumerate(labels)
    }
    return PairAgreement(
        a=names[i],
        b=names[j],
        documents=int(shared.sum()),
        exact_f1=agreement.f1_from_counts(int(exact.sum()), int(totals.sum())),
        overlap_f1=agreement.f1_from_counts(int(overlap.sum()), int(totals.sum())),
        token_kappa=agreement.mean_defined(
            per_label[label].token_kappa for k, label in enumerate(labels) if totals[k]
        ),
        per_label=per_label,
    )


def _add_relations(
    pair: PairAgreement,
    relations: dict[str, list[agreement.RelationKey]],
    shared: set[int],
    types: list[str],
    labels: Sequence[str],
) -> None:
    """The pair's relation F1, overall and per type, on the documents both finished (and
    between spans of the labels chosen)."""

    def kept(name: str) -> set[agreement.RelationKey]:
        return {
            r
            for r in relations.get(name, [])
            if r[0] in shared and r[1][2] in labels and r[2][2] in labels
        }

    a, b = kept(pair.a), kept(pair.b)
    pair.relation_f1 = agreement.relation_f1(a, b)
    pair.relations = RelationAgreement(
        a=len(a),
        b=len(b),
        matched=len(a & b),
        per_type=agreement.relation_f1_per_type(a, b, types),
    )


def project_agreement(
    project: Project,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> AgreementReport:
    """Pairwise F1 and kappa, and Krippendorff's alpha, of the annotators' finished documents.

    `annotators` defaults to everyone but gold who marked a document done; `labels` to the
    schema's labels.
    """
    annotators, labels = _choose(project, annotators, labels)
    done = done_documents(project, annotators)
    pairs = list(combinations(range(len(annotators)), 2))
    in_play: list[int] = []
    if annotators:
        in_play = sorted(set(done[annotators[0]]).intersection(*(done[n] for n in annotators)))
    if len(annotators) < 2:
        who = f"only {annotators[0]} did" if annotators else "none did"
        raise AgreementError(
            f"{project.path}: agreement needs two annotators (gold aside) who marked documents"
            f" done; {who}"
        )
    if not in_play:
        raise AgreementError(
            "agreement needs documents that every compared annotator marked done; "
            f"{', '.join(annotators) or 'the annotators'} share none "
            "(leave some out with --annotators)"
        )
    steps = len(pairs) + 2  # reading, each pair, alpha
    report = progress or (lambda done, total: None)
    corpus = _Corpus(project, in_play, [done[name] for name in annotators], len(labels))
    corpus.read_spans(span_columns(project, annotators, labels))
    report(1, steps)
    relations = relations_of_annotators(project, annotators)
    types = project.schema.relation_names
    report_pairs = []
    for step, (i, j) in enumerate(pairs, start=2):
        pair = _pair(corpus, i, j, annotators, labels)
        shared = done[annotators[i]] & done[annotators[j]]
        _add_relations(pair, relations, shared, types, labels)
        report_pairs.append(pair)
        report(step, steps)
    alpha = {
        label: agreement.krippendorff_alpha_binary(corpus.marks[:, k], corpus.rated)
        for k, label in enumerate(labels)
    }
    report(steps, steps)
    alpha["macro"] = agreement.mean_defined(alpha.values())
    return AgreementReport(
        documents=len(in_play), annotators=annotators, pairs=report_pairs, krippendorff_alpha=alpha
    )

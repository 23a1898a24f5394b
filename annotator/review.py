"""Review over a project: each document's disagreement items, the ranking, adjudication to gold.

The pure grouping and classification live in `annotator.disagreement`; they are re-exported
here, so `from annotator.review import group_items, ItemKind` works.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from annotator.disagreement import (
    Item,
    ItemKind,
    ItemState,
    SpanLike,
    agreed_gold_spans,
    classify,
    document_score,
    group_items,
    item_state,
    linked,
)
from annotator.errors import AnnotatorError
from annotator.model import GOLD, Document, ReviewStatus, Span, Status
from annotator.store import Project
from annotator.store.review import (
    BATCH,
    SpanKey,
    SpanRow,
    all_rejected_keys,
    finished_annotators,
    rejected_keys,
    review_status,
    review_statuses,
    set_review_status,
    span_rows,
    titles,
)
from annotator.store.staged_import import import_running

__all__ = [
    "AdjudicationReport",
    "DocumentReview",
    "DocumentSummary",
    "Item",
    "ItemKind",
    "ItemState",
    "LeftForReview",
    "ReviewError",
    "SpanLike",
    "adjudicate",
    "agreed_gold_spans",
    "compared_annotators",
    "classify",
    "document_score",
    "group_items",
    "item_state",
    "linked",
    "load_document_review",
    "rank_documents",
    "summarize_document",
    "summarize_documents",
]

ADJUDICATION = "adjudicate"
"""The reviewer name in the log for what `adjudicate` decides."""


@dataclass
class DocumentReview:
    """One document as a reviewer sees it: annotators' items, their states, and gold."""

    document: Document
    annotators: list[str]
    spans: list[Span]
    gold: list[Span]
    items: list[Item]
    states: list[ItemState]
    score: float | None
    status: ReviewStatus

    @property
    def pending(self) -> list[Item]:
        return [i for i, s in zip(self.items, self.states) if s is ItemState.pending]


def load_document_review(
    project: Project, document_id: int, exclude: Collection[str] = ()
) -> DocumentReview:
    """Everything the review of one document needs, read from the project; the annotators
    in `exclude` are left out of the comparison."""
    finished = finished_annotators(project, [document_id]).get(document_id, [])
    annotators = [name for name in finished if name not in exclude]
    all_spans = project.spans(document_id)
    spans = [s for s in all_spans if s.annotator in annotators]
    gold = [s for s in all_spans if s.annotator == GOLD]
    items = group_items(spans, annotators)
    rejected = rejected_keys(project, document_id)
    return DocumentReview(
        document=project.document(document_id),
        annotators=annotators,
        spans=spans,
        gold=gold,
        items=items,
        states=[item_state(item, gold, rejected) for item in items],
        score=document_score(spans, annotators),
        status=review_status(project, document_id),
    )


@dataclass(frozen=True)
class DocumentSummary:
    """One row of the review list: how much the annotators of a document agree."""

    document: int
    title: str
    annotators: tuple[str, ...]
    score: float | None
    items: int
    pending: int
    kinds: dict[str, int] = field(default_factory=dict)
    pending_kinds: dict[str, int] = field(default_factory=dict)
    status: ReviewStatus = ReviewStatus.todo


def _summary(
    document: int,
    title: str,
    annotators: Sequence[str],
    spans: Sequence[SpanLike],
    rejected: Collection[SpanKey],
    status: ReviewStatus,
) -> DocumentSummary:
    compared = [s for s in spans if s.annotator in annotators]
    gold = [s for s in spans if s.annotator == GOLD]
    items = group_items(compared, annotators)
    states = [item_state(item, gold, rejected) for item in items]
    return DocumentSummary(
        document=document,
        title=title,
        annotators=tuple(annotators),
        score=document_score(compared, annotators),
        items=len(items),
        pending=states.count(ItemState.pending),
        kinds=dict(Counter(item.kind.value for item in items)),
        pending_kinds=dict(
            sorted(
                Counter(
                    i.kind.value for i, state in zip(items, states) if state is ItemState.pending
                ).items()
            )
        ),
        status=status,
    )


def summarize_document(
    project: Project, document_id: int, exclude: Collection[str] = ()
) -> DocumentSummary:
    """The review-list row of one document."""
    review = load_document_review(project, document_id, exclude)
    return _summary(
        document_id,
        review.document.title,
        review.annotators,
        [*review.spans, *review.gold],
        rejected_keys(project, document_id),
        review.status,
    )


def summarize_documents(project: Project, finished: dict[int, list[str]]) -> list[DocumentSummary]:
    """Review-list rows of documents (id -> finished annotators), in id order.

    Reads spans in bulk without their attributes, a batch of documents at a time.
    """
    statuses = review_statuses(project)
    rejected = all_rejected_keys(project)
    summaries = []
    ids = sorted(finished)
    for first in range(0, len(ids), BATCH):
        batch = ids[first : first + BATCH]
        spans, names = span_rows(project, batch), titles(project, batch)
        summaries += [
            _summary(
                document,
                names[document],
                finished[document],
                spans[document],
                rejected.get(document, ()),
                statuses.get(document, ReviewStatus.todo),
            )
            for document in batch
        ]
    return summaries


def compared_annotators(project: Project, exclude: Collection[str] = ()) -> list[str]:
    """The annotators a review compares: everyone (but gold) who marked any document done,
    less those left out."""
    finished = finished_annotators(project)
    return sorted({name for names in finished.values() for name in names} - set(exclude))


def rank_documents(project: Project, *, exclude: Collection[str] = ()) -> list[DocumentSummary]:
    """Documents every compared annotator (see `compared_annotators`; at least two) marked
    done, lowest agreement first (unscored last). A document some of them still work on is
    left out, so a half-done annotation never counts as disagreement."""
    everyone = compared_annotators(project, exclude)
    if len(everyone) < 2:
        return []
    finished = {
        document: everyone
        for document, names in finished_annotators(project).items()
        if set(everyone) <= set(names)
    }
    summaries = summarize_documents(project, finished)
    return sorted(summaries, key=lambda s: (s.score is None, s.score or 0.0, s.document))


class ReviewError(AnnotatorError):
    """A review or adjudication request that cannot be carried out; the message says why."""


@dataclass(frozen=True)
class LeftForReview:
    document: int
    title: str
    pending: int
    kinds: dict[str, int]


@dataclass
class AdjudicationReport:
    """What `adjudicate` wrote to gold and what it left for a reviewer."""

    min_agree: int
    documents: int
    """Documents at least `min_agree` annotators finished (the ones adjudicated)."""
    skipped: int
    """Documents some annotator finished, but fewer than `min_agree`."""
    spans_written: int
    left: list[LeftForReview]
    settled: int = 0
    """Documents with nothing left to review, now marked done for gold and for review."""

    @property
    def items_left(self) -> int:
        return sum(entry.pending for entry in self.left)

    def to_dict(self) -> dict[str, Any]:
        return {
            "min_agree": self.min_agree,
            "documents": self.documents,
            "skipped": self.skipped,
            "spans_written": self.spans_written,
            "settled": self.settled,
            "documents_left": len(self.left),
            "items_left": self.items_left,
            "left": [asdict(entry) for entry in self.left],
        }


def adjudicate(
    project: Project, *, min_agree: int, documents: Iterable[int] | None = None
) -> AdjudicationReport:
    """Write to gold every span at least `min_agree` annotators marked identically, in documents
    at least `min_agree` of them finished; one transaction, and running it again adds nothing.

    Raises ReviewError when `min_agree` < 2 or no document has that many finished annotators.
    """
    if min_agree < 2:
        raise ReviewError(
            f"--min-agree must be at least 2 (got {min_agree}): one annotator alone is no agreement"
        )
    if import_running(project.conn):
        raise ReviewError(
            f"{project.path}: an import into it is under way; adjudicate when it has finished"
            " (gold settled on half an import would stay settled if the import were undone)"
        )
    finished = finished_annotators(project, documents)
    eligible = {doc: names for doc, names in finished.items() if len(names) >= min_agree}
    if not eligible:
        most = max((len(names) for names in finished.values()), default=0)
        raise ReviewError(
            f"{project.path}: no document is finished by {min_agree} annotators "
            f"(at most {most} finished any document); nothing to adjudicate"
        )
    with project.transaction():
        written = 0
        ids = sorted(eligible)
        for first in range(0, len(ids), BATCH):
            rows = span_rows(project, ids[first : first + BATCH])
            written += sum(
                _write_agreed(
                    project, document_id, rows[document_id], eligible[document_id], min_agree
                )
                for document_id in rows
            )
        summaries = summarize_documents(project, eligible)
        settled = [s.document for s in summaries if not s.pending]
        for document_id in settled:
            _mark_settled(project, document_id)
    left = [
        LeftForReview(summary.document, summary.title, summary.pending, summary.pending_kinds)
        for summary in summaries
        if summary.pending
    ]
    return AdjudicationReport(
        min_agree,
        len(eligible),
        len(finished) - len(eligible),
        written,
        sorted(left, key=lambda entry: (-entry.pending, entry.document)),
        settled=len(settled),
    )


def _write_agreed(
    project: Project, document_id: int, every: list[SpanRow], annotators: list[str], k: int
) -> int:
    spans = [s for s in every if s.annotator in annotators]
    have = {s.key for s in every if s.annotator == GOLD}
    new = [s for s in agreed_gold_spans(spans, k) if s.key not in have]
    if not new:
        return 0
    # Exact copies of stored spans, so already checked against tokens and schema.
    written = project.insert_checked_spans(new)
    project.log(
        "review.adjudicate", GOLD, document=document_id, data={"min_agree": k, "spans": written}
    )
    return written


def _mark_settled(project: Project, document_id: int) -> None:
    """Nothing left to review: gold is done (so exports take it) and so is the review."""
    if project.status(document_id, GOLD) is not Status.done:
        project.set_status(document_id, GOLD, Status.done)
    if review_status(project, document_id) is not ReviewStatus.done:
        set_review_status(project, document_id, ReviewStatus.done, ADJUDICATION)

"""A reviewer's decisions: accept versions into gold, reject items, draw gold spans, and undo them.

Each decision is one transaction with a log row in the reviewer's name (gold spans themselves
are logged under `gold` by the store), and moves the document's review status from todo to
in progress.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from annotator.model import GOLD, ReviewStatus, Span, Status
from annotator.review import Item, ItemKind, ItemState, ReviewError, load_document_review
from annotator.store import Project
from annotator.store.review import (
    SpanKey,
    reject_keys,
    review_status,
    set_review_status,
    unreject_keys,
)


def _start_review(project: Project, document: int, reviewer: str) -> None:
    if review_status(project, document) is ReviewStatus.todo:
        set_review_status(project, document, ReviewStatus.in_progress, reviewer)


def accept_spans(project: Project, spans: Iterable[Span], *, reviewer: str) -> list[Span]:
    """Copy spans (with their attributes) into gold; versions gold already has are skipped.

    Returns the new gold spans, which `undo_accept` removes again.
    """
    spans = list(spans)
    if not spans:
        return []
    document = spans[0].document
    added: list[Span] = []
    with project.transaction():
        have = {s.key for s in project.spans(document, GOLD)}
        for shown in spans:
            span = _as_stored_now(project, shown)
            if span.key in have:
                continue
            have.add(span.key)
            copy = Span(
                document=document,
                annotator=GOLD,
                start=span.start,
                end=span.end,
                label=span.label,
                attrs=span.attrs,
            )
            added.append(project.add_span(copy))
        project.log(
            "review.accept",
            reviewer,
            document=document,
            data={"from": sorted({s.annotator for s in spans}), "gold": [s.id for s in added]},
        )
        _start_review(project, document, reviewer)
    return added


def _as_stored_now(project: Project, span: Span) -> Span:
    """`span` as its annotator's span is stored now (its attributes may have changed since the
    review loaded it); ReviewError if the annotator has deleted or changed it meanwhile: gold
    would get a span nobody has."""
    if span.annotator == GOLD:
        return span
    stored = project.find_span(span)
    if stored is None:
        raise ReviewError(
            f"{span.annotator}'s {span.label} at {span.start}-{span.end} is no longer there"
            " (changed since this document was loaded); nothing was accepted: open the"
            " document again"
        )
    return stored


def accept_version(project: Project, item: Item, annotator: str, *, reviewer: str) -> list[Span]:
    """Accept one annotator's spans of an item into gold."""
    return accept_spans(project, item.spans_of(annotator), reviewer=reviewer)


def accept_agreed(
    project: Project, document: int, *, reviewer: str, exclude: Collection[str] = ()
) -> list[Span]:
    """Accept every pending item all compared annotators (not those in `exclude`) marked
    identically, in one step."""
    review = load_document_review(project, document, exclude)
    spans = [
        item.spans[0]
        for item, state in zip(review.items, review.states)
        if item.kind is ItemKind.agreed and state is ItemState.pending
    ]
    if not spans:
        return []
    return accept_spans(project, spans, reviewer=reviewer)


def draw_gold_span(
    project: Project,
    document: int,
    start: int,
    end: int,
    label: str,
    *,
    reviewer: str,
    attrs: dict | None = None,
) -> Span:
    """Store a gold span the reviewer drew; snapped to tokens, raises SpanError if it can't be."""
    with project.transaction():
        span = project.add_span(
            Span(
                document=document,
                annotator=GOLD,
                start=start,
                end=end,
                label=label,
                attrs=attrs or {},
            )
        )
        project.log("review.draw", reviewer, document=document, data={"gold": [span.id]})
        _start_review(project, document, reviewer)
    return span


def undo_accept(project: Project, gold: Iterable[Span], *, reviewer: str) -> None:
    """Remove gold spans a decision added (undo of accept or draw), each found by identity."""
    gold = list(gold)
    if not gold:
        return
    with project.transaction():
        for span in gold:
            project.delete_span(span)
        project.log(
            "review.undo_accept",
            reviewer,
            document=gold[0].document,
            data={"gold": [s.id for s in gold]},
        )


def redo_accept(project: Project, gold: Iterable[Span], *, reviewer: str) -> list[Span]:
    """Put back gold spans removed by `undo_accept`; returns them as stored."""
    gold = list(gold)
    with project.transaction():
        gold = [project.restore_span(span) for span in gold]
        if gold:
            project.log(
                "review.redo_accept",
                reviewer,
                document=gold[0].document,
                data={"gold": [s.id for s in gold]},
            )
            _start_review(project, gold[0].document, reviewer)
    return gold


def reject_item(project: Project, item: Item, *, reviewer: str) -> list[SpanKey]:
    """Mark every version of an item rejected; returns the keys newly rejected (for undo)."""
    document = item.spans[0].document
    with project.transaction():
        keys = reject_keys(project, document, item.keys, reviewer)
        _start_review(project, document, reviewer)
    return keys


def reject_versions(
    project: Project, document: int, keys: Iterable[SpanKey], *, reviewer: str
) -> list[SpanKey]:
    """Reject versions by key (redo of a reject)."""
    with project.transaction():
        keys = reject_keys(project, document, keys, reviewer)
        _start_review(project, document, reviewer)
    return keys


def undo_reject(project: Project, document: int, keys: Iterable[SpanKey], *, reviewer: str) -> None:
    unreject_keys(project, document, keys, reviewer)


def reopen_review(project: Project, document: int, before: ReviewStatus, *, reviewer: str) -> None:
    """After undoing the decision that started a review, the document is to do again."""
    if before is ReviewStatus.todo and review_status(project, document) is ReviewStatus.in_progress:
        set_review_status(project, document, ReviewStatus.todo, reviewer)


def mark_reviewed(
    project: Project, document: int, *, reviewer: str, status: ReviewStatus = ReviewStatus.done
) -> ReviewStatus:
    """Set the document's review status; returns the old one.

    Gold's own status of the document follows it: done when reviewed, so exports of gold
    take the document, and todo again when the review is reopened.
    """
    status = ReviewStatus(status)
    with project.transaction():
        before = set_review_status(project, document, status, reviewer)
        gold = Status.done if status is ReviewStatus.done else Status.todo
        if project.status(document, GOLD) is not gold:
            project.set_status(document, GOLD, gold)
    return before

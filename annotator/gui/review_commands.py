"""Undoable review decisions: QUndoCommands that call the store through review_decisions.

Each command is pushed after its decision was carried out, so its first redo does nothing;
later undos and redos write the project again and tell the window which document changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from annotator.model import ReviewStatus, Span
from annotator.review_decisions import (
    mark_reviewed,
    redo_accept,
    reject_versions,
    reopen_review,
    undo_accept,
    undo_reject,
)
from annotator.store import Project
from annotator.store.review import SpanKey

Changed = Callable[[int], None]


class _ReviewCommand(QUndoCommand):
    def __init__(self, project: Project, reviewer: str, document: int, changed: Changed, text: str):
        super().__init__(text)
        self.project, self.reviewer, self.document = project, reviewer, document
        self.changed = changed
        self._applied_by_push = True
        self._reverted_by_undo = False
        self.review_before = ReviewStatus.in_progress
        """The document's review status before the decision: undo makes a review that the
        decision started to do again."""

    def redo(self) -> None:
        if self._applied_by_push:  # done already (by the decision, or by undo.redo)
            self._applied_by_push = False
            return
        self.apply()
        self.changed(self.document)

    def undo(self) -> None:
        if self._reverted_by_undo:  # done already by undo.undo
            self._reverted_by_undo = False
            return
        self.revert()
        self.changed(self.document)

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class AcceptCommand(_ReviewCommand):
    """Gold spans added by accepting versions, accepting all agreed, or drawing."""

    def __init__(
        self,
        project: Project,
        reviewer: str,
        document: int,
        changed: Changed,
        text: str,
        gold: list[Span],
    ) -> None:
        super().__init__(project, reviewer, document, changed, text)
        self.gold = gold

    def apply(self) -> None:
        self.gold = redo_accept(self.project, self.gold, reviewer=self.reviewer)

    def revert(self) -> None:
        undo_accept(self.project, self.gold, reviewer=self.reviewer)
        reopen_review(self.project, self.document, self.review_before, reviewer=self.reviewer)


class RejectCommand(_ReviewCommand):
    def __init__(
        self,
        project: Project,
        reviewer: str,
        document: int,
        changed: Changed,
        text: str,
        keys: list[SpanKey],
    ) -> None:
        super().__init__(project, reviewer, document, changed, text)
        self.keys = keys

    def apply(self) -> None:
        reject_versions(self.project, self.document, self.keys, reviewer=self.reviewer)

    def revert(self) -> None:
        undo_reject(self.project, self.document, self.keys, reviewer=self.reviewer)
        reopen_review(self.project, self.document, self.review_before, reviewer=self.reviewer)


class StatusCommand(_ReviewCommand):
    def __init__(
        self,
        project: Project,
        reviewer: str,
        document: int,
        changed: Changed,
        text: str,
        before: ReviewStatus,
        after: ReviewStatus,
    ) -> None:
        super().__init__(project, reviewer, document, changed, text)
        self.before, self.after = ReviewStatus(before), ReviewStatus(after)

    def apply(self) -> None:
        mark_reviewed(self.project, self.document, reviewer=self.reviewer, status=self.after)

    def revert(self) -> None:
        mark_reviewed(self.project, self.document, reviewer=self.reviewer, status=self.before)

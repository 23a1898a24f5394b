"""The review window's decisions: accept a version, reject, draw a gold span, accept a
relation, mark a document reviewed, undo and redo.

Each decision is saved first; one that fails leaves gold and the undo stack as they were and
shows why. A mixin of `ReviewWindow`, whose widgets (`lanes`, `items`, `documents`), open
`review`, `current_item` and `undo_stack` it works on.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMenu, QMessageBox

from annotator.gui.failure_notice import STORE_ERRORS
from annotator.gui.plain_text import literal_ampersands
from annotator.gui.review_commands import AcceptCommand, RejectCommand, StatusCommand
from annotator.gui.review_items import describe_version
from annotator.gui.review_relation_list import AcceptRelationCommand
from annotator.gui.undo import redo, undo
from annotator.model import ReviewStatus, Span
from annotator.review_decisions import (
    accept_agreed,
    accept_version,
    draw_gold_span,
    mark_reviewed,
    reject_item,
)
from annotator.review_relations import accept_relation

REVIEW_STATUS_TEXT = {
    ReviewStatus.todo: "review to do",
    ReviewStatus.in_progress: "review in progress",
    ReviewStatus.done: "reviewed",
}


class ReviewActions:
    """Decisions of the review window (see the module's text)."""

    def _decide(self, action: str, decision, *args, **kwargs):
        """The decision's result, or None (and a message) when it could not be saved."""
        try:
            return decision(*args, **kwargs)
        except STORE_ERRORS as error:
            self.failures.show(action, error)
            return None

    def undo(self) -> None:
        self._step_stack(f"Undo {self.undo_stack.undoText()}", undo, self.undo_stack.index() - 1)

    def redo(self) -> None:
        self._step_stack(f"Redo {self.undo_stack.redoText()}", redo, self.undo_stack.index())

    def _step_stack(self, action: str, step, index: int) -> None:
        command = self.undo_stack.command(index)
        if command is None:
            return
        try:
            step(self.undo_stack)
        except STORE_ERRORS as error:
            self.failures.show(action, error)
            return
        self.refresh(command.document)
        self.statusBar().showMessage(f"{action.strip()}. {self._pending_text()}")

    def _pending_text(self) -> str:
        return f"{len(self.review.pending)} pending; {REVIEW_STATUS_TEXT[self.review.status]}."

    def press_key(self, key: str) -> None:
        """A digit or label hotkey: with words selected, draw a gold span with the label whose
        hotkey it is; otherwise a digit accepts that annotator's version of the current item."""
        if self.lanes.canvas.selection() is not None:
            label = next((lb for lb in self.project.schema.labels if lb.hotkey == key), None)
            if label is not None:
                self.draw_label(label.name)
            return
        if key.isdigit() and self.review is not None:
            number = int(key)
            if 1 <= number <= len(self.review.annotators):
                self.accept_version(self.review.annotators[number - 1])

    def _current(self):
        if self.review is None or self.current_item is None:
            self.statusBar().showMessage("Choose an item first.")
            return None
        return self.review.items[self.current_item]

    def accept_version(self, annotator: str) -> None:
        item = self._current()
        if item is None:
            return
        if not item.spans_of(annotator):
            self.statusBar().showMessage(f"{annotator} has no span in this item.")
            return
        gold = self._decide(
            "Accept", accept_version, self.project, item, annotator, reviewer=self.reviewer
        )
        if gold is None:
            return
        self._push_accept(gold, f"accept {annotator}'s version")

    def choose_version(self) -> None:
        """Pop up the current item's versions; choosing one (digit, arrows or click) accepts it."""
        item = self._current()
        if item is None:
            return
        self.version_menu = QMenu(self)
        text = self.review.document.text
        for number, name in enumerate(self.review.annotators, start=1):
            shown = describe_version(item, name, text)
            action = self.version_menu.addAction(
                f"&{number}  {literal_ampersands(f'{name}: {shown}')}"
            )
            action.setEnabled(bool(item.spans_of(name)))
            action.triggered.connect(lambda _=False, n=name: self.accept_version(n))
        canvas = self.lanes.canvas
        where = canvas.mapToGlobal(canvas.token_point(item.start))
        self.version_menu.popup(where)

    def accept_all_agreed(self) -> None:
        if self.review is None:
            return
        gold = self._decide(
            "Accept all agreed",
            accept_agreed,
            self.project,
            self.review.document.id,
            reviewer=self.reviewer,
            exclude=self.excluded,
        )
        if gold is None:
            return
        if gold:
            self._push_accept(gold, "accept all agreed")
        else:
            self.statusBar().showMessage("No pending item that everyone agrees on.")

    def draw_label(self, label: str) -> None:
        start, end = self.lanes.canvas.selection()
        document = self.review.document.id
        span = self._decide(
            "Gold span",
            draw_gold_span,
            self.project,
            document,
            start,
            end,
            label,
            reviewer=self.reviewer,
        )
        if span is None:
            return
        self.lanes.canvas.clear_selection()
        self._push_accept([span], f"draw gold {label}")

    def _push_accept(self, gold: list[Span], text: str) -> None:
        if not gold:
            self.statusBar().showMessage("Already in gold; nothing added.")
            return
        document = gold[0].document
        command = AcceptCommand(self.project, self.reviewer, document, self.refresh, text, gold)
        command.review_before = self.review.status
        self.undo_stack.push(command)
        self._after_decision(document, f"Gold: {len(gold)} span(s) added ({text}).")

    def accept_relation(self, annotator: str, version) -> None:
        """Accept `annotator`'s relation into gold, with its spans where gold lacks them."""
        document = self.review.document.id
        accepted = self._decide(
            "Accept relation",
            accept_relation,
            self.project,
            document,
            annotator,
            version,
            reviewer=self.reviewer,
        )
        if accepted is None:
            return
        command = AcceptRelationCommand(self.project, self.reviewer, accepted, self.refresh)
        self.undo_stack.push(command)
        self.refresh(document)
        added = f" and {len(accepted.spans)} span(s)" if accepted.spans else ""
        self.statusBar().showMessage(f"Gold: {version.label} from {annotator} added{added}.")

    def reject_current(self) -> None:
        item = self._current()
        if item is None:
            return
        keys = self._decide("Reject", reject_item, self.project, item, reviewer=self.reviewer)
        if keys is None:
            return
        document = self.review.document.id
        if keys:
            command = RejectCommand(
                self.project, self.reviewer, document, self.refresh, "reject", keys
            )
            command.review_before = self.review.status
            self.undo_stack.push(command)
        self._after_decision(document, "Item rejected.")

    def _after_decision(self, document: int, message: str) -> None:
        self.refresh(document)
        after = -1 if self.current_item is None else self.current_item
        following = self._next_pending(after, 1)
        if following is not None:
            self.select_item(following)
        self.statusBar().showMessage(f"{message} {self._pending_text()}")

    def mark_document_reviewed(self) -> None:
        if self.review is None:
            return
        document = self.review.document.id
        if self.review.pending and not self._confirm_pending():
            self.statusBar().showMessage(
                f"Not marked reviewed: {_items_are(len(self.review.pending))} still pending."
            )
            return
        before = self._decide(
            "Mark reviewed", mark_reviewed, self.project, document, reviewer=self.reviewer
        )
        if before is None:
            return
        self.undo_stack.push(
            StatusCommand(
                self.project,
                self.reviewer,
                document,
                self.refresh,
                "mark reviewed",
                before,
                ReviewStatus.done,
            )
        )
        self.refresh(document)
        self._open_next_unreviewed(document)

    def _confirm_pending(self) -> bool:
        """Ask before a document with pending items is marked reviewed (No is the default)."""
        items, verb = _items_are(len(self.review.pending)).rsplit(" ", 1)
        self.pending_question = QMessageBox(
            QMessageBox.Icon.Question,
            "Pending items",
            f"{items} of “{self.review.document.title}” {verb} still pending: they go to gold "
            "only if you accept them.\n\n"
            "Mark the document reviewed anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        self.pending_question.setDefaultButton(QMessageBox.StandardButton.No)
        return self.pending_question.exec() == QMessageBox.StandardButton.Yes

    def _open_next_unreviewed(self, after: int) -> None:
        summaries = self.documents.rank_model.summaries
        rows = [s.document for s in summaries]
        start = rows.index(after) if after in rows else -1
        for summary in summaries[start + 1 :] + summaries[: start + 1]:
            if summary.status is not ReviewStatus.done:
                self.documents.select_document(summary.document)
                return
        self.statusBar().showMessage("Every document is reviewed.")


def _items_are(count: int) -> str:
    """The count with its noun and verb: "1 item is", "4 items are"."""
    return "1 item is" if count == 1 else f"{count} items are"

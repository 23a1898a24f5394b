"""ReviewWindow: settle annotators' disagreements into gold, one document at a time.

Left, the documents ranked by agreement (lowest first); middle, the text with a lane per
annotator and gold; right, the items with the decision buttons. Every decision is saved at
once and can be undone.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QSplitter, QWidget

from annotator.gui.failure_notice import STORE_ERRORS, FailureNotice
from annotator.gui.review_commands import AcceptCommand, RejectCommand, StatusCommand
from annotator.gui.review_documents import ReviewDocuments
from annotator.gui.review_items import ReviewItems, describe_version
from annotator.gui.review_lanes import ReviewLanes
from annotator.gui.review_relation_list import AcceptRelationCommand, ReviewRelationList
from annotator.gui.undo import redo, undo
from annotator.model import ReviewStatus, Span
from annotator.review import (
    DocumentReview,
    ItemState,
    compared_annotators,
    load_document_review,
    rank_documents,
    summarize_document,
)
from annotator.review_decisions import (
    accept_agreed,
    accept_version,
    draw_gold_span,
    mark_reviewed,
    reject_item,
)
from annotator.review_relations import accept_relation, relation_versions
from annotator.store import Project

RESERVED_KEYS = {"a", "r", "n", "p"}
REVIEW_STATUS_TEXT = {
    ReviewStatus.todo: "review to do",
    ReviewStatus.in_progress: "review in progress",
    ReviewStatus.done: "reviewed",
}


class ReviewWindow(QMainWindow):
    """The review mode of a project, as `reviewer` (the name written to the log)."""

    def __init__(
        self,
        project_path: Path | str,
        reviewer: str,
        parent: QWidget | None = None,
        exclude: Collection[str] = (),
    ):
        super().__init__(parent)
        self.project = Project.open(project_path)
        self.reviewer = reviewer
        self.excluded: set[str] = set(exclude)
        """Annotators left out of the comparison (a trainee's work, say)."""
        self.review: DocumentReview | None = None
        self.current_item: int | None = None
        self.version_menu: QMenu | None = None
        self.pending_question: QMessageBox | None = None
        self.undo_stack = QUndoStack(self)
        self.failures = FailureNotice(self)
        self.documents = ReviewDocuments()
        self.lanes = ReviewLanes(self.project.schema)
        self.items = ReviewItems()
        self.relations = ReviewRelationList()
        side = QSplitter(Qt.Vertical)
        side.addWidget(self.items)
        side.addWidget(self.relations)
        splitter = QSplitter(Qt.Horizontal)
        for widget in (self.documents, self.lanes, side):
            splitter.addWidget(widget)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 740, 340])
        self.setCentralWidget(splitter)
        self.setWindowTitle(f"Review — {Path(project_path).name} — {reviewer}")
        self.resize(1500, 860)
        self._connect()
        self._add_actions()
        self.compare_menu = self.menuBar().addMenu("&Compare")
        self.compare_menu.aboutToShow.connect(self._fill_compare_menu)
        self.reload_documents()

    def _connect(self) -> None:
        self.documents.document_chosen.connect(self.open_document)
        self.items.item_selected.connect(self.select_item)
        self.lanes.canvas.item_clicked.connect(self.select_item)
        self.items.accept_requested.connect(self.accept_version)
        self.items.reject_requested.connect(self.reject_current)
        self.items.accept_agreed_requested.connect(self.accept_all_agreed)
        self.items.mark_reviewed_requested.connect(self.mark_document_reviewed)
        self.relations.accept_requested.connect(self.accept_relation)

    def _add_actions(self) -> None:
        def add(text: str, keys: list[str], slot) -> QAction:
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            return action

        for digit in range(1, 10):
            add(f"Key {digit}", [str(digit)], lambda _=False, d=digit: self.press_key(str(d)))
        for label in self.project.schema.labels:
            if not label.hotkey.isdigit() and label.hotkey not in RESERVED_KEYS:
                add(
                    label.name,
                    [label.hotkey.upper()],
                    lambda _=False, k=label.hotkey: self.press_key(k),
                )
        add("Reject item", ["R"], self.reject_current)
        add("Accept a version…", ["A"], self.choose_version)
        add("Next pending item", ["N"], lambda: self.step_item(1))
        add("Previous pending item", ["P"], lambda: self.step_item(-1))
        add("Accept all agreed", ["Ctrl+Shift+A"], self.accept_all_agreed)
        add("Mark reviewed", ["Ctrl+Return", "Ctrl+Enter"], self.mark_document_reviewed)
        add("Accept the chosen relation into gold", ["Ctrl+G"], self.relations.accept_chosen)
        add("Undo", ["Ctrl+Z"], self.undo)
        add("Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], self.redo)

    def _fill_compare_menu(self) -> None:
        """One checkable entry per annotator who finished a document; unticked ones are left out."""
        self.compare_menu.clear()
        for name in compared_annotators(self.project):
            action = self.compare_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(name not in self.excluded)
            action.toggled.connect(lambda on, n=name: self.set_compared(n, on))

    def set_compared(self, annotator: str, compared: bool) -> None:
        """Put an annotator in the comparison or leave them out, and rank the documents again."""
        if compared:
            self.excluded.discard(annotator)
        else:
            self.excluded.add(annotator)
        self.reload_documents()

    # Showing

    def reload_documents(self) -> None:
        """Rank the documents again and open the first (the one the team agrees on least)."""
        summaries = rank_documents(self.project, exclude=self.excluded)
        self.documents.set_summaries(summaries)
        if summaries:
            self.documents.select_document(summaries[0].document)
            return
        self.review = None
        self.lanes.canvas.show_review(None, None)
        self.select_item(None)
        names = ", ".join(compared_annotators(self.project, self.excluded)) or "nobody"
        self.statusBar().showMessage(
            f"No document is marked done by every compared annotator ({names}); "
            "nothing to review. Leave annotators out under Compare."
        )

    def open_document(self, document: int) -> None:
        self.review = load_document_review(self.project, document, self.excluded)
        self.lanes.canvas.show_review(self.review, self.project.tokens(document))
        self.current_item = None
        self.select_item(self._next_pending(-1, 1))
        self._show_relations(document)
        self.statusBar().showMessage(self._summary_text())

    def _show_relations(self, document: int) -> None:
        text = self.review.document.text
        self.relations.show_versions(relation_versions(self.project, document), text)

    def refresh(self, document: int) -> None:
        """Redraw after a change to `document`, switching to it if another one is open."""
        if self.review is None or self.review.document.id != document:
            self.documents.select_document(document)
        self.review = load_document_review(self.project, document, self.excluded)
        self.lanes.canvas.review = self.review
        self.documents.rank_model.replace(summarize_document(self.project, document, self.excluded))
        self.select_item(self.current_item)
        self._show_relations(document)

    def select_item(self, index: int | None) -> None:
        if self.review is None or not self.review.items:
            index = None
        self.current_item = index
        self.items.show_review(self.review, index)
        self.lanes.canvas.set_current_item(index)
        self.lanes.scroll_to_item(index)

    def step_item(self, direction: int) -> None:
        start = -1 if self.current_item is None else self.current_item
        found = self._next_pending(start, direction)
        if found is not None:
            self.select_item(found)

    def _next_pending(self, after: int, direction: int) -> int | None:
        if self.review is None or not self.review.items:
            return None
        count = len(self.review.items)
        for step in range(1, count + 1):
            index = (after + direction * step) % count
            if self.review.states[index] is ItemState.pending:
                return index
        return None

    def _summary_text(self) -> str:
        review = self.review
        score = "—" if review.score is None else f"{review.score:.2f}"
        return (
            f"{review.document.title}: agreement {score}, {len(review.items)} items, "
            f"{len(review.pending)} pending — annotators {', '.join(review.annotators)}"
        )

    # Decisions: each is saved first; one that fails leaves gold and the undo stack as they were

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
            action = self.version_menu.addAction(f"&{number}  {name}: {shown}")
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

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.project.close()
        super().closeEvent(event)


def _items_are(count: int) -> str:
    """The count with its noun and verb: "1 item is", "4 items are"."""
    return "1 item is" if count == 1 else f"{count} items are"


def run_review_window(
    project_path: Path | str, reviewer: str | None = None, exclude: Collection[str] = ()
) -> int:
    """Open the review window as an application of its own, as `reviewer` or else the name
    the annotation window remembers (asked once); returns the exit code."""
    from annotator.gui.app import application, ask_annotator, remembered_annotator

    app = application()
    reviewer = reviewer or remembered_annotator() or ask_annotator()
    if not reviewer:
        return 0
    window = ReviewWindow(project_path, reviewer, exclude=exclude)
    window.show()
    return app.exec()

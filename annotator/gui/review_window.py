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

from annotator.gui.failure_notice import FailureNotice
from annotator.gui.plain_text import literal_ampersands
from annotator.gui.review_actions import ReviewActions
from annotator.gui.review_documents import ReviewDocuments
from annotator.gui.review_items import ReviewItems
from annotator.gui.review_lanes import ReviewLanes
from annotator.gui.review_relation_list import ReviewRelationList
from annotator.review import (
    DocumentReview,
    ItemState,
    compared_annotators,
    load_document_review,
    rank_documents,
    summarize_document,
)
from annotator.review_relations import relation_versions
from annotator.store import Project

RESERVED_KEYS = {"a", "r", "n", "p"}
"""Review keys a label's hotkey may not take."""


class ReviewWindow(ReviewActions, QMainWindow):
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
            action = self.compare_menu.addAction(literal_ampersands(name))
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

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.project.close()
        super().closeEvent(event)


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

"""ReviewDocuments: the documents to review, lowest agreement first, with scores and status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from annotator.gui.plain_text import tooltip
from annotator.model import ReviewStatus
from annotator.review import DocumentSummary

COLUMNS = ("Agreement", "Title", "Items", "Pending", "Review")
STATUS_TEXT = {
    ReviewStatus.todo: "to do",
    ReviewStatus.in_progress: "in progress",
    ReviewStatus.done: "✔ reviewed",
}


def _score_colour(score: float | None) -> QColor:
    if score is None:
        return QColor("#eeeeee")
    hue = int(120 * score)  # red at 0, green at 1
    return QColor.fromHsv(hue, 90, 250)


class DocumentRankModel(QAbstractTableModel):
    """Rows of `DocumentSummary`, in the order given (the ranking)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summaries: list[DocumentSummary] = []

    def set_summaries(self, summaries: list[DocumentSummary]) -> None:
        self.beginResetModel()
        self.summaries = list(summaries)
        self.endResetModel()

    def replace(self, summary: DocumentSummary) -> None:
        """Update one document's row in place (the ranking is kept until the next reload)."""
        for row, old in enumerate(self.summaries):
            if old.document == summary.document:
                self.summaries[row] = summary
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.summaries)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.DisplayRole) -> Any:
        summary = self.summaries[index.row()]
        column = index.column()
        if role == Qt.DisplayRole:
            return self._text(summary, column)
        if role == Qt.BackgroundRole and column == 0:
            return _score_colour(summary.score)
        if role == Qt.ToolTipRole:
            kinds = ", ".join(f"{k.replace('_', ' ')}: {n}" for k, n in summary.kinds.items())
            return tooltip(f"{summary.title}\nAnnotators: {', '.join(summary.annotators)}\n{kinds}")
        if role == Qt.TextAlignmentRole and column != 1:
            return int(Qt.AlignCenter)
        return None

    @staticmethod
    def _text(summary: DocumentSummary, column: int) -> str:
        if column == 0:
            return "—" if summary.score is None else f"{summary.score:.2f}"
        if column == 1:
            return summary.title
        if column == 2:
            return str(summary.items)
        if column == 3:
            return str(summary.pending)
        return STATUS_TEXT[summary.status]


class ReviewDocuments(QTableView):
    """The ranked document list; choosing a row emits the document's id."""

    document_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rank_model = DocumentRankModel(self)
        self.setModel(self.rank_model)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.ElideRight)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        self.selectionModel().currentRowChanged.connect(self._on_current_row_change)

    def set_summaries(self, summaries: list[DocumentSummary]) -> None:
        self.rank_model.set_summaries(summaries)

    def select_document(self, document: int) -> None:
        for row, summary in enumerate(self.rank_model.summaries):
            if summary.document == document:
                self.selectRow(row)
                return

    def _on_current_row_change(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.document_chosen.emit(self.rank_model.summaries[current.row()].document)

"""SpanPanel: the open article's spans in order, and the attribute form of the selected one."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QStringListModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from annotator.gui.attribute_form import AttributeForm
from annotator.session import AnnotationSession

SNIPPET = 48
SHOWN_ROLES = frozenset(
    (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.UserRole)
)


class SpanListModel(QStringListModel):
    """The session's spans as list rows: label, text, attributes.

    Rows are counted by Qt's own string list (of empty strings), so laying out 50,000 rows
    never calls into Python; only `data` does, for the rows on screen. A label or a delete
    inserts or removes one row; another article resets the list.
    """

    def __init__(self, session: AnnotationSession) -> None:
        super().__init__()
        self.session = session
        self._colours = {
            label.name: QColor(label.colour) for label in session.project.schema.labels
        }
        self._index = None

    def follow_spans(self) -> None:
        """Catch up with the session's spans (the panel calls this on each change)."""
        spans, count = self.session.spans, self.rowCount()
        change = spans.last_change if spans is self._index else None
        if change is not None and len(spans) == count + change[1]:
            row, step = change
            (self.insertRows if step > 0 else self.removeRows)(row, 1)
        elif spans is not self._index or len(spans) != count:
            self.setStringList([""] * len(spans))
        if count and len(spans) == count:
            self.dataChanged.emit(self.index(0), self.index(count - 1))
        self._index = spans
        spans.last_change = None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in SHOWN_ROLES:  # most of the roles a view asks for: answered first
            return None
        spans, row = self.session.spans, index.row()
        if not 0 <= row < len(spans):
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._colours.get(spans.label(row))
        if role == Qt.ItemDataRole.UserRole:
            return int(spans.ids[row])
        span = spans[row]
        text = self.session.document.text[span.start : span.end].replace("\n", " ")
        text = text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"
        attrs = ", ".join(str(v) for v in span.attrs.values())
        return f"{span.label}  {text}" + (f"  ({attrs})" if attrs else "")


class SpanPanel(QWidget):
    """Selecting a row selects the span in the text; the form below edits its attributes."""

    def __init__(self, session: AnnotationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = SpanListModel(session)
        self.list = self._table()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.form = AttributeForm(session, session.project.schema)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 3)
        layout.addWidget(self.form, 0)
        self.list.selectionModel().currentChanged.connect(self._row_chosen)
        session.events.spans.connect(self._on_spans_change)
        session.events.selection.connect(self._on_selection_change)

    def _table(self) -> QTableView:
        """A one-column table of fixed-height rows: it places rows by arithmetic, where a list
        or tree view lays out every one of 50,000 rows again after each insert."""
        table = QTableView()
        table.setModel(self.model)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.horizontalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 6)
        return table

    def _on_spans_change(self) -> None:
        # Rows inserted or removed move Qt's current row; that is no choice of the user's.
        selection = self.list.selectionModel()
        selection.blockSignals(True)
        try:
            self.model.follow_spans()
        finally:
            selection.blockSignals(False)

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        span_id = current.data(Qt.ItemDataRole.UserRole) if current.isValid() else None
        if span_id is not None and span_id != self.session.selected_span:
            self.session.select_span(span_id)

    def _on_selection_change(self) -> None:
        index = self.session.selected_index()
        selection = self.list.selectionModel()
        selection.blockSignals(True)
        try:
            if index is None:
                selection.clear()
            else:
                model_index = self.model.index(index)
                selection.setCurrentIndex(
                    model_index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
                self.list.scrollTo(model_index)
        finally:
            selection.blockSignals(False)

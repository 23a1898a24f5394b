"""DocumentList: a lazy table of the project's articles (title, status, spans) with filters.

The model reads pages of rows from the store as the view scrolls, so 100,000 articles cost
no more to show than 10.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.plain_text import tooltip
from annotator.model import Status
from annotator.session import AnnotationSession
from annotator.store.listing import (
    DocumentFilter,
    DocumentRow,
    document_page,
    document_row,
    row_count,
    row_of,
)

PAGE = 200
PAGES_KEPT = 20
HEADERS = ("Title", "Status", "Spans")
STATUS_COLOURS = {Status.done: QColor("#2d6a4f"), Status.skipped: QColor("#8d8d8d")}


class DocumentListModel(QAbstractTableModel):
    """Rows of the filtered document list, fetched a page at a time and kept in a small cache."""

    def __init__(self, session: AnnotationSession) -> None:
        super().__init__()
        self.session = session
        self.filter = DocumentFilter()
        self._count = row_count(session.project, session.annotator, self.filter)
        self._pages: OrderedDict[int, list[DocumentRow]] = OrderedDict()

    def set_filter(self, flt: DocumentFilter) -> None:
        self.beginResetModel()
        self.filter = flt
        self._count = row_count(self.session.project, self.session.annotator, flt)
        self._pages.clear()
        self.endResetModel()

    def refresh(self) -> None:
        """Re-read the rows (statuses or span counts changed) without losing the view's place."""
        count = row_count(self.session.project, self.session.annotator, self.filter)
        if count != self._count:
            self.set_filter(self.filter)
            return
        self._pages.clear()
        if count:
            self.dataChanged.emit(self.index(0, 0), self.index(count - 1, len(HEADERS) - 1))

    def update_document(self, document_id: int, spans: int | None = None) -> None:
        """Re-read one article's row, if it is cached; given its span count (the session's),
        only that is changed (counting 50,000 spans in the store would cost each label)."""
        for page, rows in self._pages.items():
            for position, row in enumerate(rows):
                if row.id == document_id:
                    fresh = (
                        row._replace(spans=spans)
                        if spans is not None
                        else document_row(self.session.project, self.session.annotator, row.id)
                    )
                    if fresh is None:
                        return
                    rows[position] = fresh
                    index = page * PAGE + position
                    self.dataChanged.emit(self.index(index, 0), self.index(index, 2))
                    return

    def row_of(self, document_id: int) -> int | None:
        """The document's row: from the pages read already, else asked of the store."""
        for page, rows in self._pages.items():
            for position, row in enumerate(rows):
                if row.id == document_id:
                    return page * PAGE + position
        return row_of(self.session.project, self.session.annotator, self.filter, document_id)

    def document_at(self, row: int) -> DocumentRow | None:
        page, position = divmod(row, PAGE)
        rows = self._pages.get(page)
        if rows is None:
            rows = document_page(
                self.session.project,
                self.session.annotator,
                self.filter,
                offset=page * PAGE,
                limit=PAGE,
            )
            self._pages[page] = rows
            if len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows[position] if position < len(rows) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.document_at(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title, row.status.value, row.spans)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return tooltip(row.title)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return STATUS_COLOURS.get(row.status)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


class DocumentList(QWidget):
    """Search box, status filter and the table; choosing a row opens the article.

    From the search box, Down moves into the results and Enter opens the current one (the
    article then has the keys); Esc clears the search."""

    search_changed = Signal(str)
    """The search text whose matches the article highlights ("" for none)."""
    article_chosen = Signal()
    """Enter on a result: the article should take the keyboard."""

    def __init__(self, session: AnnotationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = DocumentListModel(session)
        self.search = QLineEdit(placeholderText="Search articles (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItems(["all", *(s.value for s in Status)])
        self.order = QComboBox(
            toolTip="Sort: document order, or to-do articles the model was least sure of first"
            " (Ctrl+Shift+U)"
        )
        self.order.addItem("by order", "order")
        self.order.addItem("by uncertainty", "uncertainty")
        self.table = self._table()
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status)
        filters.addWidget(self.order)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.status.currentIndexChanged.connect(self._apply_filter)
        self.order.currentIndexChanged.connect(self._apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.table.clicked.connect(self.article_chosen)
        self.search.installEventFilter(self)
        self.table.installEventFilter(self)
        session.events.document.connect(self._on_document_change)
        session.events.status.connect(self._on_rows_change)
        session.events.spans.connect(self._on_spans_change)

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(24)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 64), (2, 52)):  # fixed: fitting contents reads every row
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        return table

    def toggle_order(self) -> None:
        """By order <-> by uncertainty (the sort box follows)."""
        self.order.setCurrentIndex(1 - self.order.currentIndex())

    def _apply_filter(self) -> None:
        status = self.status.currentText()
        self.model.set_filter(
            DocumentFilter(
                status=None if status == "all" else Status(status),
                search=self.search.text(),
                order=self.order.currentData(),
            )
        )
        self._on_document_change()
        self.search_changed.emit(self.search.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        key = event.key()
        if watched is self.search and key == Qt.Key.Key_Escape:
            if kind == QEvent.Type.ShortcutOverride:  # Esc is the search's, not the window's
                event.accept()
            else:
                self.search.clear()
                self._search_timer.stop()
                self._apply_filter()
            return True
        if kind != QEvent.Type.KeyPress or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.search and key == Qt.Key.Key_Down or (watched is self.search and enter):
            self._search_timer.stop()
            self._apply_filter()
            self._enter_results(open_it=enter)
            return True
        if watched is self.table and enter:
            self.article_chosen.emit()
            return True
        return False

    def _enter_results(self, open_it: bool) -> None:
        """Put the keyboard in the results, on the open article's row or else the first."""
        if not self.model.rowCount():
            return
        self.table.setFocus()
        if self.table.currentIndex().row() < 0:
            self.table.selectRow(0)
        if open_it:
            self.article_chosen.emit()

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        document_id = current.data(Qt.ItemDataRole.UserRole) if current.isValid() else None
        current_id = self.session.document.id if self.session.document else None
        if document_id is not None and document_id != current_id:
            self.session.open_document(document_id)

    def _on_document_change(self) -> None:
        """Select and show the open article's row; repaint only its row and the one before
        (the selection's own signals are blocked, so the view would not)."""
        document = self.session.document
        row = self.model.row_of(document.id) if document else None
        previous = self.table.currentIndex().row()
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        try:
            if row is None:
                selection.clear()
            else:
                index = self.model.index(row, 0)
                self.table.selectRow(row)
                selection.setCurrentIndex(index, selection.SelectionFlag.NoUpdate)
                self.table.scrollTo(index)
        finally:
            selection.blockSignals(False)
        for changed in {previous, row} - {None, -1}:
            first = self.table.visualRect(self.model.index(changed, 0))
            last = self.table.visualRect(self.model.index(changed, len(HEADERS) - 1))
            self.table.viewport().update(first.united(last))

    def _on_spans_change(self) -> None:
        if self.session.document is not None:
            self.model.update_document(self.session.document.id, len(self.session.spans))

    def _on_rows_change(self) -> None:
        self.model.refresh()
        self._on_document_change()

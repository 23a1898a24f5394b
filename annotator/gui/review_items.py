"""ReviewItems: the disagreement items of one document, and the buttons that settle them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.plain_text import literal_ampersands
from annotator.review import DocumentReview, Item, ItemKind, ItemState

KIND_TEXT = {
    ItemKind.agreed: "agreed",
    ItemKind.only_some: "only some",
    ItemKind.label_differs: "labels differ",
    ItemKind.boundary_differs: "boundaries differ",
    ItemKind.attrs_differ: "attributes differ",
}
STATE_MARK = {ItemState.pending: "•", ItemState.accepted: "✔", ItemState.rejected: "✘"}


def describe_item(item: Item, text: str) -> str:
    """One line per item: kind, then each version with who marked it."""
    versions = "; ".join(
        f"{label} “{text[start:end]}” ({', '.join(names)})"
        for (start, end, label), names in item.versions()
    )
    missing = f"; not: {', '.join(item.missing)}" if item.missing else ""
    attrs = ""
    if item.kind is ItemKind.attrs_differ:
        attrs = " — " + "; ".join(
            f"{span.annotator}: " + (", ".join(f"{k}={v}" for k, v in span.attrs.items()) or "none")
            for span in item.spans
        )
    return f"{KIND_TEXT[item.kind]}: {versions}{missing}{attrs}"


def describe_version(item: Item, annotator: str, text: str) -> str:
    """One annotator's version of an item as the version chooser lists it: each span's label
    and exact text, its boundaries marked in the words around it, and its attributes."""
    spans = item.spans_of(annotator)
    if not spans:
        return "nothing"
    return "; ".join(_span_with_context(span, text) for span in spans)


def _span_with_context(span, text: str, around: int = 12) -> str:
    before = text[max(0, span.start - around) : span.start].split("\n")[-1]
    after = text[span.end : span.end + around].split("\n")[0]
    attrs = ", ".join(f"{k}={v}" for k, v in sorted(span.attrs.items())) or "no attributes"
    return f"{span.label}  …{before}[{text[span.start : span.end]}]{after}…  ({attrs})"


class ReviewItems(QWidget):
    """Items list (selecting one makes it current) and the decision buttons."""

    item_selected = Signal(int)
    accept_requested = Signal(str)
    reject_requested = Signal()
    accept_agreed_requested = Signal()
    mark_reviewed_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._on_row_change)
        self.accept_box = QGroupBox("Accept into gold")
        self.accept_layout = QGridLayout(self.accept_box)
        self.accept_buttons: dict[str, QPushButton] = {}
        self.reject_button = QPushButton("Reject item (R)")
        self.reject_button.clicked.connect(self.reject_requested)
        self.agreed_button = QPushButton("Accept all agreed (Ctrl+Shift+A)")
        self.agreed_button.clicked.connect(self.accept_agreed_requested)
        self.reviewed_button = QPushButton("Mark document reviewed (Ctrl+Enter)")
        self.reviewed_button.clicked.connect(self.mark_reviewed_requested)
        self.hint = QLabel(
            "Digits (or A, then choose) accept that annotator's version; with words selected in "
            "the text, a "
            "label's hotkey draws a gold span. Ctrl+Z / Ctrl+Shift+Z undo and redo."
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(QLabel("Items (• pending, ✔ in gold, ✘ rejected)"))
        layout.addWidget(self.list, 1)
        for widget in (self.accept_box, self.reject_button, self.agreed_button):
            layout.addWidget(widget)
        layout.addWidget(self.reviewed_button)
        layout.addWidget(self.hint)

    def show_review(self, review: DocumentReview | None, current: int | None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        if review is not None:
            text = review.document.text
            for item, state in zip(review.items, review.states):
                row = QListWidgetItem(f"{STATE_MARK[state]} {describe_item(item, text)}")
                if state is not ItemState.pending:
                    row.setForeground(QColor("#888888"))
                self.list.addItem(row)
        self._set_annotators(review.annotators if review else [])
        self.list.setCurrentRow(-1 if current is None else current)
        self.list.blockSignals(False)

    def _set_annotators(self, annotators: list[str]) -> None:
        if list(self.accept_buttons) == annotators:
            return
        for button in self.accept_buttons.values():
            button.deleteLater()
        self.accept_buttons = {}
        for number, name in enumerate(annotators, start=1):
            button = QPushButton(f"{number}  {literal_ampersands(name)}'s version")
            button.clicked.connect(lambda _=False, n=name: self.accept_requested.emit(n))
            self.accept_layout.addWidget(button, (number - 1) // 2, (number - 1) % 2)
            self.accept_buttons[name] = button

    def _on_row_change(self, row: int) -> None:
        if row >= 0:
            self.item_selected.emit(row)

    def current_row(self) -> int | None:
        row = self.list.currentRow()
        return row if row >= 0 else None

    def row_text(self, row: int) -> str:
        return self.list.item(row).text()

    def row_rect(self, row: int):
        """Where a row is drawn in the list's viewport (for clicking it)."""
        return self.list.visualItemRect(self.list.item(row))

"""RelationPanel: the open article's relations beside the text, and the relation being drawn.

Each row reads "TYPE:  HEAD “text” → TAIL “text”" in the type's colour, wrapped to the panel's
width when the panel is narrow, its tooltip the whole text of both ends; choosing a row shows
both ends (the head selected, both named in the hint). While a relation is being drawn the hint
says what to do and which type keys fit the span selected now.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.plain_text import tooltip
from annotator.relation_editing import RelationEditor

SNIPPET = 22


class RelationPanel(QWidget):
    """Selecting a row chooses the relation; Delete and the type keys act on it (see window)."""

    relation_chosen = Signal()

    def __init__(self, editor: RelationEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        schema = editor.project.schema
        self._colours = {spec.name: QColor(spec.colour) for spec in schema.relations or []}
        self._hotkeys = {spec.name: spec.hotkey for spec in schema.relations or []}
        self.title = QLabel("Relations")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget()
        self.list.setAccessibleName("Relations")
        self.list.setWordWrap(True)  # a narrow panel wraps a row rather than cut it off
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        self.list.currentRowChanged.connect(self._row_chosen)
        editor.events.relations.connect(self._on_relations_change)
        editor.events.draft.connect(self._on_draft_change)
        editor.events.chosen.connect(self._on_chosen_change)
        self._on_relations_change()
        self._on_draft_change()

    def _on_relations_change(self) -> None:
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for relation in self.editor.relations:
                head = self.editor.describe(relation.head, SNIPPET)
                tail = self.editor.describe(relation.tail, SNIPPET)
                item = QListWidgetItem(f"{relation.label}:  {head} → {tail}")
                whole_head = self.editor.describe(relation.head, limit=None)
                whole_tail = self.editor.describe(relation.tail, limit=None)
                item.setToolTip(tooltip(f"{relation.label}: {whole_head} → {whole_tail}"))
                item.setForeground(QBrush(self._colours.get(relation.label, QColor("black"))))
                item.setData(Qt.ItemDataRole.UserRole, relation.key)
                self.list.addItem(item)
        finally:
            self.list.blockSignals(False)
        self.title.setText(f"Relations ({len(self.editor.relations)})")
        self._on_chosen_change()

    def _row_chosen(self, row: int) -> None:
        relations = self.editor.relations
        self.editor.choose(relations[row] if 0 <= row < len(relations) else None)
        self.relation_chosen.emit()

    def _on_chosen_change(self) -> None:
        chosen = self.editor.chosen
        keys = [r.key for r in self.editor.relations]
        row = keys.index(chosen.key) if chosen is not None and chosen.key in keys else -1
        self.list.blockSignals(True)
        try:
            self.list.setCurrentRow(row)
        finally:
            self.list.blockSignals(False)
        if chosen is not None and self.editor.draft is None:
            keys_text = ", ".join(f"{key.upper()} {name}" for name, key in self._hotkeys.items())
            self.hint.setText(
                f"{chosen.label}: {self.editor.describe(chosen.head)} → "
                f"{self.editor.describe(chosen.tail)}. Retype: {keys_text}. Delete: Del."
            )
        elif self.editor.draft is None:
            self.hint.setText("Select a span and press R to draw a relation from it.")

    def _on_draft_change(self) -> None:
        draft = self.editor.draft
        if draft is None:
            self._on_chosen_change()
            return
        other = self.editor.other_end()
        if other is None:
            self.hint.setText(
                f"Relation from {self.editor.describe(draft)}: click or Tab to the other span."
                " Esc cancels."
            )
            return
        fitting = self.editor.types_now()
        choices = ", ".join(f"{s.hotkey.upper()} {s.name}" for s in fitting) or "none fits"
        self.hint.setText(
            f"{self.editor.describe(draft)} … {self.editor.describe(other)}: press {choices}."
            " Esc cancels."
        )

"""LabelBar: one button per label, in its colour, with its hotkey."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from annotator.gui.plain_text import tooltip
from annotator.schema import LabelSchema


class LabelBar(QWidget):
    """Clicking a button labels the selection (or relabels the selected span)."""

    label_chosen = Signal(str)

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(QLabel("Label:"))
        self.buttons: dict[str, QPushButton] = {}
        for label in schema.labels:
            button = QPushButton(f"{label.hotkey}  {label.name}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(tooltip(f"{label.description}\nHotkey: {label.hotkey}"))
            border = QColor(label.colour).darker(150).name()
            button.setStyleSheet(
                f"QPushButton {{ background: {label.colour}; color: #111; border: 1px solid"
                f" {border}; border-radius: 4px; padding: 4px 12px; font-weight: bold; }}"
                f"QPushButton:pressed {{ background: {border}; }}"
            )
            button.clicked.connect(lambda _=False, name=label.name: self.label_chosen.emit(name))
            layout.addWidget(button)
            self.buttons[label.name] = button
        layout.addStretch(1)

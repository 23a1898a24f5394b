"""AttributeForm: the selected span's attributes, as a form generated from the label schema."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStackedLayout,
    QWidget,
)

from annotator.schema import AttributeSpec, LabelSchema
from annotator.session import AnnotationSession

UNSET = "—"
SPIN_MAXIMUM = 1_000_000


class AttributeForm(QWidget):
    """Choices are combo boxes, integers spin boxes (blank below the minimum), text line edits.

    Every change emits `attrs_edited(span_id, attrs)` at once; the window saves it.
    """

    attrs_edited = Signal(int, dict)

    def __init__(
        self, session: AnnotationSession, schema: LabelSchema, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.schema = session, schema
        self.pages = QStackedLayout(self)
        self.pages.addWidget(QLabel("Select a span to edit its attributes."))
        self._page_of: dict[str, tuple[QWidget, dict[str, QWidget]]] = {}
        self.editors: dict[str, QWidget] = {}
        self._shown: tuple[int, str] | None = None
        self._filling = False
        session.events.selection.connect(self._on_selection_change)
        session.events.spans.connect(self._on_selection_change)
        self._on_selection_change()

    def _on_selection_change(self) -> None:
        span_id = self.session.selected_span
        span = self.session.span(span_id) if span_id is not None else None
        key = (span.id, span.label) if span else None
        if key != self._shown:
            self._rebuild(span.label if span else None)
            self._shown = key
        if span is not None:
            self._fill(span.attrs)

    def _rebuild(self, label_name: str | None) -> None:
        """Show the page of a label's editors (made once per label, then reused)."""
        if label_name is None:
            self.editors = {}
            self.pages.setCurrentIndex(0)
            return
        if label_name not in self._page_of:
            self._page_of[label_name] = self._page(label_name)
        page, self.editors = self._page_of[label_name]
        self.pages.setCurrentWidget(page)

    def _page(self, label_name: str) -> tuple[QWidget, dict[str, QWidget]]:
        label = self.schema.label(label_name)
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(QLabel(f"<b>{label.name}</b> attributes"))
        editors = {}
        for spec in label.attributes:
            editor = self._editor(spec)
            editor.setToolTip(spec.description)
            editors[spec.name] = editor
            form.addRow(spec.name.replace("_", " "), editor)
        self.pages.addWidget(page)
        return page, editors

    def _editor(self, spec: AttributeSpec) -> QWidget:
        if spec.type == "choice":
            editor = QComboBox()
            editor.addItems([UNSET, *(spec.choices or [])])
            editor.currentIndexChanged.connect(self._edited)
        elif spec.type == "integer":
            editor = QSpinBox()
            editor.setRange((spec.minimum or 0) - 1, spec.maximum or SPIN_MAXIMUM)
            editor.setSpecialValueText(UNSET)
            editor.valueChanged.connect(self._edited)
        elif spec.type == "boolean":
            editor = QCheckBox()
            editor.toggled.connect(self._edited)
        else:
            editor = QLineEdit()
            editor.editingFinished.connect(self._edited)
        return editor

    def _fill(self, attrs: dict[str, Any]) -> None:
        self._filling = True
        try:
            for name, editor in self.editors.items():
                value = attrs.get(name)
                if isinstance(editor, QComboBox):
                    editor.setCurrentIndex(max(editor.findText(value or UNSET), 0))
                elif isinstance(editor, QSpinBox):
                    editor.setValue(editor.minimum() if value is None else value)
                elif isinstance(editor, QCheckBox):
                    editor.setChecked(bool(value))
                else:
                    editor.setText(value or "")
        finally:
            self._filling = False

    def values(self) -> dict[str, Any]:
        """The attributes as the form shows them; blank ones are left out."""
        values: dict[str, Any] = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                value = editor.currentText() if editor.currentIndex() > 0 else None
            elif isinstance(editor, QSpinBox):
                value = editor.value() if editor.value() > editor.minimum() else None
            elif isinstance(editor, QCheckBox):
                value = editor.isChecked()
            else:
                value = editor.text() or None
            if value is not None:
                values[name] = value
        return values

    def _edited(self, *_: object) -> None:
        if self._filling or self._shown is None:
            return
        values = self.values()
        span = self.session.span(self._shown[0])
        if span is not None and values != span.attrs:
            self.attrs_edited.emit(span.id, values)

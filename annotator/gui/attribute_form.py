"""AttributeForm: the selected span's attributes, as a form generated from the label schema."""

from __future__ import annotations

from functools import partial
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

from annotator.gui.plain_text import tooltip
from annotator.schema import AttributeSpec, LabelSchema, shown
from annotator.session import AnnotationSession

UNSET = "—"


class AttributeForm(QWidget):
    """Choices are combo boxes, integers spin boxes (blank below the minimum), text line edits.

    Every change emits `attrs_edited(span_id, attrs)` at once; the window saves it. The attrs
    are the span's stored ones with only the edited attribute changed: a value the form cannot
    show (a stored count outside the schema's range) is written back as it was, never clamped.
    """

    attrs_edited = Signal(int, object)  # object: a dict would go through Qt, losing big ints

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
            editor = self._editor(spec, partial(self._edited, spec.name))
            editor.setToolTip(tooltip(spec.description))
            editors[spec.name] = editor
            form.addRow(spec.name.replace("_", " "), editor)
        self.pages.addWidget(page)
        return page, editors

    def _editor(self, spec: AttributeSpec, edited: partial) -> QWidget:
        if spec.type == "choice":
            editor = QComboBox()
            editor.addItems([UNSET, *(spec.choices or [])])
            editor.currentIndexChanged.connect(edited)
        elif spec.type == "integer":
            editor = QSpinBox()
            editor.setRange(spec.minimum - 1, spec.maximum)  # the schema keeps both in int32
            editor.setSpecialValueText(UNSET)
            editor.valueChanged.connect(edited)
        elif spec.type == "boolean":
            editor = QCheckBox()
            editor.toggled.connect(edited)
        else:
            editor = QLineEdit()
            editor.editingFinished.connect(edited)
        return editor

    def _fill(self, attrs: dict[str, Any]) -> None:
        self._filling = True
        try:
            for name, editor in self.editors.items():
                value = attrs.get(name)
                if isinstance(editor, QComboBox):
                    editor.setCurrentIndex(max(editor.findText(value or UNSET), 0))
                elif isinstance(editor, QSpinBox):
                    _fill_number(editor, value)
                elif isinstance(editor, QCheckBox):
                    editor.setChecked(bool(value))
                else:
                    editor.setText(value or "")
        finally:
            self._filling = False

    def values(self) -> dict[str, Any]:
        """The attributes as the form shows them; blank ones are left out."""
        values = {name: _value(editor) for name, editor in self.editors.items()}
        return {name: value for name, value in values.items() if value is not None}

    def _edited(self, name: str, *_: object) -> None:
        """Save the span's stored attributes with attribute `name` as its editor now shows it."""
        if self._filling or self._shown is None:
            return
        span = self.session.span(self._shown[0])
        if span is None:
            return
        editor = self.editors[name]
        if isinstance(editor, QSpinBox):
            editor.setSpecialValueText(UNSET)
        attrs = {key: value for key, value in span.attrs.items() if key != name}
        value = _value(editor)
        if value is not None:
            attrs[name] = value
        if attrs != span.attrs:
            self.attrs_edited.emit(span.id, attrs)
        stored = self.session.span(span.id)
        if stored is not None and stored.attrs != attrs:  # refused: show what is stored
            self._fill(stored.attrs)


def _value(editor: QWidget) -> Any:
    """The value an editor shows; None when it is blank."""
    if isinstance(editor, QComboBox):
        return editor.currentText() if editor.currentIndex() > 0 else None
    if isinstance(editor, QSpinBox):
        return editor.value() if editor.value() > editor.minimum() else None
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    return editor.text() or None


def _fill_number(editor: QSpinBox, value: Any) -> None:
    """Show `value`; one the spin box cannot hold is written as its blank text, unchanged."""
    fits = isinstance(value, int) and editor.minimum() < value <= editor.maximum()
    editor.setSpecialValueText(UNSET if value is None or fits else f"{shown(value)} (out of range)")
    editor.setValue(value if fits else editor.minimum())

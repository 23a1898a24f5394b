"""GuidelinesPanel: the schema's label descriptions and guideline text, beside the article (F2)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QTextBrowser, QWidget

from annotator.schema import LabelSchema


def guidelines_markdown(schema: LabelSchema) -> str:
    """Each label with its hotkey, description and attributes, then the schema's guidelines."""
    parts = [f"## {schema.name}", schema.description] if schema.description else []
    for label in schema.labels:
        parts.append(f"**{label.hotkey}  {label.name}**: {label.description or '(no description)'}")
        parts += [
            f"- *{attribute.name}*: {attribute.description or attribute.type}"
            for attribute in label.attributes
        ]
    if schema.guidelines:
        parts.append(schema.guidelines)
    return "\n\n".join(parts)


class GuidelinesPanel(QDockWidget):
    """A dock on the right that F2 shows and hides."""

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__("Guidelines", parent)
        self.setObjectName("guidelines")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setMarkdown(guidelines_markdown(schema))
        self.setWidget(self.browser)
        self.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )

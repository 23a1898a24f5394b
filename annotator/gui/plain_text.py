"""Text from files (titles, labels, annotator names, error reasons) shown as written, never as HTML.

Qt renders a tooltip, a message box or a label as HTML whenever the text looks like HTML
(`Qt.mightBeRichText`), links included; an article titled `<a href=...>` must show those
characters, not a link.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def tooltip(text: str) -> str:
    """`text` as a tooltip shows it literally: escaped HTML keeping its spaces and line breaks."""
    return f"<p style='white-space:pre'>{html.escape(text, quote=False)}</p>"


def literal_ampersands(text: str) -> str:
    """`text` for a button or a menu item, where Qt takes `&x` as a shortcut key (Alt+X) and
    hides the `&`: a name like "R&D team" shows as written."""
    return text.replace("&", "&&")


def message_box(
    icon: QMessageBox.Icon, title: str, text: str, parent: QWidget | None = None
) -> QMessageBox:
    """A message box showing `text` as plain text (not yet shown: call open or exec)."""
    box = QMessageBox(icon, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    """Like QMessageBox.critical, with `text` as plain text."""
    message_box(QMessageBox.Icon.Critical, title, text, parent).exec()

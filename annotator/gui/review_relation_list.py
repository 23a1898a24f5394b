"""ReviewRelationList: each annotator's relations of the document under review, beside gold's,
with the button that accepts the chosen one into gold; and its undo command."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from annotator.gui.plain_text import tooltip
from annotator.gui.review_commands import _ReviewCommand
from annotator.review_relations import (
    AcceptedRelation,
    RelationVersion,
    redo_accept_relation,
    undo_accept_relation,
)
from annotator.store import Project


def describe_version(version: RelationVersion, text: str) -> str:
    (hs, he, hl), (ts, te, tl), label = version.key
    who = ", ".join(version.annotators) or "gold only"
    gold = "  ✔ gold" if version.in_gold else ""
    return f"{hl} “{text[hs:he]}” —{label}→ {tl} “{text[ts:te]}”  ({who}){gold}"


class ReviewRelationList(QGroupBox):
    """Choose a relation and press Accept (Ctrl+G): the first annotator who drew it is copied."""

    accept_requested = Signal(str, object)

    def __init__(self) -> None:
        super().__init__("Relations")
        self.versions: list[RelationVersion] = []
        self.list = QListWidget()
        self.list.setAccessibleName("Relations under review")
        self.list.setWordWrap(True)  # a narrow list wraps a row rather than cut it off
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.accept = QPushButton("Accept relation into gold (Ctrl+G)")
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.accept)
        self.accept.clicked.connect(self.accept_chosen)

    def show_versions(self, versions: list[RelationVersion], text: str) -> None:
        row = self.list.currentRow()
        self.versions = versions
        self.list.clear()
        for version in versions:
            item = QListWidgetItem(describe_version(version, text))
            item.setToolTip(tooltip(item.text()))
            item.setData(Qt.ItemDataRole.UserRole, version.key)
            self.list.addItem(item)
        self.setTitle(f"Relations ({len(versions)})")
        if versions:
            self.list.setCurrentRow(min(max(row, 0), len(versions) - 1))

    def accept_chosen(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.versions) and self.versions[row].annotators:
            version = self.versions[row]
            self.accept_requested.emit(version.annotators[0], version)


class AcceptRelationCommand(_ReviewCommand):
    """A relation accepted into gold (already done when pushed); undo takes it back."""

    def __init__(
        self,
        project: Project,
        reviewer: str,
        accepted: AcceptedRelation,
        changed: Callable[[int], None],
    ) -> None:
        document = accepted.relation.head.document
        super().__init__(
            project, reviewer, document, changed, f"accept relation {accepted.relation.label}"
        )
        self.accepted = accepted

    def apply(self) -> None:
        redo_accept_relation(self.project, self.accepted, reviewer=self.reviewer)

    def revert(self) -> None:
        undo_accept_relation(self.project, self.accepted, reviewer=self.reviewer)

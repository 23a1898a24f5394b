"""OpenDialog: open an existing project, create a new one, or pick a recent one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.gui.app import recent_projects
from annotator.gui.plain_text import show_error
from annotator.store import Project

FILTER = "Annotator projects (*.db);;All files (*)"


class OpenDialog(QDialog):
    """Accepted with `chosen` set to the project to open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open a project — annotator")
        self.chosen: Path | None = None
        self.recent = QListWidget()
        for path in recent_projects():
            item = QListWidgetItem(f"{path.name}    {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.recent.addItem(item)
        self.recent.itemActivated.connect(self._recent_chosen)
        open_button = QPushButton("Open…")
        open_button.clicked.connect(self._open)
        create_button = QPushButton("Create…")
        create_button.clicked.connect(self._create)
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        buttons.addWidget(create_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Recent projects (double-click to open):"))
        layout.addWidget(self.recent)
        layout.addLayout(buttons)
        self.resize(560, 360)

    def _recent_chosen(self, item: QListWidgetItem) -> None:
        self._choose(Path(item.data(Qt.ItemDataRole.UserRole)))

    def _open(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open project", "", FILTER)
        if name:
            self._choose(Path(name))

    def _create(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Create project", "project.db", FILTER)
        if not name:
            return
        try:
            Project.create(name).close()
        except AnnotatorError as error:
            show_error(self, "Cannot create the project", str(error))
            return
        self._choose(Path(name))

    def _choose(self, path: Path) -> None:
        self.chosen = path
        self.accept()
